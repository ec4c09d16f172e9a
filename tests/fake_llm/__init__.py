"""An OpenAI-compatible HTTP server on loopback whose answers each test scripts.

    server = FakeLLM().start()              # http://127.0.0.1:<port>/v1
    server.script(Reply.json({...}), Reply.error(429, headers={"Retry-After": "7"}))
    ...
    server.stop()

With nothing scripted it answers with a minimal valid instance of the JSON schema the request
asked for (response_format), so a demo runs against it: `python -m tests.fake_llm --port 8100`.
"""
from tests.fake_llm.server import FakeLLM, Reply

__all__ = ["FakeLLM", "Reply"]
