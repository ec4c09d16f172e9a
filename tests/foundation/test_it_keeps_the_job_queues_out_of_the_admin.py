"""The django-rq dashboard is not mounted in the admin: a staff user (with a role or without one)
can neither see the queues nor empty them, delete or requeue jobs (issue 12, item 2).
"""
from __future__ import annotations

import os

import pytest

from tests.conftest import PASSWORD, require_service


@pytest.fixture
def staff_without_role(db, django_user_model):
    return django_user_model.objects.create_user(
        "sam.staff", password=PASSWORD, is_staff=True
    )


@pytest.fixture
def queued_job(settings):
    require_service("Redis", os.environ.get("REDIS_URL"))
    import django_rq

    queue = django_rq.get_queue("maintenance")
    queue.empty()
    job = queue.enqueue("builtins.print", "kept")
    yield queue, job
    queue.empty()


@pytest.mark.parametrize("who", ["staff_without_role", "ap_admin"])
def test_it_answers_404_for_every_dashboard_page(client, request, who, queued_job, settings):
    queue, job = queued_job
    user = request.getfixturevalue(who)
    client.login(username=user.username, password=PASSWORD)
    index = sorted(settings.RQ_QUEUES).index("maintenance")  # django-rq numbers queues so
    base = "/admin/django_rq/dashboard/"
    for url in (
        base,
        f"{base}queues/{index}/",
        f"{base}queues/{index}/{job.id}/",
        f"{base}stats.json",
    ):
        assert client.get(url).status_code == 404, url
    for url in (
        f"{base}queues/{index}/empty/",
        f"{base}queues/{index}/{job.id}/delete/",
        f"{base}queues/actions/{index}/",
    ):
        assert client.post(url, {"action": "delete", "job_ids": [job.id]}).status_code == 404
    assert queue.job_ids == [job.id]


def test_it_lists_no_queue_dashboard_on_the_admin_index_even_for_a_superuser(
    client, django_user_model
):
    django_user_model.objects.create_superuser("root", password=PASSWORD)
    client.login(username="root", password=PASSWORD)
    page = client.get("/admin/").content.decode()
    assert "/admin/django_rq/" not in page
