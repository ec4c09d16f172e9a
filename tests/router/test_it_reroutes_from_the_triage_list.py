"""The triage list (/triage/): a clerk re-routes a document or files it. Re-routing as an
invoice sends it to intake with the clerk's route; the action is role-checked and refused on a
page that is out of date (compare-and-set on the case version)."""
from __future__ import annotations

import pytest
from django.urls import reverse

from agents.orchestrator.models import Step, Workflow
from procurement.cases.actions import CaseChanged, NotAllowed, case_file, case_reroute
from procurement.ingestion import document_ingest
from procurement.models import Case, DocumentRoute, Invoice
from tests.router.conftest import text_pdf

# A statement-looking page that is in fact the vendor's invoice: the router sends it to triage.
STATEMENT_LIKE_INVOICE = text_pdf([
    "Brightline Office Supplies Ltd, 14 Canal Street, Manchester",
    "Statement of account and open items, balance brought forward",
    "Invoice number: BOS-23010        Invoice date: 28 March 2026",
    "Description                    Qty    Unit price    Amount",
    "Printer paper A4 box           5      22.00         110.00",
    "Subtotal 110.00   VAT 20% 22.00   Total 132.00 GBP",
], title="Statement")


@pytest.fixture
def triaged(embedded):
    result = document_ingest(content=STATEMENT_LIKE_INVOICE, filename="brightline.pdf",
                             source="cli")
    case = Case.objects.get(document=result.document)
    assert Workflow.objects.get(document=result.document).state == "triage"
    return case


def test_the_page_lists_route_scores_and_the_actions_for_clerks(triaged, client, clerk, approver):
    client.force_login(clerk)
    html = client.get(reverse("triage")).content.decode()
    assert "brightline.pdf" in html
    assert 'data-route="statement"' in html
    assert "Statement of account" in html
    assert "<button type=\"submit\">Re-route</button>" in html
    client.force_login(approver)
    html = client.get(reverse("triage")).content.decode()
    assert "brightline.pdf" in html and "<button type=\"submit\">Re-route" not in html


def test_a_clerk_reroutes_it_as_an_invoice_and_intake_reads_it(triaged, client, clerk):
    client.force_login(clerk)
    answer = client.post(
        reverse("triage_action", args=[triaged.pk, "reroute"]),
        {"route": "invoice", "reason": "it is their March invoice", "version": triaged.version},
        HTTP_HX_REQUEST="true",
    )
    assert "Re-routed as invoice: intake reads it now." in answer.content.decode()

    workflow = Workflow.objects.get(document=triaged.document)
    assert workflow.state not in ("triage", "received", "parsing")
    invoice = Invoice.objects.get(document=triaged.document)
    assert (invoice.kind, invoice.invoice_number) == ("invoice", "BOS-23010")
    routing = DocumentRoute.objects.get(document=triaged.document)
    assert (routing.route, routing.triage, routing.decided_by) == ("invoice", False, "carla.clerk")
    second = Step.objects.filter(workflow=workflow, agent="intake").order_by("pk").last()
    assert second.input["route"] == "invoice" and second.output["route"] == "invoice"
    assert "DocumentRerouted" in workflow.events.values_list("type", flat=True)


def test_another_route_keeps_it_on_the_list_and_filing_closes_it(triaged, clerk):
    case = case_reroute(case_id=triaged.pk, user=clerk, route="vendor_inquiry",
                        version=triaged.version)
    assert Workflow.objects.get(document=triaged.document).state == "triage"
    assert DocumentRoute.objects.get(document=triaged.document).route == "vendor_inquiry"
    assert case.state == "needs_clerk"
    assert "Re-routed by carla.clerk as vendor inquiry" in case.reason

    closed = case_file(case_id=triaged.pk, user=clerk, reason="answered by phone",
                       version=case.version)
    assert closed.state == "closed"
    assert Workflow.objects.get(document=triaged.document).state == "closed"


def test_it_refuses_a_stale_page_an_approver_and_an_unknown_route(triaged, clerk, approver):
    with pytest.raises(CaseChanged):
        case_reroute(case_id=triaged.pk, user=clerk, route="invoice",
                     version=triaged.version - 1)
    with pytest.raises(NotAllowed):
        case_reroute(case_id=triaged.pk, user=approver, route="invoice")
    with pytest.raises(Exception, match="is not a route"):
        case_reroute(case_id=triaged.pk, user=clerk, route="receipt")
    assert Workflow.objects.get(document=triaged.document).state == "triage"


def test_it_reroutes_over_the_api(triaged, client, clerk):
    from procurement.cases.tokens import api_token_create

    token = api_token_create(user=clerk, name="test")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token.raw}"}
    detail = client.get(f"/api/cases/{triaged.pk}", **headers).json()
    assert detail["route"]["route"] == "statement" and detail["route"]["triage"] is True
    answer = client.post(f"/api/cases/{triaged.pk}/file", {"reason": "a duplicate statement"},
                         content_type="application/json", **headers)
    assert answer.status_code == 200, answer.content
    assert answer.json()["state"] == "closed"


def test_the_case_page_says_what_it_was_routed_as_and_offers_the_same_actions(triaged, client,
                                                                              clerk):
    client.force_login(clerk)
    html = client.get(reverse("cases:detail", args=[triaged.pk])).content.decode()
    assert "Routed as statement of account" in html
    assert "A clerk re-routes it or files it (triage list)." in html
    assert reverse("cases:action", args=[triaged.pk, "reroute"]) in html
    client.post(reverse("cases:action", args=[triaged.pk, "file"]),
                {"reason": "checked", "version": triaged.version})
    assert Case.objects.get(pk=triaged.pk).state == "closed"
