"""Failed sign-ins, kept for the throttle window only (accounts.services)."""
from __future__ import annotations

from django.db import models
from django.utils import timezone


class LoginFailure(models.Model):
    """One wrong password (or unknown or inactive account), on any login page."""

    # Lower-cased, so that "Carla.Clerk" and "carla.clerk" count against the same account.
    username = models.CharField(max_length=150)
    address = models.GenericIPAddressField(null=True, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            # login_throttle_wait counts one account's recent failures
            models.Index(fields=["username", "at"], name="loginfailure_username_idx"),
            # ... and one address's recent failures
            models.Index(fields=["address", "at"], name="loginfailure_address_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.username} from {self.address} at {self.at:%Y-%m-%d %H:%M}"
