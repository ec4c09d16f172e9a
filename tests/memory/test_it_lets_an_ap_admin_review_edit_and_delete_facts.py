"""The memory page (/memory/): AP admins only, contradictions on top, edit and delete with a
CSRF token, and the tolerance proposals decided there."""
from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from memory.models import Fact, ToleranceProposal
from memory.services import fact_record


@pytest.fixture
def facts(make_case, vendor):
    one, two, three = (make_case(vendor=vendor) for _ in range(3))
    freight = fact_record(vendor_id=vendor.pk, kind="billing_habit", subject="freight",
                          value="separate line", text="Bills freight as a separate invoice line.",
                          case_id=one.pk, decided_by="carla.clerk").fact
    for case, label in ((two, "Ref. No."), (three, "Order ref")):
        fact_record(vendor_id=vendor.pk, kind="layout_hint", subject="invoice_number",
                    value=label, text=f"The invoice number is printed after {label}.",
                    case_id=case.pk, decided_by="carla.clerk")
    return freight


def csrf_client(user) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def token(client) -> str:
    return client.get("/memory/").cookies["csrftoken"].value


def test_it_shows_contradictions_above_the_other_facts(facts, ap_admin, clerk):
    page = csrf_client(ap_admin).get("/memory/").content.decode()
    assert page.index("printed after Ref. No.") < page.index("Bills freight")
    assert page.index("printed after Order ref") < page.index('id="facts-title"')
    assert csrf_client(clerk).get("/memory/").status_code == 403


def test_it_edits_and_deletes_a_fact_with_a_csrf_token(facts, ap_admin):
    client = csrf_client(ap_admin)
    url = f"/memory/facts/{facts.pk}/"
    assert client.post(url, {"text": "x"}).status_code == 403  # no CSRF token

    saved = client.post(url, {"csrfmiddlewaretoken": token(client), "status": "active",
                              "text": "Bills freight and packing on one separate line.",
                              "value": "separate line", "expires_at": "2030-01-31"})
    assert saved.status_code == 302
    facts.refresh_from_db()
    assert facts.text == "Bills freight and packing on one separate line."
    assert (facts.edited_by, facts.expires_at.date().isoformat()) == (ap_admin.username,
                                                                      "2030-01-31")

    deleted = client.post(f"{url}delete/", {"csrfmiddlewaretoken": token(client)})
    assert deleted.status_code == 302
    assert not Fact.objects.filter(pk=facts.pk).exists()


def test_it_refuses_to_reactivate_one_side_of_a_contradiction_while_the_other_is_active(
        facts, ap_admin):
    client = csrf_client(ap_admin)
    first, second = Fact.objects.filter(kind="layout_hint").order_by("pk")
    ok = client.post(f"/memory/facts/{first.pk}/", {
        "csrfmiddlewaretoken": token(client), "status": "active", "text": first.text,
        "value": first.value})
    refused = client.post(f"/memory/facts/{second.pk}/", {
        "csrfmiddlewaretoken": token(client), "status": "active", "text": second.text,
        "value": second.value})
    assert ok.status_code == 302
    assert refused.status_code == 422 and "Another fact on this subject" in refused.content.decode()


def test_it_approves_a_proposal_from_the_page(vendor, ap_admin):
    proposal = ToleranceProposal.objects.create(
        vendor=vendor, setting="price_tolerance_pct", finding_kind="price_variance",
        current=Decimal("2.00"), proposed=Decimal("5.00"), evidence=[])
    client = csrf_client(ap_admin)
    assert "Price tolerance (%) 2.00 → 5.00" in client.get("/memory/").content.decode()

    client.post(f"/memory/proposals/{proposal.pk}/approve/",
                {"csrfmiddlewaretoken": token(client), "note": "agreed"})

    vendor.refresh_from_db()
    assert vendor.price_tolerance_pct == Decimal("5.00")
