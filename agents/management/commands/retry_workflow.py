"""Resume a needs_human (or budget_exceeded) workflow from its failed step."""
from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from agents.orchestrator.models import Workflow
from agents.orchestrator.services import workflow_retry
from agents.orchestrator.states import IllegalTransition


class Command(BaseCommand):
    help = "Retry a needs_human or budget_exceeded workflow from its failed step."

    def add_arguments(self, parser):
        parser.add_argument("workflow_id", type=int)

    def handle(self, *args, workflow_id: int, **options):
        try:
            step = workflow_retry(workflow_id=workflow_id, by="manage.py retry_workflow")
        except Workflow.DoesNotExist:
            raise CommandError(f"no workflow {workflow_id}") from None
        except IllegalTransition as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"workflow {workflow_id}: {step.agent} step queued again")
