"""People decide on the case page. The documents a person reaches from "Needs a person" or the
documents list lead there: a document's page names its case, and each row of "Needs a person"
links to the case where the decision is taken."""
from __future__ import annotations


def test_needs_a_person_and_the_document_page_link_to_the_case(client, make_case, clerk):
    case = make_case(workflow_state="needs_human", kinds=())
    client.force_login(clerk)

    waiting = client.get("/documents/needs-a-person/").content.decode()
    document = client.get(f"/documents/{case.document_id}/").content.decode()

    assert f'<a class="small" href="/cases/{case.pk}/">decide on case {case.pk}</a>' in waiting
    assert (f'<a href="/cases/{case.pk}/">Case {case.pk}</a> · Needs a clerk: decide on the '
            "case page") in document
