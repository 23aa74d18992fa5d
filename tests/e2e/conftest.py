"""End-to-end fixtures: the whole platform as real processes on PostgreSQL, used the way
its users use it: through the gateway, with real accounts (a customer who signs up,
staff made by an admin), paying on the Stripe stand-in.

``stack`` is the run's shared platform. ``fast_stack`` is a second, separate platform
whose holds last seconds instead of minutes (and whose Stripe stand-in accepts Checkout
Sessions that short), for the tests about what happens when a hold runs out.
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest

from tests.harness import ROOT, STRIPE_API_KEY, Platform, create_offering

STRIPE_AUTH = {"Authorization": f"Bearer {STRIPE_API_KEY}"}


@dataclass(frozen=True)
class Account:
    email: str
    id: str
    access_token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.access_token}"}


def wait_for(predicate: Callable[[], Any], timeout: float = 20.0, interval: float = 0.2) -> Any:
    """Poll until ``predicate()`` is truthy and return it; fail the test on timeout."""
    deadline = time.monotonic() + timeout
    last: Any = None
    while time.monotonic() < deadline:
        last = predicate()
        if last:
            return last
        time.sleep(interval)
    raise AssertionError(f"condition not met within {timeout}s (last: {last!r})")


def verified_ranking(published: dict[str, Any]) -> list[str]:
    """The application ids in rank order, as the documented script recomputes them from a
    published draw (``GET /v1/ballots/{id}/draw``); fails the test if the script does."""
    check = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "verify_ballot.py"), "-"],
        input=json.dumps(published),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert check.returncode == 0, check.stderr
    return [line.split("\t")[1] for line in check.stdout.splitlines()]


def idem() -> dict[str, str]:
    return {"Idempotency-Key": "e2e-" + secrets.token_hex(8)}


def _password() -> str:
    return "pw-" + secrets.token_urlsafe(18)


@dataclass
class Stack:
    """One running platform, driven through its gateway."""

    platform: Platform
    gw: httpx.Client
    stripe: httpx.Client
    # role -> (email, password, when signed in, account); see _signed_in.
    _staff_accounts: dict[str, tuple[str, str, float, Account]] = field(
        init=False, default_factory=dict
    )

    def __post_init__(self) -> None:
        admin = self._admin()
        for role in ("operator", "finance"):
            email, password = self._staff(admin, role)
            self._staff_accounts[role] = (
                email,
                password,
                time.monotonic(),
                self._login(email, password),
            )

    @property
    def operator(self) -> Account:
        return self._signed_in("operator")

    @property
    def finance(self) -> Account:
        return self._signed_in("finance")

    def _signed_in(self, role: str) -> Account:
        """The staff member's account, signed in again once its access token (15 minutes)
        is getting old: this stack lives for a whole run."""
        email, password, at, account = self._staff_accounts[role]
        if time.monotonic() - at > 600:
            account = self._login(email, password)
            self._staff_accounts[role] = (email, password, time.monotonic(), account)
        return account

    # ------------------------------------------------------------------ accounts
    def _login(self, email: str, password: str) -> Account:
        answer = self.gw.post("/v1/auth/login", json={"email": email, "password": password})
        assert answer.status_code == 200, answer.text
        body = answer.json()
        return Account(email, body["account"]["id"], body["access_token"])

    def _admin(self) -> Account:
        email, password = f"e2e-admin-{secrets.token_hex(4)}@lpx.test", _password()
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "gateway.cli",
                "create-admin",
                "--email",
                email,
                "--password-env",
                "LPX_E2E_ADMIN_PASSWORD",
            ],
            env={**os.environ, **self.platform.env("gateway"), "LPX_E2E_ADMIN_PASSWORD": password},
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr
        return self._login(email, password)

    def _staff(self, admin: Account, role: str) -> tuple[str, str]:
        email, password = f"e2e-{role}-{secrets.token_hex(4)}@lpx.test", _password()
        made = self.gw.post(
            "/v1/admin/staff",
            json={"email": email, "password": password, "name": f"E2E {role}", "roles": [role]},
            headers=admin.headers,
        )
        assert made.status_code == 201, made.text
        return email, password

    def customer(self) -> Account:
        email = f"buyer-{secrets.token_hex(5)}@example.com"
        made = self.gw.post(
            "/v1/auth/signup",
            json={"email": email, "password": _password(), "name": "Aiko Tanaka"},
        )
        assert made.status_code == 201, made.text
        body = made.json()
        return Account(email, body["account"]["id"], body["access_token"])

    # ------------------------------------------------------------------- catalog
    def offering(
        self,
        *,
        capacity: int = 10,
        price_jpy: int = 70_000,
        fee_bps: int = 0,
        cutoff_days: int = 0,
    ) -> dict[str, Any]:
        """A new on-sale mission with one consumer offering, made by the operator."""
        return create_offering(
            self.gw,
            self.operator.headers,
            capacity_units=capacity,
            prices={"JPY": price_jpy, "USD": 46_000},
            cancellation_cutoff_days=cutoff_days,
            cancellation_fee_bps=fee_bps,
        )

    def units_left(self, offering_id: str) -> int:
        answer = self.gw.get(f"/v1/catalog/offerings/{offering_id}/availability")
        assert answer.status_code == 200, answer.text
        return int(answer.json()["units_left"])

    # ------------------------------------------------------------------- booking
    def book(
        self, buyer: Account, offering_id: str, quantity: int = 1, expect: int = 201
    ) -> dict[str, Any]:
        answer = self.gw.post(
            "/v1/bookings",
            json={
                "lines": [{"offering_id": offering_id, "quantity": quantity}],
                "contact": {"name": "Aiko Tanaka", "email": buyer.email},
                "currency": "JPY",
            },
            headers=buyer.headers | idem(),
        )
        assert answer.status_code == expect, answer.text
        return answer.json()

    def checkout(self, buyer: Account, booking_id: str) -> dict[str, Any]:
        answer = self.gw.post(f"/v1/bookings/{booking_id}/checkout", headers=buyer.headers)
        assert answer.status_code == 200, answer.text
        return answer.json()

    def booking(self, buyer: Account, booking_id: str) -> dict[str, Any]:
        answer = self.gw.get(f"/v1/bookings/{booking_id}", headers=buyer.headers)
        assert answer.status_code == 200, answer.text
        return answer.json()

    def wait_status(
        self, buyer: Account, booking_id: str, status: str, timeout: float = 20.0
    ) -> dict[str, Any]:
        return wait_for(
            lambda: (b := self.booking(buyer, booking_id))["status"] == status and b,
            timeout=timeout,
        )

    def history(self, buyer: Account, booking_id: str) -> list[str]:
        answer = self.gw.get(f"/v1/bookings/{booking_id}/history", headers=buyer.headers)
        assert answer.status_code == 200, answer.text
        return [item.get("to_status") or item.get("status") for item in answer.json()["items"]]

    # ------------------------------------------------------------------- stripe
    @staticmethod
    def session_id(checkout: dict[str, Any]) -> str:
        return checkout["checkout_url"].rstrip("/").rsplit("/", 1)[1]

    def pay(
        self, checkout: dict[str, Any], card: str = "4242424242424242", **extra: Any
    ) -> httpx.Response:
        """Pay through the stand-in's test control (what Stripe's test mode offers)."""
        return self.stripe.post(
            f"/_standin/checkout/sessions/{self.session_id(checkout)}/pay",
            json={"card_number": card, **extra},
        )

    def pay_with_form(
        self, checkout: dict[str, Any], card: str = "4242 4242 4242 4242"
    ) -> httpx.Response:
        """Submit the hosted payment page's form, as a browser would."""
        page = httpx.get(checkout["checkout_url"], timeout=30.0)
        assert page.status_code == 200 and 'id="card-number"' in page.text
        return httpx.post(
            checkout["checkout_url"],
            data={"card_number": card, "card_expiry": "12 / 34", "card_cvc": "123"},
            timeout=30.0,
        )

    # ------------------------------------------------------------------ finance
    def payments_of(self, booking_id: str) -> list[dict[str, Any]]:
        answer = self.gw.get(
            "/v1/payments", params={"booking_id": booking_id}, headers=self.finance.headers
        )
        assert answer.status_code == 200, answer.text
        return answer.json()["items"]

    def refunds_of(self, booking_id: str) -> list[dict[str, Any]]:
        answer = self.gw.get(
            "/v1/refunds", params={"booking_id": booking_id}, headers=self.finance.headers
        )
        assert answer.status_code == 200, answer.text
        return answer.json()["items"]

    def ledger(self, booking_id: str | None = None) -> dict[str, Any]:
        params = {"booking_id": booking_id} if booking_id else {}
        answer = self.gw.get("/v1/ledger/balances", params=params, headers=self.finance.headers)
        assert answer.status_code == 200, answer.text
        return answer.json()

    @staticmethod
    def account(balances: dict[str, Any], name: str, currency: str = "JPY") -> int:
        for row in balances["accounts"]:
            if row["account"] == name and row["currency"] == currency:
                return int(row["balance_minor"])
        return 0


@pytest.fixture(scope="session")
def stack(platform: Platform, gateway: httpx.Client) -> Iterator[Stack]:
    with httpx.Client(
        base_url=platform.service("stripe").url, headers=STRIPE_AUTH, timeout=30.0
    ) as stripe_client:
        yield Stack(platform, gateway, stripe_client)


class FastHoldPlatform(Platform):
    """A platform whose booking holds last seconds, with a stand-in that allows it."""

    HOLD_SECONDS = 8

    def env(self, name: str) -> dict[str, str]:
        env = super().env(name)
        if name == "booking":
            env |= {
                "BOOKING_HOLD_TTL_SECONDS": str(self.HOLD_SECONDS),
                "BOOKING_CHECKOUT_HOLD_SECONDS": str(self.HOLD_SECONDS),
                "BOOKING_CHECKOUT_SESSION_MARGIN_SECONDS": "0",
                "BOOKING_CHECKOUT_MIN_SESSION_SECONDS": "1",
                "BOOKING_EXPIRY_POLL_SECONDS": "0.5",
            }
        elif name == "stripe":
            env |= {"STRIPE_STANDIN_CHECKOUT_MIN_EXPIRY_SECONDS": "1"}
        return env


@pytest.fixture(scope="session")
def fast_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    run = FastHoldPlatform(
        run_id=secrets.token_hex(4) + "f",
        secret=secrets.token_urlsafe(48),
        log_dir=tmp_path_factory.mktemp("fast-stack-logs"),
    )
    try:
        for name in ("catalog", "booking", "stripe", "payments", "gateway"):
            run.service(name)
        with (
            httpx.Client(base_url=run.url("gateway"), timeout=30.0) as gw,
            httpx.Client(base_url=run.url("stripe"), headers=STRIPE_AUTH, timeout=30.0) as sc,
        ):
            yield Stack(run, gw, sc)
    finally:
        run.close()
