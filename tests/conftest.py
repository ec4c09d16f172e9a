"""Shared fixtures: the named users every test speaks about, and access to the real services.

Users: `clerk` (AP clerk), `approver` (Approver), `ap_admin` (AP admin, staff), and `outsider`,
who is signed in but holds no role and must see nothing.
"""
from __future__ import annotations

import os

import pytest

from procurement.roles import ADMIN, APPROVER, CLERK

PASSWORD = "correct horse battery staple"


@pytest.hookimpl(trylast=True)  # after pytest-django's own ordering (transactional tests last)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The browser tests run last, in their usual order, so that one Chromium serves them all
    (tests/browser/conftest.py: `_SharedChromium`)."""
    from tests.browser.conftest import uses_browser

    items[:] = [item for item in items if not uses_browser(item)] + [
        item for item in items if uses_browser(item)
    ]


def pytest_runtest_setup(item: pytest.Item) -> None:
    from tests.browser.conftest import shared_chromium, uses_browser

    if not uses_browser(item):
        shared_chromium.stop()  # nothing else may run beside Playwright's event loop


def pytest_sessionfinish() -> None:
    from tests.browser.conftest import shared_chromium

    shared_chromium.stop()


@pytest.fixture(autouse=True)
def _fast_passwords_and_private_media(request, tmp_path):
    try:
        settings = request.getfixturevalue("settings")
    except pytest.FixtureLookupError:  # run with `-p no:django`: nothing to configure
        return
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "documents"
    settings.PAGE_IMAGE_DIR = tmp_path / "page-images"


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """On SQLite (no DATABASE_URL), the test database is a file, as `make run`'s is.

    Django's default SQLite test database lives in memory, and an in-memory database exists only
    inside one connection, so the live server hands that single connection to every request
    thread. Two requests at once (the browser uploads chosen files in parallel) then run their
    transactions on one connection: "cannot start a transaction within a transaction". With a
    file, each live-server thread opens its own connection and the product's SQLite settings
    (IMMEDIATE transactions, busy timeout, WAL) order concurrent writers as they do in `make run`.
    Serialising the live server's requests instead would hide exactly that concurrency. The file
    sits in pytest's per-run temporary directory, so parallel runs never share it.
    """
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        path = tmp_path_factory.mktemp("sqlite") / "test.sqlite3"
        database.setdefault("TEST", {})["NAME"] = str(path)


def _user(django_user_model, username: str, role: str | None, **extra):
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user(
        username=username, password=PASSWORD, email=f"{username}@example.com", **extra
    )
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def clerk(db, django_user_model):
    return _user(django_user_model, "carla.clerk", CLERK)


@pytest.fixture
def approver(db, django_user_model):
    return _user(django_user_model, "arthur.approver", APPROVER)


@pytest.fixture
def ap_admin(db, django_user_model):
    return _user(django_user_model, "ada.admin", ADMIN, is_staff=True)


@pytest.fixture
def outsider(db, django_user_model):
    return _user(django_user_model, "oscar.outsider", None)


def child_database_url() -> str:
    """The test database as a DATABASE_URL, for a child process (a worker, a `manage.py`
    command) that must read and write what the test sees. The test must commit its rows
    (`transactional_db`) for the child to see them, and the flush after it removes the child's.
    """
    from django.db import connection

    db = connection.settings_dict
    if connection.vendor == "sqlite":
        # the test database is a file on SQLite (see above), so a child can open it
        return f"sqlite:///{db['NAME']}"
    host = f"{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}"
    return f"postgres://{db['USER']}@{host}/{db['NAME']}"


def require_service(name: str, url: str | None) -> str:
    """The URL of a real service, or skip locally; in CI a missing service fails the run."""
    if url:
        return url
    message = f"{name} is not configured for this test run"
    if os.environ.get("CI"):
        pytest.fail(f"{message}, and CI is set: services are mandatory in CI")
    pytest.skip(message)
