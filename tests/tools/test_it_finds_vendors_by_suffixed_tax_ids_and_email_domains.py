"""vendors.find with the tax id forms printed abroad, the sender's email domain, and an indexed
lookup that never loads every vendor."""
from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext


@pytest.fixture
def abroad(seeded):
    from procurement.models import Vendor

    return {
        "no": Vendor.objects.create(legal_name="Fjord Marine AS", tax_id="NO 995 525 828 MVA",
                                    email_domains=["fjord-marine.example"]),
        "ch": Vendor.objects.create(legal_name="Alpen Praezision AG",
                                    tax_id="CHE-107.787.577 MWST"),
        "gb": Vendor.objects.create(legal_name="Thames Tools Ltd", tax_id="GB 980 7806 84"),
    }


@pytest.mark.parametrize(("printed", "who"), [
    ("NO995525828MVA", "no"),
    ("995525828", "no"),  # without country prefix or suffix
    ("NO 995 525 828", "no"),
    ("CHE-107.787.577 MWST", "ch"),
    ("CHE107787577", "ch"),
    ("CHE-107.787.577 TVA", "ch"),  # the French-speaking suffix
    ("GB980780684", "gb"),
    ("980 7806 84", "gb"),
])
def test_it_finds_a_vendor_by_its_tax_id_in_any_printed_form(tools_for, abroad, printed, who):
    result = tools_for("validation").call("vendors.find", tax_id=printed)

    assert [c.vendor_id for c in result.candidates] == [abroad[who].pk]
    assert result.candidates[0].matched_on == ["tax_id"]


def test_it_finds_a_vendor_by_the_senders_email_domain(tools_for, abroad):
    result = tools_for("validation").call("vendors.find", email="Invoices@Fjord-Marine.example")

    assert [(c.vendor_id, c.matched_on) for c in result.candidates] == [
        (abroad["no"].pk, ["email_domain"])
    ]


def test_it_looks_vendors_up_in_two_queries_however_many_there_are(tools_for, seeded):
    from procurement.models import Vendor
    from procurement.services import vendor_find

    for n in range(200):
        Vendor.objects.create(legal_name=f"Filler Trading {n} GmbH", tax_id=f"DE{n:09d}")

    with CaptureQueriesContext(connection) as queries:
        found = vendor_find(name="Acme Industrial Supplies", tax_id="DE123456789")

    assert found[0].vendor == seeded.acme
    assert len(queries) <= 3  # identifiers, names (and once per process: is pg_trgm there)
    assert all("LIMIT" in q["sql"] or "tax_id_key" in q["sql"] or "pg_extension" in q["sql"]
               for q in queries)
