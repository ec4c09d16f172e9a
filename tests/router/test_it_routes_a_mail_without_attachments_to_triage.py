"""An email without attachments reaches the router as its text: a vendor's payment reminder
lands on the triage list with the mail's sender and subject; a clerk's re-routing of it, once
filed, becomes a labelled example for the router (through the librarian)."""
from __future__ import annotations

from django.urls import reverse

from agents.orchestrator.models import Workflow
from procurement.cases.actions import case_file, case_reroute
from procurement.models import Case, DocumentRoute, RouteExample
from procurement.sources.inbox import inbox_poll
from tests.intake_sources.conftest import drop
from tests.intake_sources.mails import make_mail

REMINDER = make_mail(
    subject="Payment reminder: invoice INV-1001 is overdue",
    text="Dear AP team,\n\nwe have not yet received payment for invoice INV-1001 of 12 March.\n"
         "Could you let us know when we can expect payment? If you have already paid, please "
         "disregard this reminder.\n\nAcme Billing",
    message_id="<reminder-7@acme.example>",
)


def test_a_reminder_by_mail_waits_on_the_triage_list_with_sender_and_subject(embedded, inbox,
                                                                              client, clerk):
    drop(inbox, "reminder.eml", REMINDER)

    inbox_poll()

    case = Case.objects.get()
    assert Workflow.objects.get(document=case.document).state == "triage"
    assert DocumentRoute.objects.get(document=case.document).route == "vendor_inquiry"
    assert case.state == "needs_clerk"
    client.force_login(clerk)
    html = client.get(reverse("triage")).content.decode()
    assert "Payment reminder: invoice INV-1001 is overdue" in html
    assert "Acme Billing &lt;billing@acme.example&gt;" in html
    assert 'data-route="vendor_inquiry"' in html


def test_a_clerks_rerouting_becomes_an_example_for_the_router(embedded, inbox, clerk):
    drop(inbox, "reminder.eml", REMINDER)
    inbox_poll()
    case = Case.objects.get()

    case = case_reroute(case_id=case.pk, user=clerk, route="other", reason="spam")
    case_file(case_id=case.pk, user=clerk, reason="nothing to do", version=case.version)

    example = RouteExample.objects.get()
    assert example.route == "other"
    assert "Payment reminder: invoice INV-1001 is overdue" in example.text
    assert example.source == f"case {case.pk}, re-routed by carla.clerk"
