"""`manage.py extract_invoice FILE.pdf [FILE.pdf ...]`: read invoices, print JSON, touch no rows.

One JSON object per file, one per line. For a bad file, a one-line reason goes to stderr (and,
among several files, `{"path", "error"}` to stdout); the others are still read; exit code 2.
Each file is parsed in the same sandbox the intake agent uses, so a hostile PDF cannot hang or
crash the command.
"""
from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandParser

from agents.errors import AgentError
from agents.intake.extraction import ExtractionError
from agents.intake.sandbox import parse_pdf_safely


class Command(BaseCommand):
    help = "Extract invoice fields from PDF files and print one JSON object per file."
    requires_migrations_checks = False
    requires_system_checks = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("files", nargs="+", metavar="FILE.pdf")

    def handle(self, *args, files: list[str], **options) -> None:
        several = len(files) > 1
        failed = False
        for name in files:
            try:
                result = parse_pdf_safely(_read(name)).to_cli_dict()
            except (OSError, ExtractionError, AgentError) as exc:
                failed = True
                reason = getattr(exc, "reason", None) or _os_reason(exc)
                self.stderr.write(f"{name}: {reason}")
                if several:
                    self.stdout.write(json.dumps({"path": name, "error": reason}))
                continue
            if several:
                result = {"path": name, **result}
            self.stdout.write(json.dumps(result, ensure_ascii=False))
        if failed:
            raise SystemExit(2)


def _read(name: str) -> bytes:
    return Path(name).read_bytes()


def _os_reason(exc: BaseException) -> str:
    if isinstance(exc, FileNotFoundError):
        return "The file does not exist"
    if isinstance(exc, IsADirectoryError):
        return "This is a folder, not a file"
    if isinstance(exc, PermissionError):
        return "The file cannot be read (permission denied)"
    return f"The file cannot be read ({exc.__class__.__name__})"
