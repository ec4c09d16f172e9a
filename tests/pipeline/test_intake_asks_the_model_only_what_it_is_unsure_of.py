"""With an LLM configured, intake asks it only about the fields the layout rules were unsure of,
sending the page text and those field names, and never acts on an answer that does not validate.
"""
from __future__ import annotations

import io
import json

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from agents.llm.models import LlmCall
from agents.orchestrator.models import Workflow
from procurement.models import Invoice
from tests.fake_llm import Reply
from tests.pipeline.conftest import ingest

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _in_process_jobs(settings):
    settings.REDIS_URL = ""


@pytest.fixture
def unlabelled_number_pdf(tmp_path):
    """An invoice whose number is printed without any label the rules know."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    y = 800
    for text in ["Kestrel Facility Services Ltd", "12 Harbour Road, Leith",
                 "Window cleaning, March", "Our reference 7781-KQ", "2 March 2026",
                 "Amount due 120.00 GBP"]:
        pdf.drawString(60, y, text)
        y -= 22
    pdf.save()
    path = tmp_path / "kestrel.pdf"
    path.write_bytes(buffer.getvalue())
    return path


def _fields(reply: dict) -> Reply:
    return Reply.json({"fields": [reply], "lines": []})


def test_it_takes_the_models_reading_of_an_unsure_field(unlabelled_number_pdf, llm_settings,
                                                        fake_llm):
    fake_llm.script(_fields({"name": "invoice_number", "value": "7781-KQ", "confidence": 0.9}))

    ingest(unlabelled_number_pdf)

    invoice = Invoice.objects.get()
    assert invoice.invoice_number == "7781-KQ"
    assert invoice.extracted_by.startswith("rules+llm")
    assert invoice.confidence["invoice_number"] <= 0.8
    [request] = fake_llm.requests
    sent = json.dumps(request["messages"])
    assert "Our reference 7781-KQ" in sent and "invoice_number" in sent
    assert "tools" not in request  # no tool schemas, no history: the page and the question
    assert LlmCall.objects.get(agent="intake").task == "intake.read_fields"


def test_it_saves_nothing_from_an_answer_that_twice_fails_validation(unlabelled_number_pdf,
                                                                    llm_settings, fake_llm):
    not_asked = {"name": "iban", "value": "GB29NWBK60161331926819", "confidence": 0.99}
    fake_llm.script(_fields(not_asked), _fields(not_asked))

    code, [result] = ingest(unlabelled_number_pdf)

    assert result["state"] == "needs_human"
    assert "intake failed" in Workflow.objects.get(pk=result["workflow_id"]).reason
    assert not Invoice.objects.exists()
    assert LlmCall.objects.filter(agent="intake").count() == 2
