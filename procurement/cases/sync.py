"""case_sync(): the case's state, reason and queue columns, recomputed from the machinery.

Called wherever the machinery changes: every workflow transition and recorded event
(agents.orchestrator.services), intake's refusal of a file, a person's correction. It reads the
document, its workflow, its invoice and open findings, and writes the case only when something
differs, bumping `version` (the compare-and-set marker forms carry).
"""
from __future__ import annotations

from weakref import WeakKeyDictionary

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models.query import get_related_populators
from django.utils import timezone

from agents.orchestrator.states import State as W
from config.rows import insert, update_where
from procurement.models import Case, Document, Finding

C = Case.State

# Workflow state -> case state. README "Cases" documents the same table for people.
CASE_STATE_OF_WORKFLOW: dict[str, str] = {
    W.RECEIVED: C.PROCESSING,
    W.PARSING: C.PROCESSING,
    W.PARSED: C.PROCESSING,
    W.VALIDATING: C.PROCESSING,
    W.DRAFTING: C.PROCESSING,
    W.EXCEPTION: C.NEEDS_CLERK,
    W.NEEDS_HUMAN: C.NEEDS_CLERK,
    W.BUDGET_EXCEEDED: C.NEEDS_CLERK,
    # The router found a statement, an order confirmation, an inquiry, something else, or was
    # unsure: a clerk looks at it on the triage list, re-routes it or files it.
    W.TRIAGE: C.NEEDS_CLERK,
    W.AWAITING_APPROVAL: C.WAITING_APPROVAL,
    W.SENT: C.WAITING_VENDOR,
    W.ON_HOLD: C.WAITING_VENDOR,
    W.APPROVED: C.READY_TO_PAY,
    W.REJECTED: C.REJECTED,
    W.CLOSED: C.CLOSED,
    W.CANCELLED: C.CLOSED,
}

_AT_WORK = {
    W.RECEIVED: "Waiting for the intake agent to read the PDF.",
    W.PARSING: "The intake agent is reading the PDF.",
    W.PARSED: "Waiting for the validation agent.",
    W.VALIDATING: "The validation agent is checking vendor, duplicates, totals and the order.",
    W.DRAFTING: "The exception agent is drafting an email to the vendor.",
}


def case_sync(*, document_id: int, new: bool = False) -> Case:
    """Bring the document's case in line with its workflow, invoice and findings (creating it
    the first time). Idempotent: a second call with nothing changed writes nothing.

    It runs on every move of every workflow, so it reads the case (locked), its document,
    workflow, invoice and vendor in one query, the open findings in a second, and writes only
    what differs; inside the caller's transaction it takes no savepoint of its own. `new`: the
    case most likely does not exist yet (its workflow has just been created), so it is created
    without looking for it first; if it does exist, that one is brought in line as usual.
    """
    with transaction.atomic(savepoint=False):
        case = None if new else _locked_case(document_id=document_id)
        if case is None:
            created = _case_create(document_id=document_id)
            if created is not None:
                return created
            # Another transaction created it first: bring that one in line.
            case = _locked_case_with_sources().get(document_id=document_id)
        wanted = _computed(case.document, case)
        changed = {name: value for name, value in wanted.items() if _differs(case, name, value)}
        if changed:
            changed["updated_at"] = timezone.now()
            changed["version"] = case.version + 1
            update_where(Case, changed, id=case.pk)
            for name, value in changed.items():
                setattr(case, name, value)
    return case


# What _computed() reads of the rows behind a case. Only these columns are selected: this query
# runs on every move of every workflow, and building SQL for every column of five tables cost
# more CPU than the rest of the sync (bench/pipeline.py). A column read that is not listed
# still works, at the price of one query more.
_SOURCE_COLUMNS = (
    "document__status", "document__error_reason", "document__original_filename",
    "document__created_at",
    "document__workflow__state", "document__workflow__reason",
    "document__invoice__vendor_name", "document__invoice__invoice_number",
    "document__invoice__po_number", "document__invoice__currency", "document__invoice__total",
    "document__invoice__due_date",
    "document__invoice__vendor__legal_name",
)


def _locked_case_with_sources():
    """Cases, each locked, with the document, workflow, invoice and vendor it is computed from
    (one query)."""
    return (
        Case.objects.select_for_update(of=("self",))
        .select_related("document__workflow", "document__invoice__vendor")
        .only(*(field.name for field in Case._meta.concrete_fields), *_SOURCE_COLUMNS)
    )


class _CompiledQuery:
    """A queryset filtered on one id, compiled to SQL once per database connection (each
    thread has its own) and run with another id each time; rows become objects exactly as the
    ORM's own iterator makes them (Django's compiler and related populators).

    case_sync runs on every move of every workflow, and compiling its select_related query
    cost about as much CPU as the rest of the sync (bench/pipeline.py).
    """

    _PLACEHOLDER = -1

    def __init__(self, build):
        self.build = build  # id -> queryset
        self._compiled: WeakKeyDictionary = WeakKeyDictionary()

    def objects(self, pk: int) -> list:
        wrapper = connections[DEFAULT_DB_ALIAS]
        compiled = self._compiled.get(wrapper)
        if compiled is None:
            queryset = self.build(self._PLACEHOLDER)
            compiler = queryset.query.get_compiler(using=DEFAULT_DB_ALIAS)
            sql, params = compiler.as_sql()  # also fills compiler.select and klass_info
            if list(params) != [self._PLACEHOLDER]:
                raise AssertionError(f"a compiled query takes one id, not {params!r}")
            fields = compiler.klass_info["select_fields"]
            start, end = fields[0], fields[-1] + 1
            init_list = [column[0].target.attname for column in compiler.select[start:end]]
            compiled = self._compiled[wrapper] = (
                queryset.model, compiler, sql, start, end, init_list,
            )
        model, compiler, sql, start, end, init_list = compiled
        with wrapper.cursor() as cursor:
            cursor.execute(sql, [pk])
            rows = cursor.fetchall()
        found = []
        for row in compiler.results_iter([rows]):
            obj = model.from_db(DEFAULT_DB_ALIAS, init_list, row[start:end])
            for populator in get_related_populators(
                compiler.klass_info, compiler.select, DEFAULT_DB_ALIAS
            ):
                populator.populate(row, obj)
            found.append(obj)
        return found


_LOCKED_CASE = _CompiledQuery(
    lambda document_id: _locked_case_with_sources().filter(document_id=document_id)
)
_DOCUMENT = _CompiledQuery(
    lambda document_id: Document.objects.select_related("workflow", "invoice__vendor")
    .only(*(column.removeprefix("document__") for column in _SOURCE_COLUMNS))
    .filter(pk=document_id)
)
_FINDINGS = _CompiledQuery(
    lambda invoice_id: Finding.objects.filter(invoice_id=invoice_id).only(
        "invoice_id", "kind", "severity", "accepted_at"
    )
)


def _locked_case(*, document_id: int) -> Case | None:
    found = _LOCKED_CASE.objects(document_id)
    return found[0] if found else None


def _case_create(*, document_id: int) -> Case | None:
    """The document's first case, with its computed values; None if another transaction
    created it first."""
    found = _DOCUMENT.objects(document_id)
    if not found:
        raise Document.DoesNotExist(f"no document {document_id}")
    document = found[0]
    values = _computed(document, Case(document=document))
    case = Case(
        document=document, received_at=document.created_at, updated_at=timezone.now(), **values
    )
    # ON CONFLICT DO NOTHING: losing the race inserts nothing and needs no savepoint
    return case if insert(case, unless_exists="document") else None


def _differs(case: Case, name: str, value) -> bool:
    """Whether the case's `name` differs from `value`; a relation by its id, so that comparing
    does not load the related row."""
    field = Case._meta.get_field(name)
    if field.is_relation:
        return getattr(case, field.attname) != (value.pk if value is not None else None)
    return getattr(case, name) != value


def _computed(document: Document, case: Case) -> dict:
    workflow = getattr(document, "workflow", None)
    invoice = getattr(document, "invoice", None)
    open_findings = (
        [
            f for f in _FINDINGS.objects(invoice.pk) if f.is_open
        ]
        if invoice is not None else []
    )
    if workflow is None:
        state = C.REJECTED if document.status == Document.Status.REJECTED else C.PROCESSING
        reason = document.error_reason if state == C.REJECTED else _AT_WORK[W.RECEIVED]
    else:
        state = CASE_STATE_OF_WORKFLOW[workflow.state]
        reason = _reason(workflow, document, open_findings, case)
    values = {
        "state": state,
        "reason": reason,
        "invoice": invoice,
        "finding_kinds": sorted({f.kind for f in open_findings}),
    }
    if invoice is not None:
        vendor_name = invoice.vendor.legal_name if invoice.vendor else invoice.vendor_name
        values.update(
            vendor=invoice.vendor,
            vendor_name=vendor_name,
            invoice_number=invoice.invoice_number,
            po_number=invoice.po_number,
            currency=invoice.currency,
            total=invoice.total,
            due_date=invoice.due_date,
            search_text=" ".join(
                [vendor_name, invoice.vendor_name, invoice.invoice_number, invoice.po_number]
            ).lower(),
        )
    else:
        values["search_text"] = document.original_filename.lower()
    if state != C.NEEDS_CLERK:
        values["payment_approved_by"] = None  # four eyes start over if the case moves on
    return values


def _reason(workflow, document: Document, open_findings: list[Finding], case: Case) -> str:
    state = workflow.state
    if state in _AT_WORK:
        return _AT_WORK[state]
    if state == W.EXCEPTION:
        # Why it came back (an approver rejected the draft, the case was reopened), then what
        # the clerk has to decide.
        said = [workflow.reason.rstrip(".") + "."] if workflow.reason else []
        if open_findings:
            labels = ", ".join(dict.fromkeys(f.get_kind_display() for f in open_findings))
            count = len(open_findings)
            said.append(f"A clerk decides {count} finding{'s' if count > 1 else ''}: {labels}.")
        elif case.payment_approved_by_id:
            said.append(
                f"Approved for payment by {case.payment_approved_by}; the total is above the "
                "four-eyes limit, so a second person must approve it too."
            )
        else:
            said.append("No finding is open: a clerk approves it for payment.")
        return " ".join(said)
    if state == W.NEEDS_HUMAN and document.status == Document.Status.REJECTED:
        return (
            f"The PDF could not be read ({document.error_reason.rstrip('.')}). "
            "Key in its fields, or mark it as not an invoice."
        )
    if state == W.BUDGET_EXCEEDED:
        return f"The LLM budget is spent ({workflow.reason}); an AP admin may retry."
    if state == W.AWAITING_APPROVAL:
        return workflow.reason or "An approver must sign off the email drafted to the vendor."
    if state == W.SENT:
        return workflow.reason or "The email was sent; waiting for the vendor's answer."
    if state == W.APPROVED:
        return workflow.reason or "Matched its purchase order within tolerances."
    return workflow.reason or workflow.get_state_display()
