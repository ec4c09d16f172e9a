from __future__ import annotations


def test_it_forbids_outsiders(trail_builder, client, outsider):
    trail = trail_builder()
    trail.event("DocumentReceived", 0)
    client.force_login(outsider)

    response = client.get(f"/documents/{trail.document.pk}/")

    assert response.status_code == 403
    assert b"DocumentReceived" not in response.content


def test_it_shows_the_trail_to_approvers(trail_builder, client, approver):
    trail = trail_builder()
    trail.event("DocumentReceived", 0)
    client.force_login(approver)

    response = client.get(f"/documents/{trail.document.pk}/")

    assert response.status_code == 200
    assert b"DocumentReceived" in response.content
