"""Fixtures for the notification tests: the whole platform driven through the gateway
(the end-to-end ``Stack``), with the run's SMTP server to read what was sent."""

from collections.abc import Iterator

import httpx
import pytest

from tests.e2e.conftest import STRIPE_AUTH, Stack
from tests.harness import Platform
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
