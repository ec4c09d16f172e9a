import pytest
from django.urls import reverse

from agents.orchestrator.models import Workflow
from agents.orchestrator.states import State

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_shows_an_ap_admin_workflows_with_steps_and_events(client, ap_admin, start, in_process):
    workflow = start("disc.pdf")
    client.force_login(ap_admin)

    listing = client.get(
        reverse("admin:orchestrator_workflow_changelist"), {"state": "exception"}
    )
    page = client.get(reverse("admin:orchestrator_workflow_change", args=[workflow.pk]))

    assert listing.status_code == 200 and f">{workflow.pk}<" in listing.content.decode()
    assert page.status_code == 200
    assert "DiscrepancyFound" in page.content.decode() and "exception" in page.content.decode()


def test_it_lets_an_ap_admin_cancel_and_retry_from_the_admin(client, ap_admin, start, in_process):
    stopped = start("permanent.pdf")
    running = start("throttleonce.pdf")
    client.force_login(ap_admin)
    url = reverse("admin:orchestrator_workflow_changelist")

    client.post(url, {"action": "cancel_workflows", "_selected_action": [running.pk]})
    client.post(url, {"action": "retry_workflows", "_selected_action": [stopped.pk]})

    assert Workflow.objects.get(pk=running.pk).state == State.CANCELLED
    stopped = Workflow.objects.get(pk=stopped.pk)
    # the agent fails permanently again, but only after being retried from its step
    assert stopped.state == State.NEEDS_HUMAN
    assert stopped.events.filter(type="WorkflowRetried").count() == 1

