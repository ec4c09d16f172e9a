"""How the workflows are doing: counts by state, pending, stuck, oldest pending."""
from __future__ import annotations

import json

from django.core.management.base import BaseCommand

from agents.orchestrator.status import workflows_summary


class Command(BaseCommand):
    help = "Workflow counts by state, pending and stuck ones, and the age of the oldest pending."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="one JSON object for scripts")

    def handle(self, *args, **options):
        summary = workflows_summary()
        if options["json"]:
            self.stdout.write(json.dumps(summary))
            return
        width = max(len(state) for state in summary["by_state"])
        for state, count in summary["by_state"].items():
            if count:
                self.stdout.write(f"{state:<{width}}  {count:>7}")
        self.stdout.write("-" * (width + 9))
        self.stdout.write(f"{'pending':<{width}}  {summary['pending']:>7}")
        self.stdout.write(f"{'stuck':<{width}}  {summary['stuck']:>7}")
        oldest = summary["oldest_pending_seconds"]
        self.stdout.write(f"oldest pending: {'-' if oldest is None else f'{oldest:g} s'}")
