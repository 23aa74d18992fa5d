"""The SMTP sender keeps its connections: emails sent one after another share one
connection, one the server has dropped meanwhile is replaced without losing or doubling
the email, and a refused recipient is reported as the server meant it. Against a real
SMTP server (aiosmtpd) on loopback."""

import threading
from collections.abc import Iterator
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller

from notifications.clients.smtp import SendFailed, SmtpConfig, SmtpSender
from tests.harness import free_port

pytestmark = pytest.mark.anyio


class CountingServer:
    """Counts the SMTP sessions opened (EHLO) and keeps the recipients of each email."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.sessions = 0
        self.delivered: list[str] = []
        self.lock = threading.Lock()
        self.controller: Controller | None = None

    async def handle_EHLO(
        self, server: Any, session: Any, envelope: Any, hostname: str, responses: list[str]
    ) -> list[str]:
        session.host_name = hostname
        with self.lock:
            self.sessions += 1
        return responses

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: list[str]
    ) -> str:
        if address.startswith("nobody@"):
            return "550 5.1.1 no such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        with self.lock:
            self.delivered.extend(envelope.rcpt_tos)
        return "250 OK"

    def start(self) -> None:
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        assert self.controller is not None
        self.controller.stop()  # drops every open session, as a restarting server does


@pytest.fixture
def server() -> Iterator[CountingServer]:
    found = CountingServer(free_port())
    found.start()
    try:
        yield found
    finally:
        found.stop()


def sender_for(server: CountingServer) -> SmtpSender:
    config = SmtpConfig(
        host="127.0.0.1",
        port=server.port,
        username=None,
        password=None,
        starttls=False,
        timeout=5.0,
        sender="Lunar Payload Exchange <noreply@lpx.example>",
    )
    return SmtpSender(config)


def message(to: str) -> EmailMessage:
    built = EmailMessage()
    built["From"] = "noreply@lpx.example"
    built["To"] = to
    built["Subject"] = "ご予約を承りました"
    built["Message-ID"] = f"<{to}@lpx.example>"
    built.set_content("本文")
    return built


async def test_emails_sent_one_after_another_share_one_connection(
    server: CountingServer,
) -> None:
    sender = sender_for(server)
    try:
        for n in range(5):
            assert await sender.send(message(f"aiko{n}@example.com")) == f"<aiko{n}@example.com>"
    finally:
        sender.close()
    assert server.delivered == [f"aiko{n}@example.com" for n in range(5)]
    assert server.sessions == 1


async def test_a_connection_the_server_dropped_is_replaced_and_the_email_sent_once(
    server: CountingServer,
) -> None:
    sender = sender_for(server)
    try:
        await sender.send(message("first@example.com"))
        server.stop()
        server.start()  # the kept connection is now dead
        await sender.send(message("second@example.com"))
    finally:
        sender.close()
    assert server.delivered == ["first@example.com", "second@example.com"]
    assert server.sessions == 2


async def test_a_refused_recipient_is_permanent_and_the_next_email_still_goes(
    server: CountingServer,
) -> None:
    sender = sender_for(server)
    try:
        with pytest.raises(SendFailed) as refused:
            await sender.send(message("nobody@example.com"))
        assert refused.value.permanent
        await sender.send(message("aiko@example.com"))
    finally:
        sender.close()
    assert server.delivered == ["aiko@example.com"]


async def test_a_server_that_is_down_is_a_transient_failure() -> None:
    down = CountingServer(free_port())  # never started: nothing listens there
    sender = sender_for(down)
    with pytest.raises(SendFailed) as failed:
        await sender.send(message("aiko@example.com"))
    assert not failed.value.permanent
