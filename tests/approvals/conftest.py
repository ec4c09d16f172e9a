"""A case in exception, ready for an email: a vendor with a contact on file, our account manager,
a purchase order, and an invoice whose line 2 is billed above the order price.

`case.propose(...)` proposes an email about it the way the exception agent does (the body
composed by code, optional prose), and returns the OutboundEmail after its guardrails ran.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date
from decimal import Decimal as D

import pytest

from agents.exception.compose import EmailFacts, FindingFacts, compose
from approvals.models import OutboundEmail
from approvals.services import email_propose
from procurement.models import (
    Document,
    Finding,
    Invoice,
    InvoiceLine,
    PurchaseOrder,
    PurchaseOrderLine,
    StaffMember,
    Vendor,
    VendorContact,
)
from tests.llm.conftest import fake_llm, llm_settings  # noqa: F401 - shared fixtures
from tests.pipeline.conftest import demo_pdfs  # noqa: F401 - the seeded demo world

IBAN_ON_FILE = "DE89370400440532013000"
IBAN_PRINTED = "GB29NWBK60161331926819"
_keys = itertools.count(1)


@dataclass
class Case:
    invoice: Invoice
    vendor: Vendor
    contact: VendorContact
    manager: StaffMember

    def facts(self) -> EmailFacts:
        findings = [
            FindingFacts(kind=f.kind, expected=f.expected, actual=f.actual,
                         line_no=f.invoice_line.line_no if f.invoice_line else None,
                         line_description=f.invoice_line.description if f.invoice_line else "")
            for f in self.invoice.findings.select_related("invoice_line")
        ]
        return EmailFacts(
            vendor_name=self.vendor.legal_name, contact_name=self.contact.name,
            manager_name=self.manager.name, manager_title=self.manager.title,
            invoice_number=self.invoice.invoice_number, po_number=self.invoice.po_number,
            currency=self.invoice.currency, total=self.invoice.total, findings=findings,
        )

    def draft_with_agent(self):
        """Have the exception agent draft the email, as the pipeline does (in-process jobs, so
        the test's transaction must be real: django_db(transaction=True)). Returns the
        workflow, refreshed."""
        from agents.orchestrator.models import Workflow
        from agents.orchestrator.services import workflow_emit

        workflow = Workflow.objects.create(document=self.invoice.document, state="exception")
        # A clerk asks for the email (procurement's "request email" emits this event).
        workflow_emit(workflow_id=workflow.pk, event_type="EmailRequested",
                      payload={"invoice_id": self.invoice.pk})
        workflow.refresh_from_db()
        return workflow

    def propose(self, *, prose: str = "", subject: str | None = None, body: str | None = None,
                to: str | None = None, cc: list[str] | None = None) -> OutboundEmail:
        composed = compose(self.facts(), prose=prose)
        email, _ = email_propose(
            invoice_id=self.invoice.pk, workflow_id=None, to_email=to or self.contact.email,
            to_name=self.contact.name, subject=subject or composed.subject,
            body=body or composed.body, signed_by_id=self.manager.pk,
            drafted_by="exception agent (test)", idempotency_key=f"test-draft-{next(_keys)}",
            cc=cc,
        )
        return email


@pytest.fixture
def case(db, settings) -> Case:
    settings.APPROVALS_INTERNAL_DOMAINS = ["ourco.example"]
    settings.DEFAULT_FROM_EMAIL = "accounts-payable@ourco.example"
    manager = StaffMember.objects.create(name="Sam Lee", email="sam.lee@ourco.example",
                                         title="Category manager")
    vendor = Vendor.objects.create(
        legal_name="Northwind Office Supplies GmbH", email_domains=["northwind.example"],
        iban=IBAN_ON_FILE, account_manager=manager,
    )
    contact = VendorContact.objects.create(vendor=vendor, name="Petra Vogel",
                                           email="petra@northwind.example", is_primary=True)
    order = PurchaseOrder.objects.create(number="PO-1001", vendor=vendor,
                                         issued_on=date(2026, 3, 1))
    PurchaseOrderLine.objects.create(order=order, line_no=1, sku="PAP-A4",
                                     description="A4 copy paper, 80 g", quantity=D("10"),
                                     unit_price=D("25.00"))
    PurchaseOrderLine.objects.create(order=order, line_no=2, sku="TON-55",
                                     description="Toner cartridge black", quantity=D("5"),
                                     unit_price=D("80.00"))
    document = Document.objects.create(sha256="c" * 64, original_filename="inv-1.pdf",
                                       storage_path="cc/c.pdf", source="upload", size_bytes=10)
    invoice = Invoice.objects.create(
        document=document, vendor=vendor, purchase_order=order, status=Invoice.Status.EXCEPTION,
        vendor_name="Northwind Office Supplies GmbH", invoice_number="INV-1",
        invoice_date=date(2026, 3, 5), currency="EUR", po_number="PO-1001",
        subtotal=D("690.00"), tax=D("131.10"), total=D("821.10"), iban=IBAN_ON_FILE,
    )
    InvoiceLine.objects.create(invoice=invoice, line_no=1, sku="PAP-A4",
                               description="A4 copy paper, 80 g", quantity=D("10"),
                               unit_price=D("25.00"), amount=D("250.00"))
    line2 = InvoiceLine.objects.create(invoice=invoice, line_no=2, sku="TON-55",
                                       description="Toner cartridge black", quantity=D("5"),
                                       unit_price=D("88.00"), amount=D("440.00"))
    Finding.objects.create(
        invoice=invoice, kind="price_variance", invoice_line=line2,
        message="Line 2 (Toner cartridge black): unit price 88.00 EUR is 10.0% above the PO "
        "price 80.00 EUR (tolerance 2%). Internal note for the clerk.",
        expected="80.00 EUR", actual="88.00 EUR",
    )
    return Case(invoice=invoice, vendor=vendor, contact=contact, manager=manager)


@pytest.fixture
def smtp_sink():
    from tests.approvals.smtp_sink import SmtpSink

    sink = SmtpSink().start()
    yield sink
    sink.stop()


@pytest.fixture
def smtp_settings(settings, smtp_sink):
    """Django's SMTP backend pointed at the sink, plain (no TLS) on loopback."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = smtp_sink.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 10
    return settings


# Short enough that a test sees a dead worker's lease run out; long enough for one SMTP exchange.
LEASE_SECONDS = 3


@pytest.fixture
def relay_workers(transactional_db, settings, tmp_path, smtp_sink, case):
    """Real rq worker processes (the product's settings) sending through the SMTP sink."""
    import os

    import django_rq

    from tests.conftest import require_service
    from tests.pipeline.conftest import PipelineProcesses

    class RelayProcesses(PipelineProcesses):
        def env(self) -> dict[str, str]:
            return {
                **super().env(),
                "EMAIL_HOST": "127.0.0.1",
                "EMAIL_PORT": str(smtp_sink.port),
                "EMAIL_USE_TLS": "false",
                "DEFAULT_FROM_EMAIL": settings.DEFAULT_FROM_EMAIL,
                "APPROVALS_INTERNAL_DOMAINS": "ourco.example",
                "OUTBOX_LEASE_SECONDS": str(LEASE_SECONDS),
                "OUTBOX_RETRY_BASE_SECONDS": "0.2",
                "OUTBOX_RETRY_MAX_SECONDS": "1",
            }

    require_service("Redis", os.environ.get("REDIS_URL"))
    settings.REDIS_URL = os.environ["REDIS_URL"]
    settings.OUTBOX_LEASE_SECONDS = LEASE_SECONDS
    connection = django_rq.get_connection("steps")
    connection.flushdb()
    log_dir = tmp_path / "logs"
    log_dir.mkdir()
    procs = RelayProcesses(settings, log_dir)
    yield procs
    procs.stop_all()
    connection.flushdb()


def wait_for_state(email, state: str, timeout: float = 30, processes=None) -> None:
    import time

    deadline = time.monotonic() + timeout
    while True:
        email.refresh_from_db()
        if email.state == state:
            return
        if time.monotonic() > deadline:
            logs = processes.logs() if processes else ""
            raise AssertionError(f"email {email.pk} is {email.state}, not {state}\n{logs}")
        time.sleep(0.1)
