"""What people do to a case. Each action is one service: keyword-only, called alike by the case
page, the API and the tests, and each checks, in this order:

1. the role (clerks and AP admins act on cases; approvers and everyone else only read them),
2. the version the person saw (a decision made on a page that is out of date is refused),
3. the state (nobody acts on a rejected or closed case; each action names the workflow states
   it is allowed from),

then changes the data, and records the decision in the same workflow as an event carrying who
(`by`), what and why (`reason`), so the trail tells one story. Moving the workflow moves the case
(case_sync), all in one transaction holding the case's row lock.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal, InvalidOperation

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone

from agents.orchestrator.models import Workflow
from agents.orchestrator.pipeline import Ev
from agents.orchestrator.services import workflow_emit
from agents.orchestrator.states import State as W
from procurement.cases.sync import case_sync
from procurement.models import Case, Document, Finding, Invoice, PaymentPolicy, Vendor
from procurement.roles import ADMIN, CLERK, has_role
from procurement.services import INVOICE_HEADER_FIELDS, invoice_save_extraction

# A person decides while the workflow waits for a clerk.
WAITING_FOR_CLERK = (W.EXCEPTION, W.NEEDS_HUMAN)
WAITING_FOR_VENDOR = (W.SENT, W.ON_HOLD)
DUPLICATE_KINDS = ("duplicate_invoice", "suspected_duplicate")


class CaseActionRefused(Exception):
    """The action was refused; `message` says why, for a person. `status` is the HTTP status the
    API answers with."""

    status = 409

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class NotAllowed(CaseActionRefused):
    status = 403


class InvalidInput(CaseActionRefused):
    status = 422


class CaseChanged(CaseActionRefused):
    status = 409


def _locked_case(*, case_id: int, user, version: int | None, workflow_states: Iterable[str],
                 doing: str) -> tuple[Case, Workflow]:
    """The case, locked for this transaction, after the role, version and state checks."""
    if not has_role(user, CLERK, ADMIN):
        raise NotAllowed(f"Only AP clerks and AP admins may {doing}.")
    case = (
        Case.objects.select_for_update(of=("self",))
        .select_related("document", "invoice", "payment_approved_by")
        .filter(pk=case_id)
        .first()
    )
    if case is None:
        raise InvalidInput(f"There is no case {case_id}.")
    if version is not None and version != case.version:
        raise CaseChanged(
            f"This case changed since you opened it; it is now {case.get_state_display().lower()}"
            f" ({case.reason}). Look at it again before you {doing}."
        )
    if not case.is_open:
        raise CaseActionRefused(f"The case is {case.get_state_display().lower()}: nobody acts on "
                                "it any more.")
    workflow = Workflow.objects.filter(document_id=case.document_id).first()
    if workflow is None or workflow.state not in workflow_states:
        raise CaseActionRefused(
            f"You cannot {doing} while the case is {case.get_state_display().lower()} "
            f"({case.reason})"
        )
    return case, workflow


# Decisions that settle the case otherwise: a vendor email nobody has started sending is void.
_SETTLES_EMAILS = {Ev.PAYMENT_APPROVED: "approved for payment", Ev.INVOICE_REJECTED: "rejected"}


def _emit(workflow: Workflow, event: str, user, **payload) -> None:
    workflow_emit(workflow_id=workflow.pk, event_type=event, payload={"by": user.username,
                                                                      **payload})
    if event in _SETTLES_EMAILS:
        from approvals.services import emails_void_for_invoice

        invoice_id = Invoice.objects.filter(document_id=workflow.document_id).values_list(
            "pk", flat=True).first()
        if invoice_id is not None:
            emails_void_for_invoice(
                invoice_id=invoice_id, actor=user.username,
                reason=f"The case was {_SETTLES_EMAILS[event]} by {user.username}.",
            )


def _required(reason: str, what: str = "a reason") -> str:
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(f"Give {what}: it is kept in the trail for whoever looks next.")
    return reason


def _invoice_of(case: Case) -> Invoice:
    invoice = Invoice.objects.select_for_update().filter(document_id=case.document_id).first()
    if invoice is None:
        raise CaseActionRefused("Nothing was read from this document yet: key the invoice in.")
    return invoice


def _open_findings(invoice: Invoice) -> list[Finding]:
    return [f for f in invoice.findings.all() if f.is_open]


# --- 1. correct an extracted field -------------------------------------------------------------


def _parse_field(field: str, value: str):
    if field not in INVOICE_HEADER_FIELDS:
        raise InvalidInput(
            f"{field!r} is not a field of an invoice; one of: {', '.join(INVOICE_HEADER_FIELDS)}."
        )
    kind = Invoice._meta.get_field(field).get_internal_type()
    value = (value or "").strip()
    if kind == "DecimalField":
        try:
            return Decimal(value.replace(",", "")) if value else None
        except InvalidOperation:
            raise InvalidInput(f"{value!r} is not an amount (write it like 1234.50).") from None
    if kind == "DateField":
        try:
            return date.fromisoformat(value) if value else None
        except ValueError:
            raise InvalidInput(f"{value!r} is not a date (write it like 2026-03-31).") from None
    if field == "currency":
        value = value.upper()
        if value and (len(value) != 3 or not value.isalpha()):
            raise InvalidInput(f"{value!r} is not a currency code (like EUR).")
    return value


def case_correct_field(*, case_id: int, user, field: str, value: str, reason: str = "",
                       version: int | None = None) -> Case:
    """Correct a value intake misread; the old and the new value are kept in the trail, and
    validation runs again as a new step of the same workflow."""
    new = _parse_field(field, value)
    with transaction.atomic():
        case, workflow = _locked_case(case_id=case_id, user=user, version=version,
                                      workflow_states=WAITING_FOR_CLERK, doing="correct a field")
        invoice = _invoice_of(case)
        old = getattr(invoice, field)
        if old == new:
            raise InvalidInput(f"The {_label(field)} is already {_shown(new)}.")
        try:
            with transaction.atomic():
                Invoice.objects.filter(pk=invoice.pk).update(
                    **{field: new}, status=Invoice.Status.EXTRACTED, updated_at=timezone.now()
                )
        except IntegrityError:
            raise InvalidInput(
                f"Another invoice from this vendor already has number {new!r}."
            ) from None
        _emit(workflow, Ev.FIELD_CORRECTED, user, field=field, old=_shown(old), new=_shown(new),
              reason=reason.strip())
        _revalidate(workflow, user, f"{_label(field)} corrected")
    return case_sync(document_id=case.document_id)


def _revalidate(workflow: Workflow, user, why: str) -> None:
    _emit(workflow, Ev.VALIDATION_REQUESTED, user, reason=f"{why} by {user.username}; "
          "validation runs again")


def _label(field: str) -> str:
    return str(Invoice._meta.get_field(field).verbose_name)


def _shown(value) -> str:
    return "" if value is None else str(value)


# --- 2. accept a finding; 8. approve for payment -------------------------------------------------


def case_accept_finding(*, case_id: int, user, finding_id: int, reason: str,
                        version: int | None = None) -> Case:
    """Accept a finding with a reason. When no finding is left open the invoice is approved for
    payment by this person (above the four-eyes limit, a second person must approve too)."""
    reason = _required(reason)
    with transaction.atomic():
        case, workflow = _locked_case(case_id=case_id, user=user, version=version,
                                      workflow_states=WAITING_FOR_CLERK, doing="accept a finding")
        invoice = _invoice_of(case)
        _accept(invoice, user, [finding_id], reason, workflow)
        if not _open_findings(invoice):
            _approve(case, workflow, invoice, user, "all findings accepted")
    return case_sync(document_id=case.document_id)


def _accept(invoice: Invoice, user, finding_ids: list[int], reason: str, workflow) -> None:
    for finding_id in finding_ids:
        finding = invoice.findings.filter(pk=finding_id).first()
        if finding is None:
            raise InvalidInput(f"Finding {finding_id} is not a finding of this invoice.")
        changed = Finding.objects.filter(pk=finding.pk, accepted_at__isnull=True).update(
            accepted_by=user, accepted_at=timezone.now(), accepted_reason=reason
        )
        if not changed:
            raise CaseActionRefused(
                f"The finding \u201c{finding.get_kind_display()}\u201d was already accepted."
            )
        _emit(workflow, Ev.FINDING_ACCEPTED, user, finding_id=finding.pk, kind=finding.kind,
              message=finding.message, reason=reason)


def case_approve_for_payment(*, case_id: int, user, version: int | None = None) -> Case:
    """Approve a held invoice for payment once no finding is open. Above the four-eyes limit
    (PaymentPolicy) the first approval waits for a second, by another person."""
    with transaction.atomic():
        case, workflow = _locked_case(case_id=case_id, user=user, version=version,
                                      workflow_states=WAITING_FOR_CLERK,
                                      doing="approve it for payment")
        invoice = _invoice_of(case)
        if invoice.status not in (Invoice.Status.MATCHED, Invoice.Status.EXCEPTION):
            raise CaseActionRefused(
                "The invoice has not been validated since it was read or corrected: wait for "
                "validation, or correct what it needs."
            )
        still_open = _open_findings(invoice)
        if still_open:
            kinds = ", ".join(f.get_kind_display().lower() for f in still_open)
            raise CaseActionRefused(
                f"{len(still_open)} finding(s) still open ({kinds}): accept each with a reason, "
                "or resolve it, before approving payment."
            )
        _approve(case, workflow, invoice, user, "approved for payment")
    return case_sync(document_id=case.document_id)


def _approve(case: Case, workflow, invoice: Invoice, user, why: str) -> None:
    limit = PaymentPolicy.current().four_eyes_above
    above = invoice.total is not None and invoice.total > limit
    first = case.payment_approved_by
    if above and first is None:
        Case.objects.filter(pk=case.pk).update(payment_approved_by=user)
        _emit(workflow, Ev.PAYMENT_FIRST_APPROVAL, user, limit=str(limit),
              total=_shown(invoice.total), reason=why)
        return
    if above and first == user:
        raise NotAllowed(
            f"You approved this payment already; above {limit} {invoice.currency} a second "
            "person must approve it."
        )
    second = f" and {user.username}" if above else ""
    who = f"{first.username}{second}" if above else user.username
    Invoice.objects.filter(pk=invoice.pk).update(
        status=Invoice.Status.APPROVED, updated_at=timezone.now()
    )
    _emit(workflow, Ev.PAYMENT_APPROVED, user,
          reason=f"Approved for payment by {who} ({why}).")


# --- 3. reject; mark as not an invoice; 7. duplicates ---------------------------------------------


def case_reject(*, case_id: int, user, reason: str, version: int | None = None) -> Case:
    """Reject the invoice (a duplicate, not ours, wrong vendor, ...): it will not be paid."""
    reason = _required(reason)
    with transaction.atomic():
        case, workflow = _locked_case(
            case_id=case_id, user=user, version=version,
            workflow_states=(*WAITING_FOR_CLERK, *WAITING_FOR_VENDOR), doing="reject it",
        )
        _reject(case, workflow, user, f"Rejected by {user.username}: {reason}")
    return case_sync(document_id=case.document_id)


def _reject(case: Case, workflow, user, reason: str) -> None:
    Invoice.objects.filter(document_id=case.document_id).update(
        status=Invoice.Status.REJECTED, updated_at=timezone.now()
    )
    _emit(workflow, Ev.INVOICE_REJECTED, user, reason=reason)


def case_mark_not_invoice(*, case_id: int, user, reason: str = "",
                          version: int | None = None) -> Case:
    """The document is not an invoice (a delivery note, a letter): it is kept, never paid."""
    why = reason.strip() or "not an invoice"
    with transaction.atomic():
        case, workflow = _locked_case(case_id=case_id, user=user, version=version,
                                      workflow_states=(W.NEEDS_HUMAN,),
                                      doing="mark it as not an invoice")
        Document.objects.filter(pk=case.document_id).update(
            status=Document.Status.REJECTED,
            error_reason=f"Not an invoice (marked by {user.username}): {why}",
        )
        _reject(case, workflow, user, f"Not an invoice, marked by {user.username}: {why}")
    return case_sync(document_id=case.document_id)


def case_link_duplicate(*, case_id: int, user, original_case_id: int, reason: str = "",
                        version: int | None = None) -> Case:
    """This invoice is a copy of the invoice of `original_case_id`: link it and reject it."""
    with transaction.atomic():
        case, workflow = _locked_case(case_id=case_id, user=user, version=version,
                                      workflow_states=WAITING_FOR_CLERK,
                                      doing="link it to its original")
        invoice = _invoice_of(case)
        original = Invoice.objects.filter(case__pk=original_case_id).first()
        if original is None or original.pk == invoice.pk:
            raise InvalidInput(f"Case {original_case_id} has no other invoice to link to.")
        Invoice.objects.filter(pk=invoice.pk).update(duplicate_of=original)
        why = f"Duplicate of invoice {original.invoice_number or original.pk} (case " \
              f"{original_case_id}), linked by {user.username}"
        _reject(case, workflow, user, f"{why}: {reason.strip()}" if reason.strip() else why)
    return case_sync(document_id=case.document_id)


def case_confirm_not_duplicate(*, case_id: int, user, reason: str,
                               version: int | None = None) -> Case:
    """The suspected duplicate is a different invoice: its duplicate findings are accepted."""
    reason = _required(reason)
    with transaction.atomic():
        case, workflow = _locked_case(case_id=case_id, user=user, version=version,
                                      workflow_states=WAITING_FOR_CLERK,
                                      doing="confirm it is not a duplicate")
        invoice = _invoice_of(case)
        duplicates = [f.pk for f in _open_findings(invoice) if f.kind in DUPLICATE_KINDS]
        if not duplicates:
            raise CaseActionRefused("No duplicate finding is open on this invoice.")
        if invoice.duplicate_of_id is not None:
            try:
                with transaction.atomic():
                    Invoice.objects.filter(pk=invoice.pk).update(duplicate_of=None)
            except IntegrityError:
                raise CaseActionRefused(
                    "Another live invoice from this vendor has the same number, so this one "
                    "cannot be paid under it: reject it, or correct its number."
                ) from None
        _accept(invoice, user, duplicates, f"Not a duplicate: {reason}", workflow)
        if not _open_findings(invoice):
            _approve(case, workflow, invoice, user, "not a duplicate")
    return case_sync(document_id=case.document_id)


# --- 4. ask for a vendor email; 5. hold and reopen ----------------------------------------------


def case_request_email(*, case_id: int, user, note: str = "", version: int | None = None) -> Case:
    """Ask the exception agent to draft an email to the vendor (again, after an approver
    rejected a draft). The draft goes to an approver; nothing is sent from here."""
    with transaction.atomic():
        case, workflow = _locked_case(case_id=case_id, user=user, version=version,
                                      workflow_states=WAITING_FOR_CLERK,
                                      doing="ask for a vendor email")
        invoice = _invoice_of(case)
        if invoice.vendor_id is None:
            raise CaseActionRefused(
                "The vendor is not on file, so there is nobody to write to: pick or add the "
                "vendor first."
            )
        _emit(workflow, Ev.EMAIL_REQUESTED, user, note=note.strip(),
              reason=f"Vendor email requested by {user.username}")
    return case_sync(document_id=case.document_id)


def case_hold(*, case_id: int, user, reason: str = "", version: int | None = None) -> Case:
    """Put the case aside until the vendor answers (reopen it then)."""
    why = reason.strip() or "waiting for the vendor"
    with transaction.atomic():
        case, workflow = _locked_case(case_id=case_id, user=user, version=version,
                                      workflow_states=WAITING_FOR_CLERK, doing="put it on hold")
        _emit(workflow, Ev.CASE_ON_HOLD, user, reason=f"On hold ({user.username}): {why}")
    return case_sync(document_id=case.document_id)


def case_reopen(*, case_id: int, user, reason: str = "", version: int | None = None) -> Case:
    """Back to the clerk: the vendor answered, or the hold is over."""
    why = reason.strip() or "reopened"
    with transaction.atomic():
        case, workflow = _locked_case(case_id=case_id, user=user, version=version,
                                      workflow_states=WAITING_FOR_VENDOR, doing="reopen it")
        _emit(workflow, Ev.CASE_REOPENED, user, reason=f"Reopened by {user.username}: {why}")
    return case_sync(document_id=case.document_id)


# --- 6. resolve what an agent could not ----------------------------------------------------------


def case_resolve_vendor(*, case_id: int, user, vendor_id: int | None = None,
                        new_legal_name: str = "", new_tax_id: str = "",
                        version: int | None = None) -> Case:
    """Say who the vendor is: one on file (the printed name becomes one of its aliases, so the
    next invoice is recognised) or a new one. Validation runs again."""
    with transaction.atomic():
        case, workflow = _locked_case(case_id=case_id, user=user, version=version,
                                      workflow_states=WAITING_FOR_CLERK,
                                      doing="resolve the vendor")
        invoice = _invoice_of(case)
        printed = invoice.vendor_name.strip()
        if vendor_id is not None:
            vendor = Vendor.objects.select_for_update().filter(pk=vendor_id).first()
            if vendor is None:
                raise InvalidInput(f"There is no vendor {vendor_id}.")
            if not vendor.is_active:
                raise CaseActionRefused(f"{vendor.legal_name} is inactive: an AP admin decides.")
            if printed and printed.casefold() not in (n.casefold() for n in vendor.names()):
                # save(), not update(): the vendor's lookup keys (name_keys) are kept on save
                vendor.aliases = [*vendor.aliases, printed]
                vendor.save(update_fields=["aliases", "updated_at"])
            created = False
        else:
            name = _required(new_legal_name, "the vendor's legal name")
            if Vendor.objects.filter(legal_name__iexact=name).exists():
                raise InvalidInput(f"{name} is on file already: pick it instead.")
            aliases = [printed] if printed and printed.casefold() != name.casefold() else []
            vendor = Vendor.objects.create(
                legal_name=name, tax_id=new_tax_id.strip() or invoice.vendor_tax_id,
                aliases=aliases, currency=invoice.currency or "EUR",
            )
            created = True
        Invoice.objects.filter(pk=invoice.pk).update(
            status=Invoice.Status.EXTRACTED, updated_at=timezone.now()
        )
        _emit(workflow, Ev.VENDOR_RESOLVED, user, vendor_id=vendor.pk,
              vendor=vendor.legal_name, created=created, printed=printed)
        _revalidate(workflow, user, f"Vendor {'added' if created else 'picked'}")
    return case_sync(document_id=case.document_id)


def case_key_in(*, case_id: int, user, fields: dict, lines: list[dict],
                version: int | None = None) -> Case:
    """Key in the invoice of a document intake could not read; validation then checks it like
    any other. `fields` hold INVOICE_HEADER_FIELDS as text; `lines` description, quantity,
    unit_price, amount."""
    header = {name: _parse_field(name, str(fields.get(name) or "")) for name in
              INVOICE_HEADER_FIELDS}
    missing = [_label(n) for n in ("vendor_name", "invoice_number", "invoice_date", "total")
               if header[n] in (None, "")]
    if missing:
        raise InvalidInput(f"Key in at least: {', '.join(missing)}.")
    parsed_lines = [
        {"line_no": number, "description": (line.get("description") or "").strip()[:1000],
         **{name: _decimal(line.get(name), name) for name in ("quantity", "unit_price", "amount")}}
        for number, line in enumerate(
            (line for line in lines if any(str(v).strip() for v in line.values())), start=1
        )
    ]
    with transaction.atomic():
        case, workflow = _locked_case(case_id=case_id, user=user, version=version,
                                      workflow_states=(W.NEEDS_HUMAN,),
                                      doing="key the invoice in")
        existing = Invoice.objects.filter(document_id=case.document_id).first()
        if existing is not None and existing.status != Invoice.Status.EXTRACTED:
            raise CaseActionRefused("This invoice was read and checked: correct its fields.")
        invoice_save_extraction(
            document_id=case.document_id, fields=header, lines=parsed_lines,
            confidence=dict.fromkeys(INVOICE_HEADER_FIELDS, 1.0),
            extracted_by=f"keyed in by {user.username}"[:32],
        )
        _emit(workflow, Ev.FIELDS_KEYED_IN, user, lines=len(parsed_lines),
              fields={k: _shown(v) for k, v in header.items() if v not in (None, "")})
        _revalidate(workflow, user, "Invoice keyed in")
    return case_sync(document_id=case.document_id)


def _decimal(value, name: str) -> Decimal | None:
    text = str(value or "").strip().replace(",", "")
    if not text:
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        raise InvalidInput(f"Line {name.replace('_', ' ')} {text!r} is not a number.") from None


# --- claim and assign ----------------------------------------------------------------------------


def case_assign(*, case_id: int, user, username: str | None,
                version: int | None = None) -> Case:
    """Assign the case (to nobody when `username` is empty). A clerk may claim a case or give
    their own back; an AP admin may assign anyone who works cases."""
    with transaction.atomic():
        case, workflow = _locked_case(case_id=case_id, user=user, version=version,
                                      workflow_states=set(W.values), doing="assign it")
        assignee = None
        if username:
            assignee = get_user_model().objects.filter(username=username, is_active=True).first()
            if assignee is None:
                raise InvalidInput(f"There is no active user {username!r}.")
            if not has_role(assignee, CLERK, ADMIN):
                raise InvalidInput(f"{username} is neither an AP clerk nor an AP admin.")
        if not has_role(user, ADMIN):
            if assignee is not None and assignee != user:
                raise NotAllowed("A clerk may claim a case; only an AP admin may reassign it.")
            if assignee is None and case.assignee_id not in (None, user.pk):
                raise NotAllowed("Only an AP admin may take a case from another clerk.")
        changed = Case.objects.filter(pk=case.pk, version=case.version).update(
            assignee=assignee, version=case.version + 1, updated_at=timezone.now()
        )
        if changed != 1:
            raise CaseChanged("This case changed while you assigned it; look at it again.")
        _emit(workflow, Ev.CASE_ASSIGNED, user, to=username or "")
    return case_sync(document_id=case.document_id)


# --- the triage list: re-route or file what the router did not send to intake -------------------


def case_reroute(*, case_id: int, user, route: str, reason: str = "",
                 version: int | None = None) -> Case:
    """A clerk says what a triaged document is. An invoice or a credit note goes to intake (the
    router is not asked again); any other route stays on the triage list under its new route.
    The re-routing is kept with who decided; the Librarian turns it into a labelled example
    for the router (procurement.routing.router_example_add)."""
    from agents.router import AP_ROUTES, LABELS, ROUTES
    from procurement.routing import document_route_record

    if route not in ROUTES:
        raise InvalidInput(f"{route!r} is not a route; choose one of: {', '.join(ROUTES)}.")
    why = (reason or "").strip()
    with transaction.atomic():
        case, workflow = _locked_case(case_id=case_id, user=user, version=version,
                                      workflow_states=(W.TRIAGE,), doing="re-route it")
        routing = getattr(case.document, "routing", None)
        previous = routing.route if routing else ""
        said = f"Re-routed by {user.username} as {LABELS[route]}" + (f": {why}" if why else "")
        document_route_record(
            document_id=case.document_id, route=route,
            scores=routing.scores if routing else {}, triage=route not in AP_ROUTES,
            reason=said, decided_by=user.username,
        )
        if route in AP_ROUTES:
            _emit(workflow, Ev.DOCUMENT_REROUTED, user, route=route, previous=previous,
                  reason=said)
        else:
            _emit(workflow, Ev.ROUTE_CHANGED, user, route=route, previous=previous, reason=said)
            Workflow.objects.filter(pk=workflow.pk).update(
                reason=f"{said}. A clerk re-routes it or files it (triage list)."
            )
    return case_sync(document_id=case.document_id)


def case_mark_paid(*, case_id: int, user, reason: str = "", version: int | None = None) -> Case:
    """A ready-to-pay invoice was paid (or handed to the payment run): its case closes, and the
    librarian reads the settled case (CaseClosed). Only from `approved`: nothing else is paid."""
    why = (reason or "").strip() or "paid"
    with transaction.atomic():
        case, workflow = _locked_case(case_id=case_id, user=user, version=version,
                                      workflow_states=(W.APPROVED,), doing="mark it as paid")
        _emit(workflow, Ev.CASE_CLOSED, user, reason=f"Closed by {user.username}: {why}")
    return case_sync(document_id=case.document_id)


def case_file(*, case_id: int, user, reason: str = "", version: int | None = None) -> Case:
    """Nothing for accounts payable to do with a triaged document (a statement checked, an
    inquiry answered, a newsletter): it is kept and the case is closed."""
    why = (reason or "").strip() or "nothing for accounts payable to do"
    with transaction.atomic():
        case, workflow = _locked_case(case_id=case_id, user=user, version=version,
                                      workflow_states=(W.TRIAGE,), doing="file it")
        _emit(workflow, Ev.DOCUMENT_FILED, user, reason=f"Filed by {user.username}: {why}")
    return case_sync(document_id=case.document_id)
