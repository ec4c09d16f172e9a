"""Every demo invoice, from PDF to its settled state, through intake, validation and exception
with the offline rules provider: matches go straight through, each kind of discrepancy is held for
a clerk, and a clerk's request drafts the vendor email (or stops for a person, when there is
nobody to write to).
"""
from __future__ import annotations

import pytest

from approvals.models import OutboundEmail
from procurement.models import Invoice
from tests.pipeline.conftest import drafts_an_email, ingest, request_email

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _in_process_jobs(settings):
    settings.REDIS_URL = ""  # the embedded default: jobs run in this process after commit
    settings.LLM_PROVIDER = "rules"


def test_it_settles_every_demo_invoice_as_the_manifest_expects(demo_pdfs):
    pdf_dir, manifest = demo_pdfs

    code, results = ingest(*sorted(pdf_dir.glob("*.pdf")))

    assert code == 0, results
    by_file = {r["path"].rsplit("/", 1)[-1]: r for r in results}
    for name, entry in manifest.items():
        result = by_file[name]
        expected_states = (
            {"approved"} if entry["expected"] == "approved"
            else {"exception", "needs_human"}
        )
        assert result["state"] in expected_states, (name, result)
        # exactly the kinds the manifest names: a finding too many is as wrong as one missing
        assert result["exceptions"] == sorted(entry["discrepancies"]), (name, result)


def test_it_drafts_an_email_for_each_exception_a_clerk_asks_about(demo_pdfs):
    pdf_dir, manifest = demo_pdfs
    ingest(*sorted(pdf_dir.glob("*.pdf")))
    assert not OutboundEmail.objects.exists()  # nothing is drafted before a clerk asks

    for entry in manifest.values():
        if drafts_an_email(entry):
            request_email(entry["file"])
    assert {e.invoice.document.original_filename for e in OutboundEmail.objects.all()} == {
        name for name, entry in manifest.items() if drafts_an_email(entry)}

    for entry in manifest.values():
        invoice = Invoice.objects.get(document__original_filename=entry["file"])
        emails = list(OutboundEmail.objects.filter(invoice=invoice))
        if entry["expected"] == "approved":
            assert emails == [] and invoice.status == Invoice.Status.MATCHED, entry["file"]
        elif drafts_an_email(entry):
            [email] = emails
            # Composed by code from the facts: every guardrail passes, nothing is blocked.
            assert email.state == OutboundEmail.State.AWAITING_APPROVAL, (
                entry["file"], email.blocking_verdicts,
            )
            # What is meant for our own staff never reaches the vendor.
            assert "by phone before paying" not in email.body, entry["file"]
            assert "invoice record" not in email.body, entry["file"]
            if invoice.vendor.iban:
                assert invoice.vendor.iban not in email.body.replace(" ", ""), entry["file"]
            assert invoice.invoice_number in email.subject + email.body
            assert email.signed_by is not None
            assert email.to_email.split("@")[1] in invoice.vendor.email_domains


def test_it_processes_a_resent_file_once(demo_pdfs):
    pdf_dir, _ = demo_pdfs
    first = sorted(pdf_dir.glob("*.pdf"))[0]

    ingest(first)
    code, [again] = ingest(first)

    assert code == 0
    assert again["duplicate_of"] == again["document_id"]
    assert Invoice.objects.filter(document_id=again["document_id"]).count() == 1
