"""A hard limit on the size of a request body, in front of Django (ASGI middleware).

Under uvicorn (the Procfile's web server) a body reaches the application in small chunks, only
as fast as it is read: nothing is buffered ahead. This middleware answers 413 at once when the
declared Content-Length is over the limit, without reading the body, and counts a body without
one (chunked) as it arrives, answering 413 as soon as it passes the limit. What Django reads up
to then it spools to a temporary file past FILE_UPLOAD_MAX_MEMORY_SIZE, so no request, large or
slow, costs the process more than a few megabytes of memory.
"""
from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

Message = dict[str, Any]
ASGIApp = Callable[[dict, Callable[[], Awaitable[Message]], Callable[[Message], Awaitable[None]]],
                   Awaitable[None]]


class RequestBodyLimit:
    def __init__(self, app: ASGIApp, *, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: dict, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared is not None and declared > self.max_bytes:
            await self._refuse(send)
            return
        received = 0
        too_large = False
        started = False

        async def counting_receive() -> Message:
            nonlocal received, too_large
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    # Django stops reading and answers nothing on a disconnect; we answer 413.
                    too_large = True
                    return {"type": "http.disconnect"}
            return message

        async def watching_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        await self.app(scope, counting_receive, watching_send)
        if too_large and not started:
            await self._refuse(send)

    async def _refuse(self, send) -> None:
        mb = self.max_bytes // (1024 * 1024)
        body = f"Request body too large: the limit is {mb} MB.\n".encode()
        await send({
            "type": "http.response.start",
            "status": 413,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        })
        await send({"type": "http.response.body", "body": body})


def _content_length(scope: dict) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None  # the server refuses a malformed length itself
    return None
