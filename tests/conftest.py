"""Fixtures shared by every test: the platform of this run and clients to its services."""

import secrets
from collections.abc import Iterator

import httpx
import pytest

from tests.harness import Platform, ServiceProcess, Tokens, create_database, drop_database


@pytest.fixture(scope="session")
def platform(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Platform]:
    run = Platform(
        run_id=secrets.token_hex(4),
        secret=secrets.token_urlsafe(48),
        log_dir=tmp_path_factory.mktemp("service-logs"),
    )
    try:
        yield run
    finally:
        run.close()


@pytest.fixture
def scratch_url() -> Iterator[str]:
    """A throwaway PostgreSQL database of the test's own."""
    name = f"lpx_test_scratch_{secrets.token_hex(3)}"
    try:
        yield create_database(name)
    finally:
        drop_database(name)


@pytest.fixture(scope="session")
def tokens(platform: Platform) -> Tokens:
    return platform.tokens


@pytest.fixture(scope="session")
def anyio_backend() -> str:
    return "asyncio"


def _client(process: ServiceProcess) -> httpx.Client:
    return httpx.Client(base_url=process.url, timeout=30.0)


@pytest.fixture(scope="session")
def catalog(platform: Platform) -> Iterator[httpx.Client]:
    with _client(platform.service("catalog")) as client:
        yield client


@pytest.fixture(scope="session")
def notifications(platform: Platform) -> Iterator[httpx.Client]:
    with _client(platform.service("notifications")) as client:
        yield client


@pytest.fixture(scope="session")
def booking(
    platform: Platform, catalog: httpx.Client, notifications: httpx.Client
) -> Iterator[httpx.Client]:
    with _client(platform.service("booking")) as client:
        yield client


@pytest.fixture(scope="session")
def stripe_standin(platform: Platform) -> Iterator[httpx.Client]:
    with _client(platform.service("stripe")) as client:
        yield client


@pytest.fixture(scope="session")
def payments(
    platform: Platform, booking: httpx.Client, stripe_standin: httpx.Client
) -> Iterator[httpx.Client]:
    with _client(platform.service("payments")) as client:
        yield client


@pytest.fixture(scope="session")
def gateway(
    platform: Platform, catalog: httpx.Client, booking: httpx.Client, payments: httpx.Client
) -> Iterator[httpx.Client]:
    with _client(platform.service("gateway")) as client:
        yield client
