"""After a clerk settles a case, the librarian keeps what they decided as short facts with the
case, the person and the time; the workflow stays where the clerk put it."""
from __future__ import annotations

from agents.orchestrator.models import Event, Workflow
from memory.models import Fact
from procurement.cases.actions import case_accept_finding, case_correct_field, case_reject
from procurement.models import Finding, InvoiceLine


def test_it_keeps_a_correction_and_an_accepted_variance_after_payment_approval(
        make_case, vendor, clerk, run_librarian):
    case = make_case(kinds=("price_variance",), vendor=vendor)
    InvoiceLine.objects.create(invoice=case.invoice, line_no=2, description="Freight and packing",
                               amount="15.00")
    case_correct_field(case_id=case.pk, user=clerk, field="po_number", value="PO-77",
                       reason="misread")
    Workflow.objects.filter(document=case.document).update(state="exception")  # revalidated
    finding = Finding.objects.get(invoice__case=case)
    case_accept_finding(case_id=case.pk, user=clerk, finding_id=finding.pk,
                        reason="price rise agreed")

    [step] = run_librarian(case)

    assert step.state == "succeeded", step.error
    facts = {f.kind: f for f in Fact.objects.all()}
    assert set(facts) == {"field_correction", "accepted_variance", "billing_habit"}
    variance = facts["accepted_variance"]
    assert variance.text == ("Clerks accept price variances of 9.09% from this vendor "
                             "(expected 11.00 EUR, billed 12.00 EUR).")
    assert (variance.vendor, variance.case_id, variance.decided_by) == (vendor, case.pk,
                                                                        clerk.username)
    assert variance.evidence[0]["size_pct"] == "9.09"
    assert facts["field_correction"].data["new"] == "PO-77"
    assert facts["billing_habit"].text == "Bills freight as a separate invoice line."
    assert all(f.origin == "people" and f.status == "active" for f in facts.values())
    assert Workflow.objects.get(document=case.document).state == "approved"
    recorded = Event.objects.get(type="MemoryRecorded")
    assert len(recorded.payload["facts"]) == 3


def test_it_runs_again_on_the_same_case_without_counting_it_twice(make_case, vendor, clerk,
                                                                  run_librarian):
    case = make_case(kinds=("price_variance",), vendor=vendor)
    finding = Finding.objects.get(invoice__case=case)
    case_accept_finding(case_id=case.pk, user=clerk, finding_id=finding.pk, reason="ok")
    run_librarian(case)
    from agents.orchestrator.services import workflow_emit

    workflow_emit(workflow_id=case.document.workflow.pk, event_type="CaseClosed",
                  payload={"by": "exporter", "reason": "paid"})
    run_librarian(case)

    fact = Fact.objects.get()
    assert fact.seen == 1 and len(fact.evidence) == 1


def test_it_keeps_nothing_for_a_case_without_a_vendor_on_file(make_case, clerk, run_librarian):
    case = make_case(kinds=("unknown_vendor",), vendor=None)

    case_reject(case_id=case.pk, user=clerk, reason="not ours")
    [step] = run_librarian(case)

    assert step.state == "succeeded"
    assert not Fact.objects.exists()
    assert Workflow.objects.get(document=case.document).state == "rejected"


def test_it_hands_a_clerks_rerouting_to_the_router_and_keeps_the_facts_when_it_refuses(
        make_case, vendor, clerk, run_librarian):
    """A clerk's re-routing (RouteChanged; DocumentRerouted likewise) goes to memory.route_example
    and so to the router. This document has no routed text to learn from, so the router refuses,
    and says why in the librarian's report; the facts are kept regardless."""
    from agents.orchestrator.services import workflow_emit

    case = make_case(kinds=("price_variance",), vendor=vendor)
    workflow_emit(workflow_id=case.document.workflow.pk, event_type="RouteChanged",
                  payload={"by": clerk.username, "route": "invoice", "previous": "statement"})
    finding = Finding.objects.get(invoice__case=case)
    case_accept_finding(case_id=case.pk, user=clerk, finding_id=finding.pk, reason="ok")

    [step] = run_librarian(case)

    assert step.state == "succeeded", step.error
    report = Event.objects.get(type="MemoryRecorded").payload
    assert report["route_example"] == (
        f"not kept: Document {case.document_id} has no routed text to learn from.")
    assert Fact.objects.filter(kind="accepted_variance").exists()
