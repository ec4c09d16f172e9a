"""An AP admin hands a case to a clerk from the case page: a menu of the people who work cases,
whether the case is unassigned, taken by someone else, or the admin's own. A clerk still only
claims or gives back."""
from __future__ import annotations

from procurement.models import Case


def test_an_ap_admin_assigns_an_unassigned_case_to_a_clerk(client, make_case, ap_admin, clerk,
                                                          approver):
    case = make_case()
    client.force_login(ap_admin)

    page = client.get(f"/cases/{case.pk}/").content.decode()

    menu = page.split('aria-label="Assign to"')[1].split("</select>")[0]
    assert f'<option value="{clerk.username}">' in menu
    assert f'<option value="{ap_admin.username}">' in menu
    assert approver.username not in menu  # an approver does not work cases
    response = client.post(f"/cases/{case.pk}/assign/",
                           {"username": clerk.username, "version": case.version})
    assert response.status_code == 302
    assert Case.objects.get(pk=case.pk).assignee == clerk


def test_an_ap_admin_moves_their_own_case_to_a_clerk(client, make_case, ap_admin, clerk):
    case = make_case()
    client.force_login(ap_admin)
    client.post(f"/cases/{case.pk}/assign/", {"username": ap_admin.username,
                                             "version": case.version})
    case.refresh_from_db()

    page = client.get(f"/cases/{case.pk}/").content.decode()

    assert f'<option value="{ap_admin.username}" selected>' in page
    client.post(f"/cases/{case.pk}/assign/", {"username": clerk.username, "version": case.version})
    assert Case.objects.get(pk=case.pk).assignee == clerk


def test_a_clerk_only_claims(client, make_case, clerk):
    case = make_case()
    client.force_login(clerk)

    page = client.get(f"/cases/{case.pk}/").content.decode()

    assert 'aria-label="Assign to"' not in page
    assert "Assign to me" in page
