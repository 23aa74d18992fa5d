"""The partner SDK in clients/python: generated from the API as it is now, and enough to
do a partner's job against the running platform through the gateway."""

import secrets
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from tests.gateway.conftest import Account, create_key, create_partner, create_staff, make_offering
from tests.harness import ROOT

sys.path.insert(0, str(ROOT / "clients" / "python"))  # the SDK is its own project

from lpx_client import AuthenticatedClient
from lpx_client.api.bookings import create_booking, get_booking, list_bookings
from lpx_client.api.offerings import list_offerings
from lpx_client.models import BookingCreate, BookingOut, PageOfferingOut
from lpx_client.types import UNSET


def test_the_committed_sdk_is_what_the_api_generates_today() -> None:
    check = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "generate_sdk.py"), "--check"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert check.returncode == 0, (
        "clients/python is out of date; run scripts/generate_sdk.py\n" + check.stdout
    )


@pytest.fixture
def partner_sdk(gateway: httpx.Client, admin: Account) -> AuthenticatedClient:
    partner_id = create_partner(gateway, admin, "SDK partner")
    key = create_key(gateway, admin, partner_id, "catalog:read", "bookings:read", "bookings:write")
    return AuthenticatedClient(
        base_url=str(gateway.base_url), token=key.key, raise_on_unexpected_status=True
    )


def test_a_partner_syncs_offerings_and_books_for_a_company_with_the_sdk(
    gateway: httpx.Client, admin: Account, partner_sdk: AuthenticatedClient
) -> None:
    operator = create_staff(gateway, admin, "operator")
    since = datetime.now(UTC) - timedelta(seconds=1)
    offering = make_offering(gateway, operator, audience="business", capacity=5)

    # Sync: everything changed since the last poll, page by page.
    seen: list[str] = []
    cursor: str | None = None
    while True:
        page = list_offerings.sync(
            client=partner_sdk, updated_since=since, limit=2, cursor=cursor or UNSET
        )
        assert isinstance(page, PageOfferingOut)
        seen += [item.id for item in page.items]
        cursor = page.next_cursor if isinstance(page.next_cursor, str) else None
        if not cursor:
            break
    assert offering["id"] in seen

    body = BookingCreate.from_dict(
        {
            "currency": "JPY",
            "contact": {"name": "Ken Sato", "email": "ken@moonworks.example"},
            "lines": [{"offering_id": offering["id"], "quantity": 1}],
            "business": {
                "company": {"name": "Moonworks KK", "email": "ops@moonworks.example"},
                "payload": {
                    "mass_grams": 1_000,
                    "envelope": {"length_mm": 100, "width_mm": 100, "height_mm": 50},
                    "power_mw": 2_500,
                    "data_volume_mb": 20,
                    "mounting_location": "top deck",
                },
            },
        }
    )
    key = secrets.token_hex(12)
    made = create_booking.sync(client=partner_sdk, body=body, idempotency_key=key)
    assert isinstance(made, BookingOut), made
    assert made.status.value == "under_review" and made.total_minor > 0
    # A retry with the same key (a timeout on the partner's side) replays the same booking.
    again = create_booking.sync(client=partner_sdk, body=body, idempotency_key=key)
    assert isinstance(again, BookingOut) and again.id == made.id

    read = get_booking.sync(made.id, client=partner_sdk)
    assert isinstance(read, BookingOut)
    assert read.id == made.id and read.lines[0].offering_id == offering["id"]
    mine = list_bookings.sync(client=partner_sdk)
    assert mine is not None and made.id in [b.id for b in mine.items]
