"""Token estimates come from tiktoken's offline cl100k file; no download, ever."""
from agents.llm import tokens


def test_it_counts_tokens_with_the_bundled_encoding_offline(settings):
    tokens._encoding.cache_clear()
    assert tokens._encoding(settings.LLM_TOKENIZER) is not None
    assert tokens.count_tokens("hello world") == 2


def test_it_falls_back_to_four_characters_a_token_without_the_encoding(settings):
    settings.LLM_TOKENIZER = "no_such_encoding"
    try:
        assert tokens.count_tokens("x" * 40) == 10
    finally:
        tokens._encoding.cache_clear()
