"""`manage.py outbox_sweep`: one pass of the outbox relay's sweep, for embedded mode (no
scheduler there) or an operator: re-sends what is due, expires old drafts, prints a JSON line."""
from __future__ import annotations

import json

from django.core.management.base import BaseCommand

from approvals.outbox import outbox_sweep


class Command(BaseCommand):
    help = "Hand due approved emails to the outbox relay and expire drafts nobody decided."

    def handle(self, *args, **options) -> None:
        self.stdout.write(json.dumps(outbox_sweep()))
