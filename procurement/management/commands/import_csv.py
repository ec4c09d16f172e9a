"""`manage.py import_csv vendors|purchase_orders|receipts FILE`: the admin's CSV import, scripted.

Exit code 0 and a summary when the whole file was imported; exit code 1, the per-row report and
nothing imported when any row is wrong.
"""
from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from procurement.imports import KINDS, csv_import


class Command(BaseCommand):
    help = "Import vendors, purchase orders or goods receipts from a CSV file: all rows or none."

    def add_arguments(self, parser) -> None:
        parser.add_argument("kind", choices=KINDS, help="what the file holds")
        parser.add_argument("file", type=Path, help="the CSV file (UTF-8, `,` or `;`)")

    def handle(self, *args, kind: str, file: Path, **options) -> None:
        try:
            content = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"cannot read {file}: {exc.strerror}") from None
        report = csv_import(kind=kind, content=content)
        if not report.ok:
            for error in report.errors:
                self.stdout.write(str(error))
            raise CommandError(f"{file}: {report.summary()}")
        self.stdout.write(self.style.SUCCESS(report.summary()))
