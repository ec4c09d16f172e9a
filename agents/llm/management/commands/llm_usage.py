import json

from django.core.management.base import BaseCommand

from agents.llm.services import llm_usage_totals


class Command(BaseCommand):
    help = "LLM calls, tokens and cost by agent and by outcome over the last N days."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=1, help="How many days back (default 1).")
        parser.add_argument("--json", action="store_true", help="Print JSON instead of a table.")

    def handle(self, *args, days: int, json: bool, **options):
        totals = llm_usage_totals(days=max(1, days))
        if json:
            self.stdout.write(_dumps(totals))
            return
        total = totals["total"]
        self.stdout.write(
            f"LLM usage, last {totals['days']} day(s): {total['calls']} calls, "
            f"{total['prompt_tokens']} prompt + {total['completion_tokens']} completion tokens, "
            f"{total['cost_usd']} USD"
        )
        for group in ("agent", "outcome"):
            self.stdout.write(f"\nBy {group}:")
            self.stdout.write(
                f"  {group:<14}{'calls':>8}{'prompt':>12}{'completion':>12}{'USD':>14}"
            )
            for row in totals[f"by_{group}"]:
                self.stdout.write(
                    f"  {row[group]:<14}{row['calls']:>8}{row['prompt_tokens']:>12}"
                    f"{row['completion_tokens']:>12}{row['cost_usd']:>14}"
                )
        if totals["workflows_over_budget"]:
            stopped = totals["workflows_over_budget"]
            self.stdout.write(f"\nWorkflows stopped by their budget: {stopped}")


def _dumps(data) -> str:
    return json.dumps(data, indent=2)
