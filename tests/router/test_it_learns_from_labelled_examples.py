"""router_example_add: a labelled example (a clerk's re-routing, handed over by the Librarian)
is used by the router from the next document on, on top of the shipped examples."""
from __future__ import annotations

import pytest

from procurement.models import RouteExample
from procurement.routing import router_classify, router_example_add

# A vendor's announcement of a direct debit reads much like an invoice to the shipped model.
PRENOTIFICATION = ("SEPA-Vorabankündigung: Wir ziehen den Monatsbeitrag von 49,00 EUR am "
                   "05.05.2026 per Lastschrift von Ihrem Konto ein. Mandatsreferenz M-2211.")


def test_a_learned_example_changes_the_route_of_a_like_document(db):
    before = router_classify(text=PRENOTIFICATION)
    assert before.route != "other"

    example, created = router_example_add(
        route="other",
        text="SEPA-Vorabankündigung: Lastschrift wird am Fälligkeitstag von Ihrem Konto "
             "eingezogen, Mandatsreferenz",
        source="case 41, re-routed by carla.clerk on 2026-04-02",
    )
    assert created and example.source.startswith("case 41")

    after = router_classify(text=PRENOTIFICATION)
    assert after.route == "other" and after.triage is True
    assert after.scores["other"] > before.scores["other"]


def test_the_same_example_is_kept_once_and_nonsense_is_refused(db):
    router_example_add(route="statement", text="Saldenliste zum Quartalsende", source="a")
    _, created = router_example_add(route="statement", text="Saldenliste zum Quartalsende ",
                                    source="b")
    assert not created and RouteExample.objects.count() == 1
    with pytest.raises(ValueError, match="not a route"):
        router_example_add(route="receipt", text="x", source="a")
    with pytest.raises(ValueError, match="needs some text"):
        router_example_add(route="other", text="  ", source="a")
