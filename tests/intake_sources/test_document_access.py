"""Who may open the document pages: clerks and AP admins work there, approvers may look,
a user without a role gets 403 and an anonymous visitor is sent to sign in."""
from __future__ import annotations

import pytest
from django.urls import reverse

from procurement.ingestion import document_ingest
from tests.intake_sources.conftest import make_pdf


@pytest.fixture
def document(db):
    result = document_ingest(content=make_pdf("ACME 1001"), filename="acme.pdf", source="cli")
    return result.document


def _urls(document) -> dict[str, str]:
    return {
        "list": reverse("documents:list"),
        "detail": reverse("documents:detail", args=[document.pk]),
        "file": reverse("documents:file", args=[document.pk]),
        "needs_person": reverse("documents:needs_person"),
        "upload": reverse("documents:upload"),
    }


@pytest.mark.parametrize(
    "who, expected",
    [
        ("clerk", {"list": 200, "detail": 200, "file": 200, "needs_person": 200, "upload": 200}),
        ("ap_admin", {"list": 200, "detail": 200, "file": 200, "needs_person": 200, "upload": 200}),
        ("approver", {"list": 200, "detail": 200, "file": 200, "needs_person": 200, "upload": 403}),
        ("outsider", {"list": 403, "detail": 403, "file": 403, "needs_person": 403, "upload": 403}),
    ],
)
def test_it_lets_each_role_open_what_it_may(client, document, who, expected, request):
    client.force_login(request.getfixturevalue(who))

    got = {name: client.get(url).status_code for name, url in _urls(document).items()}

    assert got == expected


def test_it_sends_an_anonymous_visitor_to_sign_in(client, document):
    for url in _urls(document).values():
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/login/?next=")


def test_it_answers_404_for_a_document_that_does_not_exist(client, clerk):
    client.force_login(clerk)

    assert client.get(reverse("documents:detail", args=[999999])).status_code == 404
    assert client.get(reverse("documents:file", args=[999999])).status_code == 404


def test_it_shows_clerks_the_document_links_in_the_navigation(client, clerk, approver):
    client.force_login(clerk)
    html = client.get("/").content.decode()
    assert 'href="/documents/"' in html and 'href="/documents/upload/"' in html

    client.force_login(approver)
    html = client.get("/").content.decode()
    assert 'href="/documents/"' in html and 'href="/documents/upload/"' not in html
