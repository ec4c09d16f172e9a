"""Fixtures for the LLM gateway: the fake OpenAI-compatible server and a workflow to bill."""
from __future__ import annotations

import uuid
from decimal import Decimal

import pytest

from tests.fake_llm import FakeLLM

# Prices for the fake model: big enough that cost shows up in 6 decimals.
PRICE = (Decimal("10.00"), Decimal("30.00"))


@pytest.fixture
def fake_llm():
    server = FakeLLM().start()
    yield server
    server.stop()


@pytest.fixture
def llm_settings(settings, fake_llm):
    """The openai provider pointed at the fake server, under a model name of its own.

    A fresh model name per test gives each test its own rate-limit keys, also in a shared Redis.
    """
    model = f"fake-{uuid.uuid4().hex[:8]}"
    settings.LLM_PROVIDER = "openai"
    settings.OPENAI_BASE_URL = fake_llm.url
    settings.OPENAI_API_KEY = "test-key"
    settings.LLM_MODEL = model
    settings.LLM_AGENT_MODELS = {}
    settings.LLM_TIMEOUT_SECONDS = 1.5
    settings.LLM_PRICES = {model: PRICE}
    settings.LLM_RPM_LIMIT = 1000
    settings.LLM_TPM_LIMIT = 1_000_000
    settings.WORKFLOW_TOKEN_BUDGET = 1_000_000
    settings.WORKFLOW_USD_BUDGET = Decimal("1000")
    settings.DAILY_USD_BUDGET = Decimal("1000")
    return settings


@pytest.fixture
def workflow(db):
    from agents.orchestrator.models import Workflow
    from procurement.models import Document

    document = Document.objects.create(
        sha256=uuid.uuid4().hex * 2,
        original_filename="inv-1001.pdf",
        storage_path="x.pdf",
        source=Document.Source.UPLOAD,
        size_bytes=10,
    )
    return Workflow.objects.create(document=document)


DRAFT_INPUTS = {
    "vendor_name": "Acme Fasteners GmbH",
    "contact_name": "Petra Vogel",
    "account_manager_name": "Sam Lee",
    "account_manager_title": "Category manager",
    "invoice_number": "INV-1001",
    "po_number": "PO-4500",
    "currency": "EUR",
    "invoice_total": "1,240.00",
    "clerk_note": "",
    "discrepancies": [
        {
            "kind": "price_variance",
            "description": "Unit price of line 2 (M8 bolts)",
            "expected": "0.40",
            "actual": "0.46",
            "difference": "60.00",
        }
    ],
}

# The model writes only the connecting paragraph; code writes the rest of the email.
GOOD_EMAIL = {
    "prose": "Thank you for your invoice. We found one difference from our order, listed below.",
}
