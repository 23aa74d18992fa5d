"""A real SMTP server for the tests (aiosmtpd, in a thread of the test process): the
notifications service sends to it over TCP, and tests read what it received."""

from __future__ import annotations

import email
import email.policy
import threading
import time
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller


@dataclass(frozen=True)
class Received:
    to: list[str]
    message: EmailMessage

    @property
    def subject(self) -> str:
        return str(self.message["Subject"]).strip()  # a long subject is folded

    def part(self, subtype: str) -> str:
        found = self.message.get_body(preferencelist=(subtype,))
        assert found is not None, f"no text/{subtype} part"
        return str(found.get_content())


class _Handler:
    def __init__(self, sink: MailSink) -> None:
        self.sink = sink

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.sink.lock:
            self.sink.messages.append(Received(list(envelope.rcpt_tos), parsed))  # type: ignore[arg-type]
        return "250 OK"


class MailSink:
    def __init__(self, port: int) -> None:
        self.messages: list[Received] = []
        self.lock = threading.Lock()
        self.controller = Controller(_Handler(self), hostname="127.0.0.1", port=port)

    def start(self) -> MailSink:
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()

    def to(self, address: str) -> list[Received]:
        with self.lock:
            return [m for m in self.messages if address in m.to]

    def wait_for(self, address: str, count: int, timeout: float = 20.0) -> list[Received]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            got = self.to(address)
            if len(got) >= count:
                return got
            time.sleep(0.1)
        raise AssertionError(f"{address} got {len(self.to(address))} emails, wanted {count}")
