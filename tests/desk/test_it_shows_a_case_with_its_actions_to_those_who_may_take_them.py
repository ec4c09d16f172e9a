"""The case page: findings with their actions, for clerks; read-only for approvers; refused
actions come back as a message; a form from an out-of-date page is refused."""
from procurement.models import Finding


def test_it_shows_a_clerk_the_findings_with_an_accept_form(client, clerk, make_case):
    case = make_case(kinds=("price_variance",))
    client.force_login(clerk)

    page = client.get(f"/cases/{case.pk}/").content.decode()

    assert "Price differs from PO" in page
    assert f'action="/cases/{case.pk}/accept-finding/"' in page
    assert "Ball bearing 6204" in page  # the invoice's line in the order table


def test_it_shows_an_approver_the_case_without_actions(client, approver, make_case):
    case = make_case()
    client.force_login(approver)

    page = client.get(f"/cases/{case.pk}/").content.decode()

    assert "Price differs from PO" in page
    assert "accept-finding" not in page and "Decide" not in page


def test_it_refuses_a_form_posted_from_an_out_of_date_page(client, clerk, make_case):
    case = make_case(kinds=("price_variance", "quantity_variance"))
    finding = Finding.objects.filter(invoice__case=case).first()
    client.force_login(clerk)
    client.post(f"/cases/{case.pk}/hold/", {"version": case.version})

    response = client.post(
        f"/cases/{case.pk}/accept-finding/",
        {"version": case.version, "finding_id": finding.pk, "reason": "fine"}, follow=True,
    )

    assert "This case changed since you opened it" in response.content.decode()
    finding.refresh_from_db()
    assert finding.accepted_at is None


def test_it_refuses_an_approver_who_posts_an_action(client, approver, make_case):
    case = make_case()
    client.force_login(approver)

    response = client.post(f"/cases/{case.pk}/hold/", {"version": case.version}, follow=True)

    assert "Only AP clerks and AP admins may put it on hold." in response.content.decode()


def test_it_forbids_a_case_to_a_user_without_a_role(client, outsider, make_case):
    case = make_case()
    client.force_login(outsider)

    assert client.get(f"/cases/{case.pk}/").status_code == 403
    assert client.post(f"/cases/{case.pk}/hold/").status_code == 403


def test_it_offers_the_second_approval_only_to_someone_who_has_not_approved(
    client, clerk, ap_admin, make_case
):
    from decimal import Decimal

    from procurement.models import PaymentPolicy

    PaymentPolicy.objects.create(four_eyes_above=Decimal("100.00"))
    case = make_case(kinds=("price_variance",), total="5000.00")
    finding = Finding.objects.get(invoice__case=case)
    client.force_login(clerk)
    client.post(f"/cases/{case.pk}/accept-finding/",
                {"version": case.version, "finding_id": finding.pk, "reason": "agreed"})

    first = client.get(f"/cases/{case.pk}/").content.decode()
    client.force_login(ap_admin)
    second = client.get(f"/cases/{case.pk}/").content.decode()

    assert '<button class="primary" disabled title="A second person must approve it">' in first
    assert "You approved it; above the four-eyes limit" in first
    assert "A second person must approve it" not in second
    assert "You approved it" not in second
