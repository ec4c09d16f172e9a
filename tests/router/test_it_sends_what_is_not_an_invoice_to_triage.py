"""In the pipeline: intake routes on the text it has just read. A statement never becomes an
invoice; it waits on the triage list, and its case waits for a clerk."""
from __future__ import annotations

from agents.orchestrator.models import Step, Workflow
from agents.orchestrator.services import workflow_start
from procurement.cases import case_sync
from procurement.ingestion import document_ingest
from procurement.models import Case, DocumentRoute, Invoice
from procurement.services import document_store
from tests.router.conftest import text_pdf

STATEMENT = text_pdf([
    "Nordwind Bürobedarf GmbH, Hafenstraße 21, 20457 Hamburg",
    "Kunde: Halvorsen Manufacturing GmbH",
    "Kontoauszug per 31.03.2026",
    "Datum        Beleg            Soll        Haben       Saldo",
    "01.03.2026   Saldovortrag                             0,00",
    "14.02.2026   RE-2026-0311     2.108,09                2.108,09",
    "02.03.2026   Zahlung                      2.108,09    0,00",
    "20.03.2026   RE-2026-0388     612,00                  612,00",
    "Offener Saldo: 612,00 EUR",
], title="Kontoauszug")


def test_a_statement_waits_on_the_triage_list_and_is_never_an_invoice(embedded):
    result = document_ingest(content=STATEMENT, filename="statement.pdf", source="cli")

    workflow = Workflow.objects.get(document=result.document)
    assert workflow.state == "triage"
    assert not Invoice.objects.exists()
    routing = DocumentRoute.objects.get(document=result.document)
    assert (routing.route, routing.triage, routing.decided_by) == ("statement", True, "intake")
    assert routing.scores["statement"] > routing.scores["invoice"]
    assert "Kontoauszug" in routing.text
    case = Case.objects.get(document=result.document)
    assert case.state == "needs_clerk"
    assert case.reason == ("Routed as statement of account, not an invoice. A clerk re-routes it "
                           "or files it (triage list).")
    step = Step.objects.get(workflow=workflow)
    assert step.output["outcome"] == "triaged"
    assert step.output["route_scores"] == routing.scores
    assert list(workflow.events.values_list("type", flat=True)) == [
        "DocumentReceived", "DocumentTriaged"]


def test_a_mail_without_attachments_is_routed_on_its_text(embedded):
    text = (
        "Subject: Zahlungserinnerung Rechnung RE-2026-0311\n\n"
        "Sehr geehrte Damen und Herren,\nleider konnten wir zu unserer Rechnung RE-2026-0311 "
        "noch keinen Zahlungseingang feststellen. Bis wann dürfen wir mit der Zahlung rechnen?\n"
    ).encode()
    # Email intake stores a mail without attachments as a text document (the upload, inbox and
    # S3 pre-flight turn text away).
    document = document_store(content=text, filename="mail.txt", source="inbox").document
    workflow_start(document=document)

    assert Workflow.objects.get(document=document).state == "triage"
    assert DocumentRoute.objects.get(document=document).route == "vendor_inquiry"
    assert case_sync(document_id=document.pk).state == "needs_clerk"
