"""The semantic router: which kind of document is this, and who handles it?

    decide(text, learned=()) -> RouteDecision

Routes: `invoice` and `credit_note` go on to intake and validation; `statement`,
`po_confirmation`, `vendor_inquiry` and `other` go to the clerks' triage list. So does a document
the router is unsure of: its best score is below that route's threshold, or the best route on the
other side of the line between intake and triage is within MARGIN of the best (an invoice that
might be a statement is for a person; one that might be an invoice or a credit note goes on, as
whichever scored higher). Such a tie names its two candidates, for a configured LLM to pick
between (agents/intake/step.py); the rules provider never does.

The model (agents/router/classifier.py) is built from the shipped examples
(agents/router/examples.py) plus any learned ones (a clerk's re-routing, kept through the
Librarian: procurement.routing.router_example_add). Imports neither Django nor the extractor.
"""
from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass, field

from agents.router.classifier import Classifier
from agents.router.examples import EXAMPLES, ROUTES

AP_ROUTES = frozenset({"invoice", "credit_note"})
# Below its threshold a route is a guess. Set on the calibration split (tests/router/calibration.py,
# never on the test split) by bench/router.py --split calibration: halfway between the highest
# score of a text wrongly routed to the route and the lowest of one rightly routed there, and for
# invoice and credit note at most half that lowest right score, to leave room for pages that say
# less than any in the split (README, Router).
THRESHOLDS: dict[str, float] = {
    "invoice": 0.084,
    "credit_note": 0.147,
    "statement": 0.111,
    "po_confirmation": 0.081,
    "vendor_inquiry": 0.164,
    "other": 0.054,
}
# The best route and the best on the other side of the intake/triage line within this share of
# the best score: a tie for a person (or a configured LLM) to break. A wider margin catches more
# look-alikes but sends real invoices with unusual wording to triage (README, Router); at 8% the
# closest real invoice just clears it.
MARGIN = 0.08

LABELS = {
    "invoice": "invoice",
    "credit_note": "credit note",
    "statement": "statement of account",
    "po_confirmation": "order confirmation",
    "vendor_inquiry": "vendor inquiry",
    "other": "not accounts payable",
}


@dataclass(frozen=True)
class RouteDecision:
    route: str
    scores: dict[str, float]
    triage: bool  # True: the clerks' triage list; False: intake and validation
    reason: str = ""  # why it went to triage, for the clerk
    candidates: tuple[str, ...] = field(default=())  # the close ones, when the margin decided

    def as_json(self) -> dict:
        return {"route": self.route, "scores": self.scores, "triage": self.triage}


@functools.lru_cache(maxsize=4)
def model_for(learned: tuple[tuple[str, str], ...] = ()) -> Classifier:
    """The model of the shipped examples plus `learned` (route, text) pairs, built once per set."""
    examples = {route: list(texts) for route, texts in EXAMPLES.items()}
    for route, text in learned:
        if route in examples:
            examples[route].append(text)
    return Classifier(examples)


def decide(text: str, *, learned: Iterable[tuple[str, str]] = ()) -> RouteDecision:
    """Route a document on its text (the first pages, as intake read them)."""
    scores = model_for(tuple(learned)).scores(text)
    return decision_from(scores)


def decision_from(scores: dict[str, float]) -> RouteDecision:
    ranked = sorted(scores, key=lambda route: (-scores[route], ROUTES.index(route)))
    best = ranked[0]
    if scores[best] < THRESHOLDS[best]:
        return RouteDecision(
            best, scores, True,
            f"No route is sure: the best, {LABELS[best]}, scored {scores[best]:.2f}, below "
            f"its threshold of {THRESHOLDS[best]:.2f}.",
        )
    # The tie that matters: the best route against the best on the other side of the line
    # between intake (invoice, credit note) and the triage list.
    rival = next(route for route in ranked if (route in AP_ROUTES) != (best in AP_ROUTES))
    if scores[best] - scores[rival] < MARGIN * scores[best]:
        return RouteDecision(
            best, scores, True,
            f"Too close to call: {LABELS[best]} {scores[best]:.2f}, {LABELS[rival]} "
            f"{scores[rival]:.2f}.",
            candidates=(best, rival),
        )
    if best not in AP_ROUTES:
        return RouteDecision(best, scores, True, f"Routed as {LABELS[best]}, not an invoice.")
    return RouteDecision(best, scores, False)

