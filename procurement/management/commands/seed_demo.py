"""manage.py seed_demo [--pdf-dir DIR]: the demo world, and sample invoices to feed the pipeline."""
from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from procurement.demo import seed_demo


class Command(BaseCommand):
    help = (
        "Create the demo vendors, staff, purchase orders, goods receipts and (with DEBUG on) the "
        "demo logins, and write sample invoice PDFs with a manifest.json. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--pdf-dir",
            type=Path,
            default=settings.BASE_DIR / "demo_invoices",
            help="Where to write the invoice PDFs and manifest.json (default: demo_invoices/).",
        )

    def handle(self, *args, pdf_dir: Path, **options):
        report = seed_demo(pdf_dir=pdf_dir)
        for warning in report.warnings:
            self.stderr.write(self.style.WARNING(f"WARNING: {warning}"))
        created = ", ".join(f"{n} {model}" for model, n in sorted(report.created.items()))
        updated = ", ".join(f"{n} {model}" for model, n in sorted(report.updated.items()))
        self.stdout.write(f"Created: {created or 'nothing'}")
        self.stdout.write(f"Updated: {updated or 'nothing'}")
        self.stdout.write(
            f"Invoices in {report.pdf_dir}: {len(report.files_written)} written, "
            f"{len(report.files_unchanged)} unchanged"
        )
        if report.users:
            self.stdout.write(
                f"Demo logins: {', '.join(report.users)} (password from DEMO_PASSWORD)"
            )
        self.stdout.write(self.style.SUCCESS("Demo data is in place."))
