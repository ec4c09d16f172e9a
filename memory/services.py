"""Services of the long-term memory: record a fact (merging and flagging contradictions), search,
expire, the AP admin's edits, and tolerance proposals.

Only the librarian records facts (through the `memory.write` tool, scope `memory:write`); other
agents read through `memory.search`, which offers only live facts said by our people.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from memory.models import Fact, ToleranceProposal
from procurement.roles import ADMIN, has_role

_SEARCH_WORD = re.compile(r"[^\W_]{2,}", re.UNICODE)
MAX_TOP_K = 10


class MemoryRefused(Exception):
    """A person's action on memory was refused; the message says why."""

    def __init__(self, message: str, status: int = 409):
        super().__init__(message)
        self.message = message
        self.status = status


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _live(facts: QuerySet[Fact], now: datetime) -> QuerySet[Fact]:
    return facts.filter(status=Fact.Status.ACTIVE).filter(
        Q(expires_at__isnull=True) | Q(expires_at__gt=now)
    )


# --- recording -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Recorded:
    fact: Fact
    outcome: str  # created, merged, unchanged (this case already taught it), contradiction


def fact_record(
    *, vendor_id: int | None, kind: str, subject: str, text: str, value: str = "",
    data: dict | None = None, origin: str = Fact.Origin.PEOPLE, case_id: int | None = None,
    decided_by: str = "", decided_at: datetime | None = None, workflow_id: int | None = None,
    evidence: dict | None = None, now: datetime | None = None,
) -> Recorded:
    """Keep a fact, or merge it into the same fact kept before.

    Same topic (vendor, kind, subject) and origin with the same value: merged (one more case
    in `evidence`, `seen` + 1, its expiry pushed back); the same case twice changes nothing (a
    retried step). Same topic, different value: a contradiction, kept as a new fact and both
    marked contradicted, so neither is offered to agents until an AP admin decides.
    """
    now = now or timezone.now()
    subject, value, text = subject.strip()[:200], value.strip()[:300], text.strip()
    proof = {"case_id": case_id, "by": decided_by, "at": (decided_at or now).isoformat(),
             **(evidence or {})}
    expires = now + timedelta(days=settings.MEMORY_FACT_DAYS)
    with transaction.atomic():
        topic = list(
            Fact.objects.select_for_update()
            .filter(vendor_id=vendor_id, kind=kind, subject=subject, origin=origin)
            .exclude(status=Fact.Status.EXPIRED)
            .order_by("pk")
        )
        same = next((f for f in topic if _same(f.value, value)), None)
        if same is not None:
            if case_id is not None and any(e.get("case_id") == case_id for e in same.evidence):
                return Recorded(same, "unchanged")
            same.evidence = [*same.evidence, proof]
            same.seen = len(same.evidence)
            same.expires_at = expires
            if not same.value:  # facts that only add up (accepted variances) keep the latest text
                same.text = text
                same.data = data or {}
            same.save(update_fields=["evidence", "seen", "expires_at", "text", "data",
                                     "updated_at"])
            return Recorded(same, "merged")
        rivals = [f for f in topic if f.value and value]
        fact = Fact.objects.create(
            vendor_id=vendor_id, kind=kind, subject=subject, value=value, text=text,
            data=data or {}, origin=origin, case_id=case_id, decided_by=decided_by,
            decided_at=decided_at or now, workflow_id=workflow_id, evidence=[proof], seen=1,
            expires_at=expires,
            status=Fact.Status.CONTRADICTED if rivals else Fact.Status.ACTIVE,
            contradicts=rivals[-1] if rivals else None,
        )
        if rivals:
            Fact.objects.filter(pk__in=[f.pk for f in rivals]).update(
                status=Fact.Status.CONTRADICTED, updated_at=now
            )
            return Recorded(fact, "contradiction")
        return Recorded(fact, "created")


def facts_expire(*, now: datetime | None = None) -> int:
    """Mark facts past their expiry as expired (search already withholds them). Returns how many."""
    now = now or timezone.now()
    return Fact.objects.filter(expires_at__lte=now).exclude(status=Fact.Status.EXPIRED).update(
        status=Fact.Status.EXPIRED, updated_at=now
    )


# --- searching -----------------------------------------------------------------------------------


def fact_search(
    *, vendor_id: int, query: str = "", limit: int = 3, origin: str = Fact.Origin.PEOPLE,
    kind: str = "", now: datetime | None = None,
) -> list[Fact]:
    """The live facts about one vendor (and general ones) of one origin, best match first.

    With words, PostgreSQL's full-text search ranks them (the `simple` configuration: facts
    mix English, German and French labels); on SQLite any fact containing a word matches.
    Without words, the newest facts.
    """
    now = now or timezone.now()
    limit = max(1, min(limit, MAX_TOP_K))
    facts = _live(Fact.objects.filter(origin=origin), now).filter(
        Q(vendor_id=vendor_id) | Q(vendor__isnull=True)
    )
    if kind:
        facts = facts.filter(kind=kind)
    words = sorted({w.lower() for w in _SEARCH_WORD.findall(query)})[:20]
    if not words:
        return list(facts.order_by("-updated_at", "-pk")[:limit])
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        vector = SearchVector("subject", "value", "text", config="simple")
        wanted = SearchQuery(" | ".join(words), search_type="raw", config="simple")
        ranked = facts.annotate(search=vector, rank=SearchRank(vector, wanted)).filter(
            search=wanted
        )
        found = list(ranked.order_by("-rank", "-updated_at", "-pk")[:limit * 3])
        # the vendor's own facts before general ones with the same words
        found.sort(key=lambda f: f.vendor_id is None)
        return found[:limit]
    any_word = Q()
    for word in words:
        any_word |= Q(subject__icontains=word) | Q(value__icontains=word) | Q(text__icontains=word)
    found = list(facts.filter(any_word)[:200])

    def score(fact: Fact) -> int:
        haystack = f"{fact.subject} {fact.value} {fact.text}".lower()
        return sum(word in haystack for word in words)

    found.sort(key=lambda f: (f.vendor_id is None, -score(f), -f.updated_at.timestamp(), -f.pk))
    return found[:limit]


# --- the AP admin's review -----------------------------------------------------------------------


def _admin_only(user, doing: str) -> None:
    if not has_role(user, ADMIN):
        raise MemoryRefused(f"Only AP admins may {doing}.", status=403)


def facts_for_review() -> QuerySet[Fact]:
    """Contradictions first, then active facts, then expired ones; newest first within each."""
    from django.db.models import Case, IntegerField, Value, When

    order = Case(
        When(status=Fact.Status.CONTRADICTED, then=Value(0)),
        When(status=Fact.Status.ACTIVE, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return Fact.objects.select_related("vendor").annotate(rank=order).order_by(
        "rank", "vendor__legal_name", "subject", "-updated_at", "-pk"
    )


def fact_edit(*, fact_id: int, user, text: str, value: str, status: str,
              expires_at: datetime | None) -> Fact:
    """An AP admin rewrites a fact, settles a contradiction (status active) or retires one."""
    _admin_only(user, "edit what the librarian remembers")
    text = (text or "").strip()
    if len(text) < 3:
        raise MemoryRefused("Write the fact in a few words.", status=422)
    if status not in Fact.Status.values:
        raise MemoryRefused(f"{status!r} is not a status.", status=422)
    with transaction.atomic():
        fact = Fact.objects.select_for_update().filter(pk=fact_id).first()
        if fact is None:
            raise MemoryRefused(f"There is no fact {fact_id}.", status=404)
        if status == Fact.Status.ACTIVE and fact.status != Fact.Status.ACTIVE:
            rivals = Fact.objects.filter(
                vendor_id=fact.vendor_id, kind=fact.kind, subject=fact.subject,
                origin=fact.origin, status=Fact.Status.ACTIVE,
            ).exclude(pk=fact.pk).exclude(value="")
            if value.strip() and rivals.exists():
                raise MemoryRefused(
                    "Another fact on this subject is active with a different value: delete or "
                    "retire it first."
                )
        fact.text, fact.value, fact.status = text, value.strip()[:300], status
        fact.expires_at, fact.edited_by = expires_at, user.username
        fact.save(update_fields=["text", "value", "status", "expires_at", "edited_by",
                                 "updated_at"])
    return fact


def fact_delete(*, fact_id: int, user) -> None:
    _admin_only(user, "delete what the librarian remembers")
    if not Fact.objects.filter(pk=fact_id).delete()[0]:
        raise MemoryRefused(f"There is no fact {fact_id}.", status=404)


# --- tolerance proposals -------------------------------------------------------------------------

# The finding kinds clerks accept that a vendor tolerance could absorb, and the setting.
PROPOSABLE = {
    "price_variance": ToleranceProposal.Setting.PRICE_PCT,
    "quantity_variance": ToleranceProposal.Setting.QUANTITY_PCT,
}
_TOLERANCE_OF = {"price_tolerance_pct": "price_pct", "quantity_tolerance_pct": "quantity_pct"}


def tolerance_proposal_consider(
    *, vendor_id: int, finding_kind: str, now: datetime | None = None
) -> ToleranceProposal | None:
    """Propose a tolerance change when clerks accepted `finding_kind` for the vendor on at least
    MEMORY_PROPOSAL_MIN_ACCEPTED cases within MEMORY_PROPOSAL_WINDOW_DAYS, and the variances
    accepted go beyond the vendor's tolerance now. The proposal waits for an AP admin; nothing is
    applied here. None when there is no case for one (or one is already waiting)."""
    from procurement.models import Vendor

    setting = PROPOSABLE.get(finding_kind)
    vendor = Vendor.objects.filter(pk=vendor_id).first()
    if setting is None or vendor is None:
        return None
    now = now or timezone.now()
    since = now - timedelta(days=settings.MEMORY_PROPOSAL_WINDOW_DAYS)
    # After an admin decided a proposal, only variances accepted since count towards the next.
    last_decided = ToleranceProposal.objects.filter(
        vendor_id=vendor_id, setting=setting, decided_at__isnull=False
    ).order_by("-decided_at").values_list("decided_at", flat=True).first()
    if last_decided is not None:
        since = max(since, last_decided)
    accepted: dict[int, dict] = {}
    facts = _live(Fact.objects.filter(vendor_id=vendor_id, kind=Fact.Kind.ACCEPTED_VARIANCE,
                                      subject=finding_kind, origin=Fact.Origin.PEOPLE), now)
    for fact in facts:
        for proof in fact.evidence:
            at = datetime.fromisoformat(proof.get("at", "1970-01-01T00:00:00+00:00"))
            size = _decimal(proof.get("size_pct"))
            if proof.get("case_id") is not None and at >= since and size is not None:
                accepted[proof["case_id"]] = proof
    if len(accepted) < settings.MEMORY_PROPOSAL_MIN_ACCEPTED:
        return None
    current = getattr(vendor.tolerances(), _TOLERANCE_OF[setting])
    largest = max(_decimal(p["size_pct"]) for p in accepted.values())
    if largest <= current:
        return None
    # The largest variance accepted, rounded up to the next half percent.
    proposed = Decimal(math.ceil(largest * 2)) / 2
    try:
        with transaction.atomic():
            return ToleranceProposal.objects.create(
                vendor=vendor, setting=setting, finding_kind=finding_kind, current=current,
                proposed=proposed,
                evidence=sorted(accepted.values(), key=lambda p: p.get("at", "")),
            )
    except IntegrityError:
        return None  # one is already waiting for an admin


def _decimal(value) -> Decimal | None:
    try:
        return Decimal(str(value)) if value not in (None, "") else None
    except InvalidOperation:
        return None


def _decide(proposal_id: int, user, status: str, note: str) -> ToleranceProposal:
    now = timezone.now()
    changed = ToleranceProposal.objects.filter(
        pk=proposal_id, status=ToleranceProposal.Status.PENDING
    ).update(status=status, decided_by=user, decided_at=now, decision_note=note.strip())
    if changed != 1:
        if not ToleranceProposal.objects.filter(pk=proposal_id).exists():
            raise MemoryRefused(f"There is no proposal {proposal_id}.", status=404)
        raise MemoryRefused("This proposal was decided already.")
    return ToleranceProposal.objects.select_related("vendor").get(pk=proposal_id)


def tolerance_proposal_approve(*, proposal_id: int, user, note: str = "") -> ToleranceProposal:
    """An AP admin approves: the vendor's tolerance override is set to the proposed value."""
    from procurement.services import vendor_set_tolerance

    _admin_only(user, "change a vendor's tolerances")
    with transaction.atomic():
        proposal = _decide(proposal_id, user, ToleranceProposal.Status.APPROVED, note)
        vendor_set_tolerance(vendor_id=proposal.vendor_id, setting=proposal.setting,
                             value=proposal.proposed)
    return proposal


def tolerance_proposal_decline(*, proposal_id: int, user, note: str = "") -> ToleranceProposal:
    """An AP admin declines: nothing changes on the vendor."""
    _admin_only(user, "decide tolerance proposals")
    with transaction.atomic():
        return _decide(proposal_id, user, ToleranceProposal.Status.DECLINED, note)
