"""Fixtures for the notification tests: the whole platform driven through the gateway
(the end-to-end ``Stack``), with the run's SMTP server to read what was sent."""

from collections.abc import Iterator

import httpx
import pytest

from tests.e2e.conftest import STRIPE_AUTH, Stack
from tests.harness import Platform, ServiceProcess, create_service_database, drop_database
from tests.mail import MailSink


@pytest.fixture(scope="session")
def stack(platform: Platform, gateway: httpx.Client) -> Iterator[Stack]:
    with httpx.Client(
        base_url=platform.service("stripe").url, headers=STRIPE_AUTH, timeout=30.0
    ) as stripe_client:
        yield Stack(platform, gateway, stripe_client)


@pytest.fixture(scope="session")
def mail(platform: Platform, notifications: httpx.Client) -> MailSink:
    assert platform.mail is not None  # started with the notifications service
    return platform.mail


@pytest.fixture(scope="session")
def lone_notifications(platform: Platform, mail: MailSink) -> Iterator[ServiceProcess]:
    """An instance with a database of its own, so no other instance picks up its work
    (a test may SIGKILL it), and that disables an endpoint after one second of failures
    instead of three days."""
    run_id = f"{platform.run_id}lone"
    url = create_service_database("notifications", run_id)
    process = platform.spawn(
        "notifications",
        NOTIFICATIONS_DATABASE_URL=url,
        NOTIFICATIONS_WEBHOOK_DISABLE_AFTER_SECONDS="1",
    )
    try:
        yield process
    finally:
        process.stop()
        drop_database(f"lpx_test_{run_id}_notifications")
