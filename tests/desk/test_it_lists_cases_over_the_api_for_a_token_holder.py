"""GET /api/cases/ and /api/cases/<id> with a person's bearer token."""
import pytest
from django.utils import timezone

from procurement.cases.tokens import api_token_create
from procurement.models import ApiToken


def bearer(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=user).raw}"}


def test_it_lists_the_cases_with_their_finding_kinds_and_ids(client, clerk, make_case, vendor):
    held = make_case(kinds=("price_variance", "quantity_variance"), vendor=vendor)
    make_case(workflow_state="approved", kinds=())

    response = client.get("/api/cases/", {"state": "needs_clerk"}, **bearer(clerk))

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    [row] = body["results"]
    assert (row["id"], row["state"], row["vendor"]) == (held.pk, "needs_clerk", vendor.legal_name)
    assert sorted(f["kind"] for f in row["findings"]) == ["price_variance", "quantity_variance"]
    assert all(isinstance(f["id"], int) for f in row["findings"])


def test_it_filters_by_kind_vendor_and_search(client, clerk, make_case, vendor):
    price = make_case(kinds=("price_variance",), vendor=vendor, number="ACM-1")
    make_case(kinds=("quantity_variance",), vendor_name="Globex Corporation", number="GLX-7")

    def ids(**params):
        response = client.get("/api/cases/", params, **bearer(clerk))
        return [row["id"] for row in response.json()["results"]]

    assert ids(kind="price_variance") == [price.pk]
    assert ids(vendor=str(vendor.pk)) == [price.pk]
    assert ids(q="acm-1") == [price.pk]
    assert len(ids(vendor="globex")) == 1


def test_it_returns_one_case_with_findings_lines_and_trail(client, clerk, make_case):
    case = make_case(kinds=("price_variance",))

    response = client.get(f"/api/cases/{case.pk}", **bearer(clerk))

    body = response.json()
    assert response.status_code == 200
    assert body["id"] == case.pk and body["workflow_state"] == "exception"
    assert body["lines"][0]["description"] == "Ball bearing 6204"
    assert body["findings"][0]["kind"] == "price_variance"
    assert isinstance(body["trail"], list)


@pytest.mark.parametrize(
    ("headers", "message"),
    [
        ({}, "A bearer token is required"),
        ({"HTTP_AUTHORIZATION": "Bearer ptu_nonsense"}, "The bearer token is not valid."),
    ],
)
def test_it_refuses_a_missing_or_unknown_token_with_json(client, db, headers, message):
    response = client.get("/api/cases/", **headers)

    assert response.status_code == 401
    assert message in response.json()["error"]


def test_it_refuses_a_revoked_token_and_a_user_without_a_role(client, clerk, outsider):
    headers = bearer(clerk)
    ApiToken.objects.update(revoked_at=timezone.now())

    revoked = client.get("/api/cases/", **headers)
    no_role = client.get("/api/cases/", **bearer(outsider))

    assert revoked.status_code == 401 and "revoked" in revoked.json()["error"]
    assert no_role.status_code == 403 and "no role" in no_role.json()["error"]


def test_it_answers_an_unknown_case_with_a_json_404(client, clerk):
    response = client.get("/api/cases/999999", **bearer(clerk))

    assert response.status_code == 404 and response.json()["error"]


def test_it_serves_its_openapi_document(client, db):
    response = client.get("/api/openapi.json")

    assert response.status_code == 200
    assert "/api/cases/" in response.json()["paths"]


def test_it_filters_by_age_and_day_received_like_the_queue(client, clerk, make_case):
    from datetime import timedelta

    from procurement.models import Case

    old = make_case(kinds=("price_variance",), number="OLD-1")
    new = make_case(kinds=("price_variance",), number="NEW-1")
    ten_days_ago = timezone.now() - timedelta(days=10)
    Case.objects.filter(pk=old.pk).update(received_at=ten_days_ago)

    def ids(**params):
        response = client.get("/api/cases/", params, **bearer(clerk))
        assert response.status_code == 200, response.content
        return sorted(row["id"] for row in response.json()["results"])

    assert ids(age=7) == [old.pk]
    assert ids(age_under=7) == [new.pk]
    assert ids(received=timezone.localdate(ten_days_ago).isoformat()) == [old.pk]
    assert ids(state="open") == sorted([old.pk, new.pk])
    assert client.get("/api/cases/", {"age": "0"}, **bearer(clerk)).status_code == 422
