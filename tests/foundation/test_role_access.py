"""Who may open which page: every named user against every page, as one table.

To cover a new page, add a `Page` to PAGES: its URL name, whether it lives in the product
("app") or the Django admin ("admin"), and the users who may open it. Everybody else is refused
the way that area refuses: the product sends anonymous visitors to its login page and answers
403 to a signed-in user without the role; the admin sends anyone who is not staff to the admin
login and answers 403 to staff without the permission.
"""
from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.contrib import admin
from django.urls import reverse

USERS = ("anonymous", "outsider", "clerk", "approver", "ap_admin")
STAFF = {"ap_admin"}  # the only named user with is_staff
ANY_ROLE = frozenset({"clerk", "approver", "ap_admin"})
AP_ADMIN = frozenset({"ap_admin"})
NOBODY = frozenset()


@dataclass(frozen=True)
class Page:
    url_name: str
    area: str  # "app" or "admin"
    allowed: frozenset[str]

    def __str__(self) -> str:
        return self.url_name


def _changelist(model: str, allowed=AP_ADMIN) -> Page:
    return Page(f"admin:procurement_{model}_changelist", "admin", allowed)


PAGES = [
    Page("home", "app", ANY_ROLE),
    Page("documents:list", "app", ANY_ROLE),
    Page("documents:needs_person", "app", ANY_ROLE),
    Page("documents:upload", "app", frozenset({"clerk", "ap_admin"})),
    Page("cases:queue", "app", ANY_ROLE),
    Page("dashboard", "app", frozenset({"clerk", "ap_admin"})),
    Page("memory:review", "app", AP_ADMIN),
    # Clerks read and edit drafts too; only the Approver role approves (approvals/services.py).
    Page("approvals:inbox", "app", ANY_ROLE),
    Page("admin:index", "admin", AP_ADMIN),
    Page("admin:app_list", "admin", AP_ADMIN),
    *(_changelist(model) for model in (
        "staffmember", "vendor", "purchaseorder", "goodsreceipt", "document", "invoice", "finding",
        "case", "paymentpolicy", "apitoken", "emailmessage",
    )),
    *(Page(f"admin:{app}_{model}_changelist", "admin", AP_ADMIN) for app, model in (
        ("orchestrator", "workflow"), ("llm", "llmcall"), ("llm", "budgetalert"),
        ("tools", "agenttoken"), ("tools", "toolcall"), ("memory", "fact"),
        ("memory", "toleranceproposal"),
        ("approvals", "outboundemail"), ("approvals", "approvalpolicy"),
    )),
    Page("admin:procurement_vendor_add", "admin", AP_ADMIN),
    Page("admin:procurement_document_add", "admin", NOBODY),  # documents arrive, never typed in
    *(Page(f"admin:procurement_{model}_{view}", "admin", AP_ADMIN)
      for model in ("vendor", "purchaseorder", "goodsreceipt")
      for view in ("import_csv", "csv_template")),
    # Accounts and groups are a superuser's job, not an AP admin's.
    Page("admin:auth_user_changelist", "admin", NOBODY),
    Page("admin:auth_group_changelist", "admin", NOBODY),
    # django-rq's dashboard is not mounted (test_it_keeps_the_job_queues_out_of_the_admin.py).
]

URL_KWARGS = {"admin:app_list": {"app_label": "procurement"}}


@pytest.fixture
def signed_in(client, request):
    """A client signed in as the named user (or not signed in, for "anonymous")."""

    def as_user(name: str):
        if name != "anonymous":
            client.force_login(request.getfixturevalue(name))
        return client

    return as_user


def _expected_refusal(page: Page, user: str) -> str:
    if user == "anonymous" or (page.area == "admin" and user not in STAFF):
        return "login"
    return "403"


@pytest.mark.parametrize("user", USERS)
@pytest.mark.parametrize("page", PAGES, ids=str)
def test_it_lets_in_exactly_the_users_a_page_allows(db, signed_in, page, user):
    url = reverse(page.url_name, kwargs=URL_KWARGS.get(page.url_name))

    response = signed_in(user).get(url)

    if user in page.allowed:
        assert response.status_code == 200, f"{user} should open {url}"
    elif _expected_refusal(page, user) == "login":
        login = reverse("admin:login" if page.area == "admin" else "login")
        assert response.status_code == 302, f"{user} should be sent to log in from {url}"
        assert response.url.startswith(f"{login}?next=")
    else:
        assert response.status_code == 403, f"{user} should be refused {url}"


def test_it_shows_an_outsider_the_no_access_page_instead_of_the_overview(client, outsider):
    client.force_login(outsider)

    response = client.get(reverse("home"))

    assert response.status_code == 403
    page = response.content.decode()
    assert "No access yet" in page
    assert "open purchase orders" not in page and "active vendors" not in page
    assert "Admin</a>" not in page


def test_it_covers_every_page_of_the_admin():
    covered = {page.url_name for page in PAGES}
    registered = {
        f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"
        for model in admin.site._registry
    }

    assert registered - covered == set(), "add the new admin pages to PAGES"
