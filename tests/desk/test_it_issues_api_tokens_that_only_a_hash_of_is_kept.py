import io

from django.core.management import call_command

from procurement.cases.tokens import api_token_authenticate
from procurement.models import ApiToken


def test_it_prints_a_new_token_as_the_last_line_and_stores_only_its_hash(clerk):
    out = io.StringIO()

    call_command("api_token", clerk.username, stdout=out, stderr=io.StringIO())

    raw = out.getvalue().strip().splitlines()[-1]
    token = ApiToken.objects.get(user=clerk)
    assert raw.startswith("ptu_") and raw not in (token.digest, token.prefix)
    assert api_token_authenticate(raw_token=raw) == token


def test_it_lets_an_ap_admin_revoke_a_token_in_the_admin(client, clerk, ap_admin):
    from procurement.cases.tokens import api_token_create

    issued = api_token_create(user=clerk)
    client.force_login(ap_admin)

    client.post(
        "/admin/procurement/apitoken/",
        {"action": "revoke", "_selected_action": [issued.token.pk]},
    )

    issued.token.refresh_from_db()
    assert not issued.token.is_active
    api = client.get("/api/cases/", HTTP_AUTHORIZATION=f"Bearer {issued.raw}")
    assert api.status_code == 401
