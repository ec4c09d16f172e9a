"""The kill switch for one workflow: no further step runs."""
from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from agents.orchestrator.models import Workflow
from agents.orchestrator.services import workflow_cancel
from agents.orchestrator.states import IllegalTransition


class Command(BaseCommand):
    help = "Cancel a workflow; a step running right now has its result discarded."

    def add_arguments(self, parser):
        parser.add_argument("workflow_id", type=int)
        parser.add_argument("--reason", default="Cancelled by an operator")

    def handle(self, *args, workflow_id: int, reason: str, **options):
        try:
            workflow_cancel(workflow_id=workflow_id, reason=reason, by="manage.py cancel_workflow")
        except Workflow.DoesNotExist:
            raise CommandError(f"no workflow {workflow_id}") from None
        except IllegalTransition as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"workflow {workflow_id} cancelled")
