"""A small world with known figures for the dashboard (times relative to now):

  age   workflow       invoice (vendor)  blocking findings     events after receipt   case state
  2 d   approved       Acme              -                     validated              ready_to_pay
  2 d   approved       Bolt              -                     validated              ready_to_pay
  5 d   needs_human    Acme              price, quantity       needs human            needs_clerk
  2 h   exception      Acme              price                 held                   needs_clerk
  20 d  awaiting_appr. Bolt              bank account          held                   waiting_appr.
  10 d  approved       Bolt              duplicate (accepted)  held, paid at +2 d     ready_to_pay
  6 d   rejected       "Unknown GmbH"    unknown vendor        held, rejected +4 d    rejected
  1 d   (turned away at the door: no workflow, no invoice)                            rejected
  1 h   parsing        -                                                              processing
  60 h  sent           Acme              price                 held                   waiting_vendor
  40 d  approved       Acme              -                     validated              (not counted)

LLM calls in the window: intake 2 calls (1,200 + 600 tokens, $0.010 + $0.006), exception 1 call
(4,000 tokens, $0.040); one older call outside. Budget alerts: one open and one acknowledged in
the window, one acknowledged before it. Cases are made by the product's own case_sync.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from agents.llm.models import BudgetAlert, LlmCall
from agents.orchestrator.models import Event, Workflow
from agents.orchestrator.pipeline import Ev
from procurement.cases.sync import case_sync
from procurement.models import Document, Finding, Invoice, Vendor
from tests.browser.conftest import _playwright, browser, login_as, page  # noqa: F401

State = Workflow.State
Kind = Finding.Kind
_ids = itertools.count(1)


@dataclass
class World:
    now: datetime
    documents: list[Document] = field(default_factory=list)


def add_case(
    world: World,
    *,
    age: timedelta,
    state: str | None,
    vendor: Vendor | None = None,
    vendor_name: str = "",
    kinds: tuple[str, ...] = (),
    events: tuple[tuple[str, timedelta], ...] = (),
    accepted: bool = False,
    invoice: bool = True,
    rejected_at_door: bool = False,
) -> Document:
    """One received document; `events` are (type, time after receipt)."""
    n = next(_ids)
    received = world.now - age
    document = Document.objects.create(
        sha256=f"{n:064x}",
        original_filename=f"invoice-{n}.pdf",
        storage_path=f"xx/{n}.pdf",
        source=Document.Source.UPLOAD,
        size_bytes=100,
        status=Document.Status.REJECTED if rejected_at_door else Document.Status.PARSED,
    )
    Document.objects.filter(pk=document.pk).update(created_at=received)
    document.created_at = received
    if state is not None:
        workflow = Workflow.objects.create(document=document, state=state)
        for type_, after in events:
            event = Event.objects.create(workflow=workflow, type=type_, dispatched_at=received)
            Event.objects.filter(pk=event.pk).update(created_at=received + after)
    if invoice and not rejected_at_door:
        inv = Invoice.objects.create(
            document=document,
            vendor=vendor,
            vendor_name=vendor.legal_name if vendor else vendor_name,
            invoice_number=f"INV-{n}",
            total=Decimal("100.00"),
        )
        for kind in kinds:
            inv.findings.create(
                kind=kind, severity=Finding.Severity.BLOCKING, message=kind,
                accepted_at=received if accepted else None,
            )
    case_sync(document_id=document.pk)
    world.documents.append(document)
    return document


def add_llm_call(world: World, *, agent: str, age: timedelta, tokens: tuple[int, int], usd: str):
    call = LlmCall.objects.create(
        agent=agent, task=f"{agent}.task", provider="openai", model="gpt-test",
        prompt_tokens=tokens[0], completion_tokens=tokens[1], cost_usd=Decimal(usd),
        outcome=LlmCall.Outcome.OK, prompt_hash="0" * 64,
    )
    LlmCall.objects.filter(pk=call.pk).update(created_at=world.now - age)


def add_alert(world: World, *, key: str, age: timedelta, acknowledged: bool):
    alert = BudgetAlert.objects.create(
        scope=BudgetAlert.Scope.WORKFLOW, key=f"{key}:{next(_ids)}",
        message=f"Budget reached ({key}).", acknowledged=acknowledged,
    )
    BudgetAlert.objects.filter(pk=alert.pk).update(created_at=world.now - age)


def build_world(world: World, acme: Vendor, bolt: Vendor) -> World:
    day, hour, at_once = timedelta(days=1), timedelta(hours=1), timedelta(minutes=1)
    validated = ((Ev.INVOICE_VALIDATED, at_once),)
    held = ((Ev.DISCREPANCY_FOUND, at_once),)
    add_case(world, age=2 * day, state=State.APPROVED, vendor=acme, events=validated)
    add_case(world, age=2 * day, state=State.APPROVED, vendor=bolt, events=validated)
    add_case(world, age=5 * day, state=State.NEEDS_HUMAN, vendor=acme,
             kinds=(Kind.PRICE_VARIANCE, Kind.QUANTITY_VARIANCE),
             events=((Ev.NEEDS_HUMAN, at_once),))
    add_case(world, age=2 * hour, state=State.EXCEPTION, vendor=acme,
             kinds=(Kind.PRICE_VARIANCE,), events=held)
    add_case(world, age=20 * day, state=State.AWAITING_APPROVAL, vendor=bolt,
             kinds=(Kind.BANK_ACCOUNT_CHANGED,), events=held)
    add_case(world, age=10 * day, state=State.APPROVED, vendor=bolt,
             kinds=(Kind.DUPLICATE_INVOICE,), accepted=True,
             events=(*held, (Ev.PAYMENT_APPROVED, 2 * day)))
    add_case(world, age=6 * day, state=State.REJECTED, vendor_name="Unknown GmbH",
             kinds=(Kind.UNKNOWN_VENDOR,), events=(*held, (Ev.INVOICE_REJECTED, 4 * day)))
    add_case(world, age=1 * day, state=None, rejected_at_door=True)
    add_case(world, age=1 * hour, state=State.PARSING, invoice=False)
    add_case(world, age=60 * hour, state=State.SENT, vendor=acme, kinds=(Kind.PRICE_VARIANCE,),
             events=held)
    add_case(world, age=40 * day, state=State.APPROVED, vendor=acme, events=validated)
    add_llm_call(world, agent="intake", age=2 * day, tokens=(1000, 200), usd="0.010")
    add_llm_call(world, agent="intake", age=5 * day, tokens=(500, 100), usd="0.006")
    add_llm_call(world, agent="exception", age=3 * day, tokens=(3000, 1000), usd="0.040")
    add_llm_call(world, agent="exception", age=45 * day, tokens=(9000, 9000), usd="9.000")
    add_alert(world, key="workflow:1", age=3 * day, acknowledged=False)
    add_alert(world, key="workflow:2", age=4 * day, acknowledged=True)
    add_alert(world, key="workflow:3", age=50 * day, acknowledged=True)
    return world


@pytest.fixture
def vendors(db) -> tuple[Vendor, Vendor]:
    return (
        Vendor.objects.create(legal_name="Acme Industrial Supply"),
        Vendor.objects.create(legal_name="Bolt & Nut Co"),
    )


@pytest.fixture
def world(db, vendors) -> World:
    return build_world(World(now=timezone.now()), *vendors)
