"""The demo logins exist only while DEBUG is on: their password is public knowledge."""
from __future__ import annotations

from io import StringIO

from django.contrib.auth.models import User
from django.core.management import call_command

from procurement.demo import seed_demo
from procurement.demo.data import VENDORS
from procurement.models import Vendor
from procurement.roles import ADMIN, APPROVER, CLERK


def test_it_creates_the_demo_users_in_their_groups_when_debug_is_on(db, settings, pdf_dir):
    settings.DEBUG = True
    settings.DEMO_PASSWORD = "demo-pass"
    report = seed_demo(pdf_dir=pdf_dir)

    assert report.users == ["clerk", "approver", "approver2", "admin"]
    groups = {u.username: list(u.groups.values_list("name", flat=True)) for u in User.objects.all()}
    assert groups == {"clerk": [CLERK], "approver": [APPROVER], "approver2": [APPROVER],
                      "admin": [ADMIN]}
    assert User.objects.get(username="admin").is_staff
    assert not User.objects.get(username="clerk").is_staff
    assert not User.objects.filter(is_superuser=True).exists()
    for user in User.objects.all():
        assert user.check_password("demo-pass")


def test_the_demo_users_can_sign_in(seeded, client, settings):
    assert client.login(username="clerk", password=settings.DEMO_PASSWORD)


def test_it_refuses_to_create_users_when_debug_is_off(db, settings, pdf_dir):
    settings.DEBUG = False
    report = seed_demo(pdf_dir=pdf_dir)

    assert report.users_skipped
    assert report.users == []
    assert not User.objects.exists()
    # the domain data is seeded all the same
    assert Vendor.objects.count() == sum(v.on_file for v in VENDORS)
    assert any("DEBUG is off" in w for w in report.warnings)


def test_the_command_warns_when_it_skips_the_users(db, settings, pdf_dir):
    settings.DEBUG = False
    err = StringIO()
    call_command("seed_demo", "--pdf-dir", str(pdf_dir), stdout=StringIO(), stderr=err)
    assert "WARNING" in err.getvalue()
    assert "NOT created" in err.getvalue()


def test_it_resets_a_changed_demo_password_and_role(seeded, settings, pdf_dir):
    from django.contrib.auth.models import Group

    clerk = User.objects.get(username="clerk")
    clerk.set_password("something else")
    clerk.save()
    clerk.groups.add(Group.objects.get(name=ADMIN))

    seed_demo(pdf_dir=pdf_dir)

    clerk.refresh_from_db()
    assert clerk.check_password(settings.DEMO_PASSWORD)
    assert list(clerk.groups.values_list("name", flat=True)) == [CLERK]
