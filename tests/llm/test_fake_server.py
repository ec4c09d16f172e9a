"""The fake server speaks enough of the API for the real SDK: embeddings and its TPM limit."""
import openai
import pytest

from tests.fake_llm import FakeLLM


def test_it_serves_embeddings_to_the_sdk(fake_llm):
    client = openai.OpenAI(base_url=fake_llm.url, api_key="k", max_retries=0)

    result = client.embeddings.create(model="e", input=["invoice", "invoice", "order"])

    vectors = [item.embedding for item in result.data]
    assert len(vectors) == 3 and len(vectors[0]) == 16
    assert vectors[0] == vectors[1] != vectors[2]


def test_it_answers_429_past_its_tpm_limit():
    server = FakeLLM(tpm_limit=300, window_seconds=60).start()
    try:
        client = openai.OpenAI(base_url=server.url, api_key="k", max_retries=0)
        ask = {"model": "m", "messages": [{"role": "user", "content": "hi"}], "max_tokens": 100}
        client.chat.completions.create(**ask)
        client.chat.completions.create(**ask)
        with pytest.raises(openai.RateLimitError) as limited:
            client.chat.completions.create(**ask)
        assert float(limited.value.response.headers["retry-after-ms"]) > 50_000
        assert server.rejected == 1
    finally:
        server.stop()
