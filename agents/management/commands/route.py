"""`manage.py route FILE...`: which route each file takes, one JSON line per file.

    {"path": "...", "route": "invoice", "scores": {"invoice": 0.41, ...}, "triage": false}

PDFs and pictures are read in the intake sandbox (OCR where needed), `.eml` files on their first
PDF or picture attachment or else their subject and text, anything else as plain text. Uses the
shipped examples only and touches no database rows. A file that cannot be read gets
`{"path", "error"}` and a line on stderr; the others are still routed; exit code 2.
"""
from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandParser

from agents.errors import AgentError
from agents.router import decide
from agents.router.reading import text_of


class Command(BaseCommand):
    help = "Route files (PDF, image, .eml or text) and print one JSON line per file."
    requires_migrations_checks = False
    requires_system_checks = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", metavar="FILE")

    def handle(self, *args, files: list[str], **options) -> None:
        failed = False
        for name in files:
            try:
                text = text_of(Path(name).read_bytes(), name=name)
            except (OSError, AgentError) as exc:
                failed = True
                reason = getattr(exc, "reason", None) or (
                    f"cannot be read ({exc.__class__.__name__})"
                )
                self.stderr.write(f"{name}: {reason}")
                self.stdout.write(json.dumps({"path": name, "error": reason}))
                continue
            self.stdout.write(json.dumps({"path": name, **decide(text).as_json()},
                                         ensure_ascii=False))
        if failed:
            raise SystemExit(2)
