"""One POST per action, the same services and rules as the case page; errors are JSON."""
from decimal import Decimal

import pytest

from agents.orchestrator.models import Event
from procurement.cases.tokens import api_token_create
from procurement.models import Finding, Invoice, PaymentPolicy


@pytest.fixture
def api(client, clerk):
    def call(case, action, body=None, user=clerk):
        token = api_token_create(user=user).raw
        return client.post(
            f"/api/cases/{case.pk}/{action}", body or {}, content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {token}",
        )

    return call


def decisions(case) -> list[tuple[str, str]]:
    return [
        (e.type, e.payload.get("by"))
        for e in Event.objects.filter(workflow__document=case.document_id).order_by("pk")
        if e.payload.get("by")
    ]


def test_it_accepts_the_last_finding_and_the_case_is_ready_to_pay(api, make_case, clerk):
    case = make_case(kinds=("price_variance",))
    finding = Finding.objects.get(invoice__case=case)

    response = api(case, "accept-finding", {"finding_id": finding.pk, "reason": "Agreed by phone"})

    assert response.status_code == 200, response.json()
    assert response.json()["state"] == "ready_to_pay"
    finding.refresh_from_db()
    assert (finding.accepted_by, finding.accepted_reason) == (clerk, "Agreed by phone")
    assert decisions(case) == [("FindingAccepted", clerk.username),
                               ("PaymentApproved", clerk.username)]
    assert Invoice.objects.get(case=case).status == "approved"


def test_it_needs_a_second_person_above_the_four_eyes_limit(api, make_case, clerk, ap_admin):
    PaymentPolicy.objects.create(four_eyes_above=Decimal("100.00"))
    case = make_case(kinds=("price_variance",), total="5000.00")
    finding = Finding.objects.get(invoice__case=case)

    first = api(case, "accept-finding", {"finding_id": finding.pk, "reason": "ok"})
    again = api(case, "approve-for-payment")
    second = api(case, "approve-for-payment", user=ap_admin)

    assert first.json()["state"] == "needs_clerk"
    assert "a second person must approve" in first.json()["reason"]
    assert again.status_code == 403 and "second person" in again.json()["error"]
    assert second.status_code == 200 and second.json()["state"] == "ready_to_pay"


def test_it_refuses_approval_while_a_finding_is_open(api, make_case):
    case = make_case(kinds=("price_variance", "quantity_variance"))

    response = api(case, "approve-for-payment")

    assert response.status_code == 409
    assert "2 finding(s) still open" in response.json()["error"]


def test_it_rejects_with_a_reason_and_nobody_acts_afterwards(api, make_case):
    case = make_case(kinds=("duplicate_invoice",))

    no_reason = api(case, "reject", {"reason": " "})
    rejected = api(case, "reject", {"reason": "Duplicate of INV-1"})
    later = api(case, "hold")

    assert no_reason.status_code == 422 and "reason" in no_reason.json()["error"]
    assert rejected.json()["state"] == "rejected"
    assert "Duplicate of INV-1" in rejected.json()["reason"]
    assert later.status_code == 409 and "nobody acts on it" in later.json()["error"]


def test_it_holds_and_reopens(api, make_case):
    case = make_case()

    held = api(case, "hold", {"reason": "asked for a credit note"})
    reopened = api(case, "reopen", {"reason": "credit note arrived"})

    assert held.json()["state"] == "waiting_vendor"
    assert "asked for a credit note" in held.json()["reason"]
    assert reopened.json()["state"] == "needs_clerk"


def test_it_refuses_a_decision_on_a_case_that_changed_since_it_was_read(api, make_case):
    case = make_case(kinds=("price_variance", "quantity_variance"))
    finding = Finding.objects.filter(invoice__case=case).first()
    api(case, "hold")

    response = api(
        case, "accept-finding",
        {"finding_id": finding.pk, "reason": "fine", "version": case.version},
    )

    assert response.status_code == 409
    assert "changed since you opened it" in response.json()["error"]


def test_it_lets_a_clerk_claim_but_only_an_admin_reassign(api, make_case, clerk, ap_admin):
    case = make_case()

    claimed = api(case, "assign", {"username": clerk.username})
    taken = api(case, "assign", {"username": ap_admin.username})
    reassigned = api(case, "assign", {"username": ap_admin.username}, user=ap_admin)

    assert claimed.json()["assignee"] == clerk.username
    assert taken.status_code == 403
    assert reassigned.json()["assignee"] == ap_admin.username


def test_it_lets_no_approver_act_on_a_case(api, make_case, approver):
    case = make_case()

    response = api(case, "hold", user=approver)

    assert response.status_code == 403
    assert "Only AP clerks and AP admins" in response.json()["error"]


def test_it_corrects_a_field_and_runs_validation_again(api, make_case, clerk):
    case = make_case()

    bad = api(case, "correct-field", {"field": "total", "value": "lots"})
    response = api(case, "correct-field", {"field": "total", "value": "99.50"})
    again = api(case, "correct-field", {"field": "total", "value": "99.00"})

    assert response.status_code == 200, response.json()
    assert response.json()["state"] == "processing"
    assert Invoice.objects.get(case=case).total == Decimal("99.50")
    corrected = Event.objects.get(workflow__document=case.document_id, type="FieldCorrected")
    assert (corrected.payload["old"], corrected.payload["new"]) == ("120.00", "99.50")
    assert Event.objects.filter(type="ValidationRequested").count() == 1
    assert bad.status_code == 422 and "'lots' is not an amount" in bad.json()["error"]
    assert again.status_code == 409  # validation is running: nothing to decide until it is done


def test_it_refuses_an_email_request_without_a_vendor_on_file(api, make_case):
    case = make_case(kinds=("unknown_vendor",))

    response = api(case, "request-email")

    assert response.status_code == 409
    assert "pick or add the vendor first" in response.json()["error"]


def test_it_answers_bad_input_with_a_json_422(api, make_case):
    case = make_case()

    response = api(case, "accept-finding", {"reason": "no id"})

    assert response.status_code == 422
    assert "finding_id" in response.json()["error"]
