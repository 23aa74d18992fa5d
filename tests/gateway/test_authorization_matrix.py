"""Who may do what, through the gateway, for every kind of caller.

Every cell is a real request through the gateway to the real service. The expected
statuses follow docs/architecture.md "Trust": catalog reads for everyone (partners need
catalog:read), catalog edits for operators/admins, bookings only the caller's own
(customers by account, partners by organisation), money for finance/admin only.
"""

import asyncio
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import asyncpg
import httpx
import jwt
import pytest

from tests.gateway.conftest import (
    Account,
    booking_body,
    create_key,
    create_partner,
    create_staff,
    idem,
    make_offering,
    signup,
)
from tests.harness import Platform

STAFF_ROLES = ("sales", "finance", "operator", "admin")
CALLERS = (
    "anonymous",
    "customer_a",
    "customer_b",
    "partner_1",
    "partner_1_no_scope",
    "partner_2",
    "revoked_key",
    "expired_token",
    *(f"staff_{r}" for r in STAFF_ROLES),
)


@dataclass
class World:
    headers: dict[str, dict[str, str]]
    offering: dict[str, Any]
    booking_a: dict[str, Any]
    booking_p1: dict[str, Any]
    customer_a: Account


def expired_token(account: Account, secret: str) -> str:
    claims = jwt.decode(account.access_token, options={"verify_signature": False})
    claims |= {"iat": int(time.time()) - 3600, "exp": int(time.time()) - 60}
    return jwt.encode(claims, secret, algorithm="HS256")


async def _set_scopes(platform: Platform, key_id: str, scopes: list[str]) -> None:
    url = platform.database("gateway").replace("postgresql+asyncpg://", "postgresql://")
    conn = await asyncpg.connect(url)
    try:
        await conn.execute(
            "UPDATE api_keys SET scopes = $1 WHERE id = $2", json.dumps(scopes), key_id
        )
    finally:
        await conn.close()


def test_the_finance_read_scope_can_no_longer_be_granted(
    gateway: httpx.Client, admin: Account
) -> None:
    """No route ever accepted it; finance reports are for JALUX finance staff."""
    partner = create_partner(gateway, admin, "Finance reader")
    response = gateway.post(
        f"/v1/admin/partners/{partner}/api-keys",
        json={"name": "k", "scopes": ["catalog:read", "finance:read"]},
        headers=admin.headers,
    )
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"


@pytest.fixture(scope="module")
def world(gateway: httpx.Client, admin: Account, platform: Platform) -> World:
    staff = {role: create_staff(gateway, admin, role) for role in STAFF_ROLES if role != "admin"}
    staff["admin"] = admin
    customer_a, customer_b = signup(gateway, "Customer A"), signup(gateway, "Customer B")
    partner_1, partner_2 = (
        create_partner(gateway, admin, "P1"),
        create_partner(gateway, admin, "P2"),
    )
    all_scopes = ("catalog:read", "bookings:read", "bookings:write")
    key_1 = create_key(gateway, admin, partner_1, *all_scopes)
    # A key whose only scope grants nothing: one issued with "finance:read" before that
    # scope was withdrawn (it can no longer be granted).
    key_1_no_scope = create_key(gateway, admin, partner_1, "catalog:read")
    asyncio.run(_set_scopes(platform, key_1_no_scope.key_id, ["finance:read"]))
    key_2 = create_key(gateway, admin, partner_2, *all_scopes)
    revoked = create_key(gateway, admin, partner_1, *all_scopes)
    response = gateway.delete(
        f"/v1/admin/partners/{partner_1}/api-keys/{revoked.key_id}", headers=admin.headers
    )
    assert response.status_code == 200
    headers = {
        "anonymous": {},
        "customer_a": customer_a.headers,
        "customer_b": customer_b.headers,
        "partner_1": key_1.headers,
        "partner_1_no_scope": key_1_no_scope.headers,
        "partner_2": key_2.headers,
        "revoked_key": revoked.headers,
        "expired_token": {
            "Authorization": f"Bearer {expired_token(customer_a, platform.jwt_secret)}"
        },
        **{f"staff_{role}": account.headers for role, account in staff.items()},
    }
    offering = make_offering(gateway, staff["operator"])
    booking_a = gateway.post(
        "/v1/bookings", json=booking_body(offering["id"]), headers={**customer_a.headers, **idem()}
    )
    assert booking_a.status_code == 201, booking_a.text
    booking_p1 = gateway.post(
        "/v1/bookings", json=booking_body(offering["id"]), headers={**key_1.headers, **idem()}
    )
    assert booking_p1.status_code == 201, booking_p1.text
    return World(headers, offering, booking_a.json(), booking_p1.json(), customer_a)


def expect(default: int, **overrides: int) -> dict[str, int]:
    """Expected status per caller: ``default`` unless overridden. Bad credentials are 401."""
    table = dict.fromkeys(CALLERS, default)
    table |= {"revoked_key": 401, "expired_token": 401}
    table |= overrides
    return table


STAFF_OK = {f"staff_{r}": 200 for r in STAFF_ROLES}
EVERYONE_READS_CATALOG = expect(200, partner_1_no_scope=403)
OPERATORS_ONLY = expect(403, anonymous=401, staff_operator=201, staff_admin=201)
# Finance data: finance and admin only; partners not even with finance:read.
FINANCE_ONLY = expect(403, anonymous=401, staff_finance=200, staff_admin=200)
# Someone else's booking does not exist for you (404): nothing about it leaks.
READ_BOOKING_A = expect(
    404,
    anonymous=401,
    customer_a=200,
    partner_1_no_scope=403,
    **STAFF_OK,
)
READ_BOOKING_P1 = expect(
    404,
    anonymous=401,
    partner_1=200,
    partner_1_no_scope=403,
    **STAFF_OK,
)
CREATE_BOOKING = expect(
    201,
    anonymous=401,
    partner_1_no_scope=403,
    staff_finance=403,
    staff_operator=403,
)
LIST_BOOKINGS = expect(200, anonymous=401, partner_1_no_scope=403)
ME = expect(200, anonymous=401)
ADMIN_ONLY = expect(403, anonymous=401, staff_admin=200)


def _mission_body() -> dict[str, Any]:
    from datetime import UTC, datetime, timedelta

    now = datetime.now(UTC)
    return {
        "code": f"MX-{time.time_ns() % 10**12}",
        "name": "Matrix mission",
        "lander": "Series 3",
        "landing_site": "Mare",
        "launch_window_start": (now + timedelta(days=500)).isoformat(),
        "launch_window_end": (now + timedelta(days=520)).isoformat(),
        "mass_budget_grams": 100_000,
    }


Request = Callable[[httpx.Client, World, dict[str, str]], httpx.Response]

ROUTES: dict[str, tuple[Request, dict[str, int]]] = {
    "GET /v1/catalog/offerings": (
        lambda c, w, h: c.get("/v1/catalog/offerings", headers=h),
        EVERYONE_READS_CATALOG,
    ),
    "GET /v1/catalog/offerings/{id}": (
        lambda c, w, h: c.get(f"/v1/catalog/offerings/{w.offering['id']}", headers=h),
        EVERYONE_READS_CATALOG,
    ),
    "GET /v1/catalog/offerings/{id}/availability": (
        lambda c, w, h: c.get(f"/v1/catalog/offerings/{w.offering['id']}/availability", headers=h),
        EVERYONE_READS_CATALOG,
    ),
    "GET /v1/catalog/missions/{id}": (
        lambda c, w, h: c.get(f"/v1/catalog/missions/{w.offering['mission_id']}", headers=h),
        EVERYONE_READS_CATALOG,
    ),
    "POST /v1/catalog/missions": (
        lambda c, w, h: c.post("/v1/catalog/missions", json=_mission_body(), headers=h | idem()),
        OPERATORS_ONLY,
    ),
    "POST /v1/bookings": (
        lambda c, w, h: c.post(
            "/v1/bookings", json=booking_body(w.offering["id"]), headers=h | idem()
        ),
        CREATE_BOOKING,
    ),
    "GET /v1/bookings": (lambda c, w, h: c.get("/v1/bookings", headers=h), LIST_BOOKINGS),
    "GET /v1/bookings/{customer A's}": (
        lambda c, w, h: c.get(f"/v1/bookings/{w.booking_a['id']}", headers=h),
        READ_BOOKING_A,
    ),
    "GET /v1/bookings/{customer A's}/history": (
        lambda c, w, h: c.get(f"/v1/bookings/{w.booking_a['id']}/history", headers=h),
        READ_BOOKING_A,
    ),
    "GET /v1/bookings/{partner 1's}": (
        lambda c, w, h: c.get(f"/v1/bookings/{w.booking_p1['id']}", headers=h),
        READ_BOOKING_P1,
    ),
    "GET /v1/payments": (lambda c, w, h: c.get("/v1/payments", headers=h), FINANCE_ONLY),
    "GET /v1/refunds": (lambda c, w, h: c.get("/v1/refunds", headers=h), FINANCE_ONLY),
    "GET /v1/ledger/balances": (
        lambda c, w, h: c.get("/v1/ledger/balances", headers=h),
        FINANCE_ONLY,
    ),
    "GET /v1/finance/payouts": (
        lambda c, w, h: c.get("/v1/finance/payouts", headers=h),
        FINANCE_ONLY,
    ),
    "GET /v1/auth/me": (lambda c, w, h: c.get("/v1/auth/me", headers=h), ME),
    "GET /v1/admin/partners": (lambda c, w, h: c.get("/v1/admin/partners", headers=h), ADMIN_ONLY),
}


@pytest.mark.parametrize("route", list(ROUTES))
def test_authorization_matrix(gateway: httpx.Client, world: World, route: str) -> None:
    send, expected = ROUTES[route]
    got = {caller: send(gateway, world, world.headers[caller]).status_code for caller in CALLERS}
    assert got == expected


def test_changes_to_someone_elses_booking_are_refused(gateway: httpx.Client, world: World) -> None:
    """Cancel and checkout of customer A's booking by anyone but A (or sales/operators)."""
    denied = {
        "anonymous": 401,
        "customer_b": 404,
        "partner_1": 404,
        "partner_2": 404,
        "partner_1_no_scope": 403,
        "revoked_key": 401,
        "expired_token": 401,
        "staff_finance": 403,
    }
    for caller, status in denied.items():
        headers = world.headers[caller]
        cancel = gateway.post(
            f"/v1/bookings/{world.booking_a['id']}/cancel",
            json={"reason": "not mine"},
            headers=headers,
        )
        checkout = gateway.post(f"/v1/bookings/{world.booking_a['id']}/checkout", headers=headers)
        assert (caller, cancel.status_code, checkout.status_code) == (caller, status, status)
    still = gateway.get(
        f"/v1/bookings/{world.booking_a['id']}", headers=world.headers["customer_a"]
    )
    assert still.json()["status"] == "held"
    # The owner, and staff who may change bookings, can.
    for caller in ("customer_a", "staff_sales", "staff_operator", "staff_admin"):
        mine = gateway.post(
            "/v1/bookings",
            json=booking_body(world.offering["id"]),
            headers={**world.customer_a.headers, **idem()},
        ).json()
        cancel = gateway.post(
            f"/v1/bookings/{mine['id']}/cancel",
            json={"reason": "changed my mind"},
            headers=world.headers[caller],
        )
        assert (caller, cancel.status_code, cancel.json()["status"]) == (caller, 200, "cancelled")


def test_lists_show_only_the_callers_own_bookings(gateway: httpx.Client, world: World) -> None:
    def ids(caller: str) -> set[str]:
        response = gateway.get("/v1/bookings?limit=200", headers=world.headers[caller])
        assert response.status_code == 200
        return {b["id"] for b in response.json()["items"]}

    assert world.booking_a["id"] in ids("customer_a")
    assert world.booking_a["id"] not in ids("customer_b")
    assert world.booking_p1["id"] in ids("partner_1")
    assert not ids("partner_2") & {world.booking_p1["id"], world.booking_a["id"]}
    assert world.booking_p1["id"] not in ids("customer_a")
    # The booking carries who made it, as the gateway said: the account and the partner.
    assert world.booking_a["customer_id"] == world.customer_a.id
    assert world.booking_p1["partner_id"] and world.booking_p1["customer_id"] is None


# --- every public route ----------------------------------------------------------------

SWEEP_CALLERS = (
    "anonymous",
    "revoked_key",
    "expired_token",
    "customer_a",
    "partner_1",
    "partner_1_no_scope",
    "staff_sales",
    "staff_finance",
    "staff_operator",
    "staff_admin",
)
NO_CREDENTIAL_NEEDED = {
    "/webhooks/stripe",
    "/v1/auth/signup",
    "/v1/auth/login",
    "/v1/auth/refresh",
    "/v1/auth/logout",
}
MONEY_PREFIXES = ("/v1/payments", "/v1/refunds", "/v1/finance", "/v1/ledger")
# Payments lets sales staff read company invoices (they chase their own customers);
# every other money route is for finance and admin only.
SALES_READS = {"/v1/finance/invoices", "/v1/finance/invoices/{invoice_id}"}
# Failed outbox messages: operators and finance (they act on them).
OPERATIONS_READS = {"/v1/finance/outbox/failed", "/v1/bookings/outbox/failed"}
REFUSED = (401, 403)
# A ballot's commitment and its published draw are public: that is what makes it checkable.
# How long a waiting list is: public too (the storefront shows it).
PUBLIC_READS = {
    "/v1/ballots/{offering_id}",
    "/v1/ballots/{offering_id}/draw",
    "/v1/waitlists/{offering_id}",
}
# One's own ballot application or place in a waiting list: customers only (staff and
# partners have none to make).
CUSTOMERS_OWN = {"/v1/ballots/{offering_id}/application", "/v1/waitlists/{offering_id}/entry"}
# Who waits in a line, with names and emails: operators (and admins).
OPERATORS_READS = {"/v1/waitlists/{offering_id}/entries"}


def sweep_rule(method: str, path: str, caller: str) -> str:
    """'401', '403' or 'allowed' (anything but 401/403: 200, 404, 422 for dummy input)."""
    if caller in ("revoked_key", "expired_token"):
        return "401"
    if path in CUSTOMERS_OWN:
        return {"customer_a": "allowed", "anonymous": "401"}.get(caller, "403")
    if caller == "staff_admin":
        return "allowed"
    read = method == "GET"
    if read and path in PUBLIC_READS:
        return "allowed"
    if path.startswith("/v1/catalog"):
        if read:
            return "403" if caller == "partner_1_no_scope" else "allowed"
        if caller == "anonymous":
            return "401"
        return "allowed" if caller == "staff_operator" else "403"
    if caller == "anonymous":
        return "401"
    if path.startswith("/v1/admin"):
        return "403"
    if path in OPERATORS_READS:
        return "allowed" if caller == "staff_operator" else "403"
    if path in OPERATIONS_READS:
        return "allowed" if caller in ("staff_operator", "staff_finance") and read else "403"
    if path.startswith(MONEY_PREFIXES):
        if caller == "staff_finance" or (caller == "staff_sales" and read and path in SALES_READS):
            return "allowed"
        return "403"
    if path.startswith("/v1/bookings"):
        if caller == "partner_1_no_scope" or (caller == "staff_finance" and not read):
            return "403"
        return "any"  # the finer rules (own bookings, reviewers) are in the tests above
    return "any"


def test_every_public_route_refuses_the_wrong_callers(gateway: httpx.Client, world: World) -> None:
    document = gateway.get("/openapi.json").json()
    checked = 0
    wrong = []
    for path, item in document["paths"].items():
        if path in NO_CREDENTIAL_NEEDED:
            continue
        concrete = re.sub(r"\{[^}]+\}", "x_matrix_dummy", path)
        for method in ("get", "post", "put", "patch", "delete"):
            if method not in item:
                continue
            for caller in SWEEP_CALLERS:
                rule = sweep_rule(method.upper(), path, caller)
                if rule == "any":
                    continue
                status = gateway.request(
                    method.upper(),
                    concrete,
                    json={},
                    headers={**world.headers[caller], **idem(), "If-Match": '"1"'},
                ).status_code
                ok = status not in REFUSED if rule == "allowed" else status == int(rule)
                checked += 1
                if not ok:
                    wrong.append(f"{method.upper()} {path} as {caller}: {status}, want {rule}")
    assert wrong == []
    assert checked > 200
