"""The login forms of the app and of the admin, with throttling (accounts.services)."""
from __future__ import annotations

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm

from accounts.services import login_failure_record, login_failures_clear, login_throttle_wait


class ThrottledLoginMixin:
    throttled_message = ""

    def clean(self):
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if not (username and password):
            return super().clean()
        address = self.request.META.get("REMOTE_ADDR") if self.request else None
        wait = login_throttle_wait(username=username, address=address)
        if wait:
            # Checked before the password, so a locked account's right password does not help.
            self.throttled_message = (
                "Too many failed sign-ins for this account or from this address. "
                f"Try again in {wait} minute{'s' if wait != 1 else ''}, or ask an AP admin."
            )
            raise forms.ValidationError(self.throttled_message, code="throttled")
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            login_failure_record(username=username, address=address)
            raise
        login_failures_clear(username=username)
        return cleaned


class ThrottledAuthenticationForm(ThrottledLoginMixin, AuthenticationForm):
    pass


class ThrottledAdminAuthenticationForm(ThrottledLoginMixin, AdminAuthenticationForm):
    pass
