from agents.llm.models import LlmCall
from tests.conftest import PASSWORD


def test_ap_admins_read_the_ledger_in_the_admin_but_cannot_change_it(client, ap_admin):
    call = LlmCall.objects.create(
        agent="intake", task="intake.read_fields", provider="openai", model="m",
        outcome="ok", prompt_hash="0" * 64,
    )
    client.login(username=ap_admin.username, password=PASSWORD)

    listing = client.get("/admin/llm/llmcall/")
    assert listing.status_code == 200 and "intake.read_fields" in listing.content.decode()
    detail = client.get(f"/admin/llm/llmcall/{call.pk}/change/")
    assert detail.status_code == 200 and "Save" not in detail.content.decode()
    assert client.get("/admin/llm/llmcall/add/").status_code == 403
    assert client.post(f"/admin/llm/llmcall/{call.pk}/delete/", {"post": "yes"}).status_code == 403
    assert LlmCall.objects.filter(pk=call.pk).exists()
