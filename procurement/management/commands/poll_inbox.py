"""Take the settled files of the inbox folder once (the scheduler does this every few seconds)."""
from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from procurement.sources.inbox import inbox_poll


class Command(BaseCommand):
    help = (
        "Store every settled file in INBOX_DIR, start its workflow, "
        "then move it to processed/ or rejected/."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dir", default=None, help="the inbox folder (default: INBOX_DIR)")
        parser.add_argument(
            "--settle", type=float, default=None, metavar="SECONDS",
            help="take only files unchanged for this long (default: INBOX_SETTLE_SECONDS)",
        )

    def handle(self, *args, dir: str | None, settle: float | None, **options):
        inbox = dir or settings.INBOX_DIR
        if not inbox:
            raise CommandError("no inbox folder: set INBOX_DIR or pass --dir")
        try:
            items = inbox_poll(inbox_dir=inbox, settle_seconds=settle)
        except FileNotFoundError as exc:
            raise CommandError(str(exc)) from exc
        for item in items:
            result = item.result
            detail = f" ({result.reason})" if result.reason else ""
            self.stdout.write(
                f"{item.path.name}: {result.outcome} as {_what(result)}{detail}"
                f" -> {item.moved_to or 'left in place'}"
            )
        self.stdout.write(f"{len(items)} file(s) taken from {inbox}")


def _what(result) -> str:
    """'document 7', or for an email 'email 3 (documents 7, 8)'."""
    documents = getattr(result, "documents", None)
    if documents is None:
        return f"document {result.document.pk}"
    ids = ", ".join(str(r.document.pk) for r in documents) or "none new"
    if result.message is None:
        return f"document {ids}"
    return f"email {result.message.pk} (documents {ids})"
