"""Who may open each back-office page and post each form: every route, with every staff
role and anonymously, against the real gateway and services. Also the session cookie's
attributes, CSRF refusals, sign-out and the idle timeout."""

import base64
import hashlib
import hmac
import json
import re
import time
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from fastapi.routing import iter_route_contexts

from tests.finance.support import foreign_charge, payout, sync
from tests.gateway.backoffice_support import csrf_of, page_csrf, staff_client
from tests.gateway.conftest import (
    Account,
    booking_body,
    create_partner,
    create_staff,
    idem,
    make_offering,
)
from tests.harness import Platform, Tokens

ROLES = ("operator", "sales", "finance", "admin")


@dataclass
class Ids:
    mission: str
    offering: str
    booking: str
    partner: str
    endpoint: str
    payout: str


# Every back-office route: who may use it (None: any staff) and how to call it.
ROUTES: dict[tuple[str, str], str | None] = {
    ("GET", "/backoffice"): None,
    ("POST", "/backoffice/logout"): None,
    ("POST", "/backoffice/logout-everywhere"): None,
    ("GET", "/backoffice/operator/missions"): "operator",
    ("GET", "/backoffice/operator/missions/new"): "operator",
    ("POST", "/backoffice/operator/missions/new"): "operator",
    ("GET", "/backoffice/operator/missions/{mission_id}"): "operator",
    ("POST", "/backoffice/operator/missions/{mission_id}"): "operator",
    ("POST", "/backoffice/operator/missions/{mission_id}/status"): "operator",
    ("GET", "/backoffice/operator/missions/{mission_id}/offerings/new"): "operator",
    ("POST", "/backoffice/operator/missions/{mission_id}/offerings/new"): "operator",
    ("GET", "/backoffice/operator/offerings/{offering_id}"): "operator",
    ("POST", "/backoffice/operator/offerings/{offering_id}"): "operator",
    ("GET", "/backoffice/sales/reviews"): "sales",
    ("GET", "/backoffice/sales/bookings/{booking_id}"): "sales",
    ("POST", "/backoffice/sales/bookings/{booking_id}/review"): "sales",
    ("GET", "/backoffice/sales/companies"): "sales",
    ("GET", "/backoffice/sales/company"): "sales",
    ("GET", "/backoffice/sales/overdue"): "sales",
    ("GET", "/backoffice/finance/reconciliation"): "finance",
    ("GET", "/backoffice/finance/reconciliation.csv"): "finance",
    ("GET", "/backoffice/finance/exceptions"): "finance",
    ("GET", "/backoffice/finance/charts"): "finance",
    ("GET", "/backoffice/finance/payouts/{payout_id}"): "finance",
    ("GET", "/backoffice/finance/invoices"): "finance",
    ("POST", "/backoffice/finance/refunds/{refund_id}/retry"): "finance",
    ("GET", "/backoffice/finance/bookings/{booking_id}"): "finance",
    ("POST", "/backoffice/finance/payments/{payment_id}/refund"): "finance",
    ("GET", "/backoffice/admin/partners"): "admin",
    ("POST", "/backoffice/admin/partners"): "admin",
    ("GET", "/backoffice/admin/partners/{partner_id}"): "admin",
    ("POST", "/backoffice/admin/partners/{partner_id}/keys"): "admin",
    ("POST", "/backoffice/admin/partners/{partner_id}/keys/{key_id}/revoke"): "admin",
    ("GET", "/backoffice/admin/staff"): "admin",
    ("POST", "/backoffice/admin/staff"): "admin",
    ("POST", "/backoffice/admin/staff/{account_id}"): "admin",
    ("GET", "/backoffice/admin/audit"): "admin",
    ("GET", "/backoffice/admin/webhooks"): "admin",
    ("GET", "/backoffice/admin/webhooks/{endpoint_id}"): "admin",
    ("POST", "/backoffice/admin/webhooks/{endpoint_id}/status"): "admin",
    ("POST", "/backoffice/admin/webhooks/{endpoint_id}/redeliver-failed"): "admin",
    ("GET", "/backoffice/ballots"): "operator",
    ("GET", "/backoffice/ballots/{offering_id}"): "operator",
    ("GET", "/backoffice/waitlists"): "operator",
    ("GET", "/backoffice/waitlists/{offering_id}"): "operator",
}
OPEN = {("GET", "/backoffice/login"), ("POST", "/backoffice/login")}


def test_the_table_above_lists_every_back_office_route() -> None:
    """A new page without a line here (and so without its access test) fails."""
    from gateway.config import Settings
    from gateway.main import create_app

    app = create_app(Settings(internal_token_secret="x" * 40))  # type: ignore[arg-type]
    found = {
        (method, route.path)
        for route in iter_route_contexts(app.routes)
        if route.path.startswith("/backoffice")
        for method in route.methods or ()
    }
    assert found == set(ROUTES) | OPEN
    for route in iter_route_contexts(app.routes):
        if (
            route.path.startswith("/backoffice")
            and (next(iter(route.methods or ())), route.path) in ROUTES
        ):
            declared = [
                getattr(d.call, "backoffice_roles", None) for d in route.dependant.dependencies
            ]
            assert any(r is not None for r in declared), f"{route.path}: no staff check"


@pytest.fixture(scope="module")
def ids(
    gateway: httpx.Client,
    admin: Account,
    payments: httpx.Client,
    stripe_standin: httpx.Client,
    tokens: Tokens,
) -> Ids:
    operator = create_staff(gateway, admin, "operator")
    offering = make_offering(gateway, operator)
    customer_booking = gateway.post(
        "/v1/bookings",
        json=booking_body(offering["id"]),
        headers={**create_staff(gateway, admin, "sales").headers, **idem()},
    )
    assert customer_booking.status_code == 201, customer_booking.text
    partner = create_partner(gateway, admin, "Walk")
    endpoint = gateway.post(
        "/v1/notifications/webhook-endpoints",
        json={
            "url": "http://127.0.0.1:9/walk",
            "event_types": ["booking.confirmed"],  # the partner books nothing: never sent
            "partner_id": partner,
        },
        headers={**admin.headers, **idem()},
    )
    assert endpoint.status_code == 201, endpoint.text
    return Ids(
        mission=str(offering["mission_id"]),
        offering=str(offering["id"]),
        booking=customer_booking.json()["id"],
        partner=partner,
        endpoint=endpoint.json()["id"],
        payout=_synced_payout(payments, stripe_standin, tokens),
    )


def _synced_payout(payments: httpx.Client, stripe: httpx.Client, tokens: Tokens) -> str:
    made = payout(stripe, "jpy", [foreign_charge(stripe, 1_000)])
    sync(payments, tokens)
    return str(made["id"])


@pytest.fixture(scope="module")
def clients(platform: Platform, gateway: httpx.Client, admin: Account) -> dict[str, httpx.Client]:
    base = platform.url("gateway")
    made = {role: staff_client(base, create_staff(gateway, admin, role)) for role in ROLES[:3]}
    made["admin"] = staff_client(base, admin)
    made["anonymous"] = httpx.Client(base_url=base, timeout=30.0)
    return made


def _path(template: str, ids: Ids) -> str:
    return (
        template.replace("{mission_id}", ids.mission)
        .replace("{offering_id}", ids.offering)
        .replace("{booking_id}", ids.booking)
        .replace("{partner_id}", ids.partner)
        .replace("{endpoint_id}", ids.endpoint)
        .replace("{payout_id}", ids.payout)
        .replace("{refund_id}", "rfd_00000000000000000000000000")
        .replace("{payment_id}", "pay_00000000000000000000000000")
        .replace("{key_id}", "key_00000000000000000000000000")
        .replace("{account_id}", "stf_00000000000000000000000000")
    )


@pytest.mark.parametrize("caller", [*ROLES, "anonymous"])
def test_every_route_with_every_role(
    caller: str, clients: dict[str, httpx.Client], ids: Ids
) -> None:
    client = clients[caller]
    csrf = "" if caller == "anonymous" else page_csrf(client)
    for (method, template), role in ROUTES.items():
        if template == "/backoffice/logout":
            continue  # signs out: tested below
        path = _path(template, ids)
        if method == "GET":
            answer = client.get(path)
        else:
            # Without `confirmed`, every form answers with its confirmation page: a
            # refused caller never gets that far, an allowed one changes nothing yet.
            form = {"csrf": csrf, "name": "x", "status": "sales_closed", "state": "disabled"}
            answer = client.post(path, data=form | {"since": "2026-12-01T09:00"})
        where = f"{caller} {method} {path}"
        if caller == "anonymous":
            assert answer.status_code == 303, where
            assert answer.headers["location"].startswith("/backoffice/login"), where
        elif role is None or caller == role or caller == "admin":
            assert answer.status_code == 200, f"{where}: {answer.status_code} {answer.text[:300]}"
            assert "⟦" not in answer.text, where
        else:
            assert answer.status_code == 403, where
            assert "Not for your role" in answer.text, where


def test_cookie_is_httponly_strict_and_scoped(
    platform: Platform, gateway: httpx.Client, admin: Account
) -> None:
    account = create_staff(gateway, admin, "sales")
    client = httpx.Client(base_url=platform.url("gateway"), timeout=30.0)
    form = client.get("/backoffice/login")
    answer = client.post(
        "/backoffice/login",
        data={"csrf": csrf_of(form.text), "email": account.email, "password": account.password},
    )
    assert answer.status_code == 303
    cookie = next(
        v for k, v in answer.headers.multi_items() if k == "set-cookie" and "lpx_bo=" in v
    )
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie.replace("Strict", "strict")
    assert "Path=/backoffice" in cookie
    assert account.password not in cookie


def test_a_form_without_the_csrf_token_is_refused_and_changes_nothing(
    clients: dict[str, httpx.Client], gateway: httpx.Client, admin: Account
) -> None:
    client = clients["admin"]
    name = f"CSRF probe {time.time_ns()}"
    for data in (
        {"name": name, "contact_email": "x@example.com", "confirmed": "1"},
        {"name": name, "contact_email": "x@example.com", "confirmed": "1", "csrf": "forged"},
    ):
        answer = client.post("/backoffice/admin/partners", data=data)
        assert answer.status_code == 403
        assert "Form expired" in answer.text
    partners = gateway.get("/v1/admin/partners", headers=admin.headers).json()["items"]
    assert name not in {p["name"] for p in partners}
    # The sign-in form is protected too (double-submit token).
    fresh = httpx.Client(base_url=str(client.base_url), timeout=30.0)
    refused = fresh.post("/backoffice/login", data={"email": "a@b.c", "password": "x"})
    assert refused.status_code == 403


def test_sign_out_ends_the_session_everywhere(
    platform: Platform, gateway: httpx.Client, admin: Account
) -> None:
    client = staff_client(platform.url("gateway"), create_staff(gateway, admin, "finance"))
    stolen = dict(client.cookies)
    answer = client.post("/backoffice/logout", data={"csrf": page_csrf(client)})
    assert answer.status_code == 303
    # The old cookie, replayed, no longer opens anything: the session itself ended.
    replay = httpx.Client(base_url=platform.url("gateway"), timeout=30.0, cookies=stolen)
    assert replay.get("/backoffice").status_code == 303


def test_sign_out_everywhere_ends_every_session_of_that_staff_member_only(
    platform: Platform, gateway: httpx.Client, admin: Account
) -> None:
    base = platform.url("gateway")
    account = create_staff(gateway, admin, "sales")
    here, elsewhere = staff_client(base, account), staff_client(base, account)
    colleague = staff_client(base, create_staff(gateway, admin, "sales"))
    csrf = page_csrf(here)
    asked = here.post("/backoffice/logout-everywhere", data={"csrf": csrf})
    assert asked.status_code == 200 and "Sign out everywhere?" in asked.text
    assert elsewhere.get("/backoffice").status_code == 200  # nothing ended before confirming
    done = here.post("/backoffice/logout-everywhere", data={"csrf": csrf, "confirmed": "1"})
    assert done.status_code == 303 and done.headers["location"] == "/backoffice/login"
    for client in (here, elsewhere):
        answer = client.get("/backoffice/sales/reviews")
        assert answer.status_code == 303 and answer.headers["location"].startswith(
            "/backoffice/login"
        )
    # The account's API token from before is refused too; a colleague stays signed in.
    assert gateway.get("/v1/auth/me", headers=account.headers).status_code == 401
    assert colleague.get("/backoffice").status_code == 200
    log = staff_client(base, admin).get("/backoffice/admin/audit").text
    assert "staff.sign_out_everywhere" in log and account.id in log


def _cookie(secret: str, sid: str, at: int) -> str:
    key = hmac.new(secret.encode(), b"lpx-backoffice-session", hashlib.sha256).digest()
    payload = json.dumps({"sid": sid, "t": at}).encode()
    signature = base64.urlsafe_b64encode(hmac.new(key, payload, hashlib.sha256).digest())
    return base64.urlsafe_b64encode(payload).decode() + "." + signature.decode()


def test_an_idle_session_ends(platform: Platform, gateway: httpx.Client, admin: Account) -> None:
    client = staff_client(platform.url("gateway"), create_staff(gateway, admin, "sales"))
    value = client.cookies["lpx_bo"]
    sid = json.loads(base64.urlsafe_b64decode(value.split(".")[0]))["sid"]
    secret: Any = platform.env("gateway")["GATEWAY_INTERNAL_TOKEN_SECRET"]
    idle = httpx.Client(
        base_url=platform.url("gateway"),
        timeout=30.0,
        cookies={"lpx_bo": _cookie(secret, sid, int(time.time()) - 3 * 3600)},
    )
    assert idle.get("/backoffice").status_code == 303
    fresh = httpx.Client(
        base_url=platform.url("gateway"),
        timeout=30.0,
        cookies={"lpx_bo": _cookie(secret, sid, int(time.time()))},
    )
    assert fresh.get("/backoffice").status_code == 200
    tampered = _cookie(secret, sid, int(time.time()))[:-4] + "AAA="
    forged = httpx.Client(
        base_url=platform.url("gateway"), timeout=30.0, cookies={"lpx_bo": tampered}
    )
    assert forged.get("/backoffice").status_code == 303
    assert re.match(r"ses_", sid)
