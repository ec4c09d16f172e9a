"""An invoice emailed as a PDF attachment and dropped in the inbox folder as an .eml goes through
intake and validation like any other, and its case shows (page and API) who sent it, the subject,
the date and the Message-ID."""
from __future__ import annotations

import pytest

from procurement.cases.tokens import api_token_create
from procurement.demo import DOCUMENTS, render_invoice_pdf
from procurement.demo.seed import seed_demo
from procurement.models import Case
from procurement.sources.inbox import inbox_poll
from tests.intake_sources.conftest import drop
from tests.intake_sources.mails import make_mail

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _in_process_jobs(settings):
    settings.REDIS_URL = ""  # the embedded default: jobs run in this process after commit
    settings.LLM_PROVIDER = "rules"


def test_an_emailed_invoice_reaches_its_case_with_sender_and_subject(
    inbox, tmp_path, client, clerk
):
    seed_demo(pdf_dir=tmp_path / "demo")
    demo = next(d for d in DOCUMENTS if d.expected == "approved")
    drop(inbox, "mail-from-vendor.eml", make_mail(
        sender="Accounts Receivable <ar@vendor.example>",
        subject=f"Your invoice {demo.spec.invoice_number}",
        message_id="<e2e-1@vendor.example>",
        attachments=[(demo.file, render_invoice_pdf(demo.spec), "application/pdf")],
    ))

    inbox_poll()

    case = Case.objects.get(document__original_filename=demo.file)
    assert (case.state, case.invoice_number) == ("ready_to_pay", demo.spec.invoice_number)
    client.force_login(clerk)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "Emailed by <strong>Accounts Receivable</strong> &lt;ar@vendor.example&gt;" in page
    assert f"subject “Your invoice {demo.spec.invoice_number}”" in page
    assert "sent 30 Nov 2026 08:15" in page  # 09:15 +0100, shown in TIME_ZONE (UTC)
    assert "Message-ID &lt;e2e-1@vendor.example&gt;" in page
    token = api_token_create(user=clerk).raw
    answer = client.get(f"/api/cases/{case.pk}", HTTP_AUTHORIZATION=f"Bearer {token}").json()
    assert answer["email"] == {
        "sender": "ar@vendor.example", "sender_name": "Accounts Receivable",
        "subject": f"Your invoice {demo.spec.invoice_number}",
        "message_id": "<e2e-1@vendor.example>", "sent_at": "2026-11-30T08:15:00Z",
        "not_taken": [],
    }
