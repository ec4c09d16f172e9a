"""Take the unread messages of the IMAP mailbox once (the scheduler does this regularly)."""
from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from procurement.sources.imap import ImapError, imap_poll


class Command(BaseCommand):
    help = (
        "Store every unread message of IMAP_FOLDER on IMAP_HOST (its PDF and picture "
        "attachments, or its text), start their workflows, then mark it read."
    )

    def handle(self, *args, **options):
        if not settings.IMAP_HOST:
            raise CommandError("no mailbox: set IMAP_HOST, IMAP_USER and IMAP_PASSWORD")
        try:
            items = imap_poll()
        except (ImapError, OSError) as exc:
            raise CommandError(str(exc)) from exc
        for item in items:
            result = item.result
            message = f"email {result.message.pk}" if result.message else "unreadable email"
            documents = ", ".join(
                f"document {r.document.pk} {r.outcome}" for r in result.documents
            ) or "nothing new"
            detail = f" ({result.reason})" if result.reason else ""
            self.stdout.write(f"UID {item.uid}: {result.outcome} as {message}: {documents}{detail}")
        self.stdout.write(
            f"{len(items)} message(s) taken from {settings.IMAP_FOLDER} on {settings.IMAP_HOST}"
        )
