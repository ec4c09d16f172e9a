"""The queue page: what needs a clerk, most urgent first, filtered, in a constant number of
queries, and the poll that answers 204 when nothing changed."""
from datetime import date, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from procurement.models import Case


def rows(response) -> list[str]:
    return [row.invoice_number for row, _ in response.context["rows"]]


def test_it_lists_what_needs_a_clerk_due_soonest_then_largest(client, clerk, make_case):
    make_case(number="LATER", due=date(2027, 1, 31), total="50.00")
    make_case(number="SOON-SMALL", due=date(2026, 12, 1), total="10.00")
    make_case(number="SOON-LARGE", due=date(2026, 12, 1), total="900.00")
    make_case(number="PAID", workflow_state="approved", kinds=())
    make_case(number="WITH-APPROVER", workflow_state="awaiting_approval")
    client.force_login(clerk)

    response = client.get("/cases/")

    assert response.status_code == 200
    assert rows(response) == ["SOON-LARGE", "SOON-SMALL", "LATER"]
    assert "<title>(3) Needs a clerk" in response.content.decode()


def test_it_filters_by_kind_assignee_state_and_search(client, clerk, make_case):
    price = make_case(number="P-1", kinds=("price_variance",))
    make_case(number="Q-1", kinds=("quantity_variance",))
    Case.objects.filter(pk=price.pk).update(assignee=clerk)
    make_case(number="W-1", workflow_state="awaiting_approval")
    client.force_login(clerk)

    assert rows(client.get("/cases/", {"kind": "price_variance"})) == ["P-1"]
    assert rows(client.get("/cases/", {"assignee": "me"})) == ["P-1"]
    assert rows(client.get("/cases/", {"assignee": "unassigned"})) == ["Q-1"]
    assert rows(client.get("/cases/", {"state": "waiting_approval"})) == ["W-1"]
    assert rows(client.get("/cases/", {"q": "q-1"})) == ["Q-1"]


def test_it_runs_the_same_number_of_queries_for_one_case_or_a_full_page(client, clerk,
                                                                         make_case, vendor):
    client.force_login(clerk)
    make_case(vendor=vendor)
    with CaptureQueriesContext(connection) as one:
        client.get("/cases/")
    for _ in range(30):
        make_case(vendor=vendor, kinds=("price_variance", "quantity_variance"))
    Case.objects.update(assignee=clerk)
    with CaptureQueriesContext(connection) as full:
        response = client.get("/cases/")

    assert len(response.context["rows"]) == 25
    assert len(full.captured_queries) == len(one.captured_queries)


def test_it_answers_the_poll_with_204_until_a_case_changes(client, clerk, make_case):
    client.force_login(clerk)
    make_case()
    since = (timezone.now() + timedelta(seconds=1)).isoformat().replace("+00:00", "Z")

    quiet = client.get("/cases/", {"since": since}, HTTP_HX_REQUEST="true")
    Case.objects.update(updated_at=timezone.now() + timedelta(seconds=5))
    changed = client.get("/cases/", {"since": since}, HTTP_HX_REQUEST="true")

    assert quiet.status_code == 204
    assert changed.status_code == 200
    body = changed.content.decode()
    assert 'id="queue-results"' in body and "<title>(1) Needs a clerk" in body
    assert "<html" not in body  # the partial only


def test_it_links_each_overview_count_to_the_queue_it_counts(client, clerk, make_case):
    make_case(workflow_state="exception")
    make_case(workflow_state="awaiting_approval")
    make_case(workflow_state="awaiting_approval")
    client.force_login(clerk)

    page = client.get("/").content.decode()

    needs_clerk = 'href="/cases/?state=needs_clerk"><span class="num">1</span>'
    waiting_approval = 'href="/cases/?state=waiting_approval"><span class="num">2</span>'
    assert needs_clerk in page and waiting_approval in page


def test_it_forbids_the_queue_to_a_user_without_a_role(client, outsider):
    client.force_login(outsider)

    assert client.get("/cases/").status_code == 403
