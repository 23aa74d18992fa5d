"""Fixtures of the booking tests."""

import secrets
from collections.abc import Iterator

import pytest

from tests.harness import Platform, create_service_database, drop_database


@pytest.fixture
def own_booking_db(platform: Platform) -> Iterator[str]:
    """A separate, migrated booking database, for an instance whose workers and outbox
    must not be helped by the shared instance."""
    name = f"{platform.run_id}x{secrets.token_hex(3)}"
    url = create_service_database("booking", name)
    try:
        yield url
    finally:
        drop_database(f"lpx_test_{name}_booking")
