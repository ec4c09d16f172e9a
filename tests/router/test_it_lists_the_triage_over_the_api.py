"""A clerk's triage over the API: GET /api/cases/triage lists what /triage/ shows (route,
scores, the mail's sender and subject), and each is filed or re-routed by its case's actions."""
from __future__ import annotations

from procurement.cases.tokens import api_token_create
from procurement.models import Case
from procurement.sources.inbox import inbox_poll
from tests.intake_sources.conftest import drop
from tests.router.test_it_routes_a_mail_without_attachments_to_triage import REMINDER


def test_a_clerk_lists_and_files_the_triage_over_the_api(embedded, inbox, client, clerk):
    drop(inbox, "reminder.eml", REMINDER)
    inbox_poll()
    case = Case.objects.get()
    auth = {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=clerk).raw}"}

    listed = client.get("/api/cases/triage", **auth).json()

    assert [(row["id"], row["version"]) for row in listed] == [(case.pk, case.version)]
    assert listed[0]["route"]["route"] == "vendor_inquiry" and listed[0]["route"]["triage"]
    assert listed[0]["email"]["subject"] == "Payment reminder: invoice INV-1001 is overdue"
    assert listed[0]["email"]["sender"] == "billing@acme.example"

    filed = client.post(f"/api/cases/{case.pk}/file",
                        {"reason": "a reminder; paid already", "version": listed[0]["version"]},
                        content_type="application/json", **auth)

    assert filed.status_code == 200 and filed.json()["state"] == "closed"
    assert client.get("/api/cases/triage", **auth).json() == []
