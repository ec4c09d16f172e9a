"""/api/memory/: an AP admin settles a contradiction, edits and deletes facts, and approves or
declines tolerance proposals with a token, as on the /memory/ page; anyone else gets 403."""
from __future__ import annotations

from decimal import Decimal

import pytest

from memory.models import Fact, ToleranceProposal
from memory.services import fact_record
from procurement.cases.tokens import api_token_create


@pytest.fixture
def contradiction(make_case, vendor):
    for label in ("Ref. No.", "Order ref"):
        fact_record(vendor_id=vendor.pk, kind="layout_hint", subject="invoice_number",
                    value=label, text=f"The invoice number is printed after {label}.",
                    case_id=make_case(vendor=vendor).pk, decided_by="carla.clerk")
    return list(Fact.objects.order_by("pk"))


def bearer(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=user).raw}"}


def test_an_ap_admin_settles_a_contradiction_over_the_api(client, contradiction, ap_admin):
    keep, drop = contradiction
    auth = bearer(ap_admin)

    listed = client.get("/api/memory/facts?status=contradicted", **auth).json()
    assert {f["id"] for f in listed} == {keep.pk, drop.pk}
    assert listed[0]["evidence"][0]["by"] == "carla.clerk"

    assert client.post(f"/api/memory/facts/{drop.pk}/delete", **auth).json() == {
        "deleted": drop.pk}
    kept = client.post(f"/api/memory/facts/{keep.pk}/edit", {
        "text": keep.text, "value": keep.value, "status": "active", "expires_on": "2030-01-31",
    }, content_type="application/json", **auth)
    assert kept.status_code == 200, kept.content
    assert (kept.json()["status"], kept.json()["edited_by"]) == ("active", ap_admin.username)
    assert kept.json()["expires_at"].startswith("2030-01-31")
    assert list(Fact.objects.values_list("pk", "status")) == [(keep.pk, "active")]


def test_a_refused_edit_says_why(client, contradiction, ap_admin):
    fact = contradiction[0]
    answer = client.post(f"/api/memory/facts/{fact.pk}/edit", {"text": "x", "status": "active"},
                         content_type="application/json", **bearer(ap_admin))
    assert (answer.status_code, answer.json()) == (422, {"error": "Write the fact in a few words."})


def test_an_ap_admin_decides_tolerance_proposals_over_the_api(client, vendor, ap_admin):
    approve, decline = (ToleranceProposal.objects.create(
        vendor=vendor, setting=setting, finding_kind=kind, current=Decimal("2.00"),
        proposed=Decimal("5.00"), evidence=[{"case_id": 1, "size_pct": "4.8"}])
        for setting, kind in (("price_tolerance_pct", "price_variance"),
                              ("quantity_tolerance_pct", "quantity_variance")))
    auth = bearer(ap_admin)
    assert [p["id"] for p in client.get("/api/memory/proposals", **auth).json()] == [
        decline.pk, approve.pk]

    applied = client.post(f"/api/memory/proposals/{approve.pk}/approve", {"note": "agreed"},
                          content_type="application/json", **auth).json()
    declined = client.post(f"/api/memory/proposals/{decline.pk}/decline", {},
                           content_type="application/json", **auth).json()
    again = client.post(f"/api/memory/proposals/{approve.pk}/approve", {},
                        content_type="application/json", **auth)

    assert (applied["status"], applied["decided_by"], applied["note"]) == (
        "approved", ap_admin.username, "agreed")
    assert declined["status"] == "declined"
    assert again.status_code == 409
    vendor.refresh_from_db()
    assert (vendor.price_tolerance_pct, vendor.quantity_tolerance_pct) == (Decimal("5.00"), None)


def test_nobody_else_reviews_memory_over_the_api(client, contradiction, clerk, approver):
    for user in (clerk, approver):
        auth = bearer(user)
        assert client.get("/api/memory/facts", **auth).status_code == 403
        assert client.post(f"/api/memory/facts/{contradiction[0].pk}/delete",
                           **auth).status_code == 403
    assert Fact.objects.count() == 2
