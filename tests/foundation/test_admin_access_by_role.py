from django.contrib.auth.models import Group

from procurement.roles import ADMIN
from tests.conftest import PASSWORD


def test_it_opens_the_admin_to_an_ap_admin_who_is_not_marked_staff(client, django_user_model):
    user = django_user_model.objects.create_user("new.admin", password=PASSWORD, is_staff=False)
    user.groups.add(Group.objects.get(name=ADMIN))
    client.login(username="new.admin", password=PASSWORD)

    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/procurement/vendor/").status_code == 200


def test_it_keeps_the_admin_closed_to_a_clerk(client, clerk):
    client.login(username=clerk.username, password=PASSWORD)

    response = client.get("/admin/")

    assert response.status_code == 302 and "/admin/login/" in response["Location"]
