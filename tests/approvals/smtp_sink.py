"""A real SMTP server on loopback (aiosmtpd) that counts what it receives and misbehaves on cue.

    sink = SmtpSink().start()                  # sink.port
    sink.refuse_next(451, "4.3.0 Try again later")   # the next DATA gets a temporary refusal
    sink.hang_before_accepting(30)             # the next RCPT hangs: the message never arrives
    sink.hang_after_accepting(30)              # the next message is stored, its 250 comes late
    sink.messages                              # every message accepted, in order
"""
from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections import deque
from email import message_from_bytes
from email.message import Message

from aiosmtpd.controller import Controller


class SmtpSink:
    def __init__(self):
        self.messages: list[Message] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        self.refused = 0
        self._script: deque[tuple[str, object]] = deque()
        self.waiting = threading.Event()  # set while a scripted hang is in progress
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)

    def start(self) -> SmtpSink:
        self._controller.start()
        return self

    def stop(self) -> None:
        self._controller.stop()

    # --- scripting ------------------------------------------------------------------------------

    def refuse_next(self, code: int, text: str, times: int = 1) -> None:
        self._script.extend([("refuse", f"{code} {text}")] * times)

    def hang_before_accepting(self, seconds: float) -> None:
        self._script.append(("hang_before", seconds))

    def hang_after_accepting(self, seconds: float) -> None:
        self._script.append(("hang_after", seconds))

    def wait_for(self, condition, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                raise AssertionError("the SMTP sink did not see what the test waited for")
            time.sleep(0.05)

    def message_ids(self) -> list[str]:
        return [message["Message-ID"] for message in self.messages]

    # --- aiosmtpd handler hooks -----------------------------------------------------------------

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if self._script and self._script[0][0] == "hang_before":
            _, seconds = self._script.popleft()
            self.waiting.set()
            await asyncio.sleep(seconds)
            self.waiting.clear()
            return "451 4.4.2 Timed out"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        if self._script and self._script[0][0] == "refuse":
            _, answer = self._script.popleft()
            self.refused += 1
            return answer
        self.messages.append(message_from_bytes(envelope.content))
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        if self._script and self._script[0][0] == "hang_after":
            # The message is stored (a receiving system will deliver it); the sender has not
            # heard so yet. A sender that dies now cannot know the message went out.
            _, seconds = self._script.popleft()
            self.waiting.set()
            await asyncio.sleep(seconds)
            self.waiting.clear()
        return "250 Message accepted for delivery"
