"""Learning from corrections: the extractor cannot read this vendor's invoice number (printed
after the unusual label "Our sign"); a clerk keys it in once, the librarian keeps where it is
printed, and intake reads the vendor's next invoice right without anyone's help."""
from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from agents.tools.models import ToolCall
from memory.models import Fact
from procurement.cases.actions import case_accept_finding, case_correct_field
from procurement.models import Case, Finding, Vendor


def kestrel_invoice(number: str) -> bytes:
    """A plain invoice, but the number stands after "Our sign:", which no rule knows."""
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=1)
    rows = [
        (50, "Kestrel Fasteners Ltd", 14), (50, "12 Mill Lane, Leeds LS1 4AB", 10),
        (50, "VAT GB555666777", 10), (50, "INVOICE", 16), (50, "Customer ref: CUST-0042", 10),
        (50, f"Our sign: {number}", 10), (50, "Date: 12 March 2026", 10),
        (50, "Description          Qty     Unit     Amount", 10),
        (50, "Hex bolts M8          100     0.50      50.00", 10),
        (300, "Subtotal   50.00", 10), (300, "VAT 20%   10.00", 10), (300, "Total   60.00", 10),
    ]
    top = A4[1] - 60
    for x, text, size in rows:
        canvas.setFont("Helvetica", size)
        canvas.drawString(x, top, text)
        top -= 22
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


@pytest.fixture
def ingest(transactional_db, settings, tmp_path):
    settings.REDIS_URL = ""  # the embedded mode: each job runs in-process right after commit
    settings.LLM_PROVIDER = "rules"

    def run(name: str, number: str) -> Case:
        path = tmp_path / name
        path.write_bytes(kestrel_invoice(number))
        call_command("ingest", str(path), "--wait", "60", stdout=io.StringIO())
        return Case.objects.select_related("invoice").get(document__original_filename=name)

    return run


def test_the_second_invoice_is_read_right_after_one_correction(ingest, clerk):
    Vendor.objects.create(legal_name="Kestrel Fasteners Ltd", tax_id="GB555666777",
                          currency="GBP")
    first = ingest("kestrel-1.pdf", "KF-88231")
    assert first.state == "needs_clerk" and first.invoice.invoice_number == ""

    case_correct_field(case_id=first.pk, user=clerk, field="invoice_number", value="KF-88231",
                       reason="printed after 'Our sign'")
    for finding in Finding.objects.filter(invoice__case=first, accepted_at__isnull=True):
        case_accept_finding(case_id=first.pk, user=clerk, finding_id=finding.pk,
                            reason="no PO for small orders")
    first.refresh_from_db()
    assert first.state == "ready_to_pay"

    hint = Fact.objects.get(kind="layout_hint")
    assert (hint.subject, hint.value, hint.decided_by, hint.case_id) == (
        "invoice_number", "Our sign", clerk.username, first.pk)
    assert hint.text == "The invoice number is printed after the label \u201cOur sign\u201d."

    second = ingest("kestrel-2.pdf", "KF-88232")

    assert second.invoice.invoice_number == "KF-88232"
    assert second.invoice.total == Decimal("60.00")
    assert "unreadable" not in second.invoice.findings.values_list("kind", flat=True)
    consulted = ToolCall.objects.get(workflow__document=second.document, tool="memory.search")
    assert (consulted.agent, consulted.outcome) == ("intake", "ok")
    assert "Our sign" in consulted.result_summary  # the fact used, in the case's trail
    from procurement.cases.queries import case_story

    story = [entry.text for entry in case_story(workflow_id=second.document.workflow.pk)]
    assert ("The intake agent read the invoice using what clerks taught it: The invoice number "
            "is printed after the label \u201cOur sign\u201d.") in story
