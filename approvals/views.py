"""The approvals inbox: drafted vendor emails for Approvers to approve, edit or reject, with
the case they are about, the guardrail verdicts and what a person changed in the agent's draft.
Blocked drafts are listed apart, with the rule that blocked them and the offending text.

Every action is one approvals service; this module only parses and renders. With htmx an action
answers with the email's card; without JavaScript it redirects back to the inbox.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from approvals.models import OutboundEmail
from approvals.queries import emails_visible_to
from approvals.services import (
    EmailRefused,
    email_approve,
    email_discard,
    email_edit,
    email_reject,
)
from procurement.roles import ADMIN, APPROVER, CLERK, has_role, role_required

S = OutboundEmail.State
RECENTLY_SENT = 10


@dataclass
class EmailCard:
    """One email as a card shows it, with what this user may do to it."""

    email: OutboundEmail
    user: object
    error: str = ""
    notice: str = ""
    diff: list[tuple[str, str]] = field(init=False)

    def __post_init__(self):
        self.diff = draft_diff(self.email) if self.email.is_edited else []

    @property
    def case(self):
        return getattr(self.email.invoice, "case", None)

    @property
    def approvers(self) -> list[str]:
        return [a.user.username for a in self.email.approvals.all()
                if a.content_hash == self.email.content_hash]

    @property
    def can_approve(self) -> bool:
        return self.email.state == S.AWAITING_APPROVAL and has_role(self.user, APPROVER)

    @property
    def can_reject(self) -> bool:
        return has_role(self.user, APPROVER) and self.email.state in (
            S.AWAITING_APPROVAL, S.BLOCKED, S.APPROVED
        )

    @property
    def can_edit(self) -> bool:
        return has_role(self.user, CLERK, APPROVER, ADMIN) and self.email.state in (
            S.BLOCKED, S.AWAITING_APPROVAL, S.APPROVED
        )

    @property
    def can_discard(self) -> bool:
        return has_role(self.user, CLERK, APPROVER, ADMIN) and self.email.state in (
            S.BLOCKED, S.AWAITING_APPROVAL
        )


def draft_diff(email: OutboundEmail) -> list[tuple[str, str]]:
    """(kind, line) of the agent's draft against the current text: '+' added, '-' removed."""
    before = [f"Subject: {email.draft_subject}", *email.draft_body.splitlines()]
    after = [f"Subject: {email.subject}", *email.body.splitlines()]
    lines = []
    for line in difflib.unified_diff(before, after, lineterm="", n=1):
        if line.startswith(("---", "+++")):
            continue
        kind = {"+": "added", "-": "removed", "@": "gap"}.get(line[:1], "same")
        lines.append((kind, "…" if kind == "gap" else line[1:]))
    return lines


@role_required(CLERK, APPROVER)
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    emails = emails_visible_to(request.user)

    def cards(query) -> list[EmailCard]:
        return [EmailCard(email, request.user) for email in query]

    context = {
        "awaiting": cards(emails.filter(state=S.AWAITING_APPROVAL).order_by("created_at")),
        "blocked": cards(emails.filter(state=S.BLOCKED).order_by("created_at")),
        "refused": cards(emails.filter(state=S.APPROVED, send_failed=True)),
        "on_the_way": cards(emails.filter(state__in=(S.APPROVED, S.SENDING), send_failed=False)),
        "sent": cards(emails.filter(state=S.SENT).order_by("-sent_at")[:RECENTLY_SENT]),
        "is_approver_role": has_role(request.user, APPROVER),
    }
    return render(request, "approvals/inbox.html", context)


@role_required(CLERK, APPROVER)
@require_GET
def email_page(request: HttpRequest, pk: int) -> HttpResponse:
    """One email on its own page (what a card's links open without JavaScript)."""
    email = _get_email_for_user(request, pk)
    return render(request, "approvals/email.html", {"card": EmailCard(email, request.user)})


ACTIONS = ("approve", "reject", "edit", "discard")


@role_required(CLERK, APPROVER)
@require_POST
def email_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    email = _get_email_for_user(request, pk)
    error, notice, shown = "", "", email
    try:
        if action == "approve":
            notice = email_approve(email_id=pk, user=request.user).message
        elif action == "reject":
            email_reject(email_id=pk, user=request.user, reason=request.POST.get("reason", ""))
            notice = "Rejected: the case is back with the clerk."
        elif action == "edit":
            shown = email_edit(email_id=pk, user=request.user,
                               subject=request.POST.get("subject", ""),
                               body=request.POST.get("body", ""))
            notice = ("Blocked by a guardrail: see below." if shown.state == S.BLOCKED
                      else "Saved; it waits for an approver.")
            if shown.pk != pk:
                notice = "The approval no longer holds (the text changed): " + notice.lower()
        elif action == "discard":
            email_discard(email_id=pk, user=request.user, reason=request.POST.get("reason", ""))
            notice = "Discarded: it will not be sent."
        else:
            return HttpResponse(status=404)
    except EmailRefused as refused:
        error = str(refused)
    if request.headers.get("HX-Request"):
        shown = _get_email_for_user(request, shown.pk)
        return render(request, "approvals/_email.html",
                      {"card": EmailCard(shown, request.user, error=error, notice=notice)})
    if error:
        messages.error(request, error)
    else:
        messages.success(request, notice)
    return redirect(f"{reverse('approvals:inbox')}#email-{shown.pk}")


def _get_email_for_user(request: HttpRequest, pk: int) -> OutboundEmail:
    from django.http import Http404

    email = emails_visible_to(request.user).filter(pk=pk).first()
    if email is None:
        raise Http404("No such email.")
    return email
