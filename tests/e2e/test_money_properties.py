"""Random sequences of everything that moves money, across real processes.

A hypothesis state machine drives the catalog, booking, payments and the Stripe stand-in
(each its own process, on PostgreSQL) with holds that last seconds: consumers book, check
out, pay, are declined, let sessions lapse and cancel; companies are approved and pay their
deposit by bank transfer, in full or in part; finance refunds part of a payment; cardholders
dispute; missions launch, land, are lost or cancelled; Stripe delivers webhooks twice and
out of order. After every step the ledger balances, nothing is oversold and no payment is
refunded beyond what it captured. After every sequence, once the outboxes settle, every
booking has come to rest and keeps no money its status does not allow.
"""

from __future__ import annotations

import contextlib
import secrets
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from tests.booking.support import booking_body, key, make_offering, wait_for
from tests.e2e.conftest import FastHoldPlatform
from tests.finance.support import APPROVAL, STRIPE_AUTH, business_booking_body
from tests.harness import Tokens

CARD_OK = "4242424242424242"
CARD_DECLINED = "4000000000000002"
CONSUMER_PRICE = 70_000
BUSINESS_PRICE = 1_000_000
# Statuses a booking may rest in once nothing is left for the platform to do.
AT_REST = {"confirmed", "approved", "expired", "cancelled", "rejected", "refunded", "flown"}
AT_REST |= {"delivered", "mission_lost"}
# How much of what was paid each status lets the booking keep (offerings here charge no
# cancellation fee): the whole price, or nothing.
KEEPS_TOTAL = {"confirmed", "approved", "flown", "delivered", "mission_lost"}
# Missions move along these paths; a rule walks as far as the chosen target allows.
MISSION_PATHS = {
    "cancelled": ["cancelled"],
    "launched": ["sales_closed", "launched"],
    "landed": ["sales_closed", "launched", "landed"],
    "lost": ["sales_closed", "launched", "lost"],
}


class PropertyPlatform(FastHoldPlatform):
    HOLD_SECONDS = 5


@dataclass
class Stack:
    tokens: Tokens
    catalog: httpx.Client
    booking: httpx.Client
    payments: httpx.Client
    stripe: httpx.Client


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    run = PropertyPlatform(
        run_id=secrets.token_hex(4) + "p",
        secret=secrets.token_urlsafe(48),
        log_dir=tmp_path_factory.mktemp("property-logs"),
    )
    try:
        for name in ("catalog", "booking", "stripe", "payments"):
            run.service(name)
        clients = [httpx.Client(base_url=run.url(n), timeout=30.0) for n in APPS_USED]
        try:
            yield Stack(run.tokens, *clients)
        finally:
            for client in clients:
                client.close()
    finally:
        run.close()


APPS_USED = ("catalog", "booking", "payments", "stripe")


def _ok(answer: httpx.Response, *allowed: int) -> httpx.Response:
    """Any refusal a user can meet is a 4xx the rule allows; never a 5xx."""
    assert answer.status_code in allowed, f"{answer.request.url}: {answer.text}"
    return answer


@dataclass
class Tracked:
    id: str
    kind: str  # consumer | business
    headers: dict[str, str] = field(repr=False)
    session_ids: list[str] = field(default_factory=list, repr=False)
    money_sent: bool = False  # a card was charged or a transfer made for it


def pick(data: st.DataObject, bookings: list[Tracked]) -> Tracked:
    return data.draw(st.sampled_from(bookings), label="booking")


class MoneyMachine(RuleBasedStateMachine):
    s: Stack  # set by the test, which runs the machine against its own platform

    def __init__(self) -> None:
        super().__init__()
        self.tracked: dict[str, Tracked] = {}
        self.missions: dict[str, str] = {}  # mission id -> its status

    def of_kind(self, kind: str) -> list[Tracked]:
        return [b for b in self.tracked.values() if b.kind == kind]

    def with_session(self) -> list[Tracked]:
        return [b for b in self.tracked.values() if b.session_ids]

    def with_money(self) -> list[Tracked]:
        return [b for b in self.tracked.values() if b.money_sent]

    # --- setup ------------------------------------------------------------------------

    @initialize()
    def open_sales(self) -> None:
        t = self.s.tokens
        self.consumer_offering = make_offering(
            self.s.catalog, t, capacity=3, max_quantity=2, prices={"JPY": CONSUMER_PRICE}
        )
        self.free_offering = make_offering(self.s.catalog, t, capacity=2, prices={"JPY": 0})
        self.business_offering = make_offering(
            self.s.catalog,
            t,
            audience="business",
            capacity=2,
            prices={"JPY": BUSINESS_PRICE},
            unit_mass_grams=1000,
        )
        for offering in (self.consumer_offering, self.free_offering, self.business_offering):
            self.missions[offering["mission_id"]] = "on_sale"

    # --- consumers --------------------------------------------------------------------

    @rule(
        quantity=st.integers(1, 2),
        free=st.booleans(),
        then=st.sampled_from(["holds", "checks out", "pays", "pays"]),
    )
    def consumer_books(self, quantity: int, free: bool, then: str) -> None:
        offering = self.free_offering if free else self.consumer_offering
        headers = self.s.tokens.customer(f"cus_{secrets.token_hex(4)}")
        answer = _ok(
            self.s.booking.post(
                "/v1/bookings",
                json=booking_body(offering["id"], quantity),
                headers={**headers, "Idempotency-Key": key()},
            ),
            201,
            409,
            422,
        )
        if answer.status_code == 201:
            b = Tracked(answer.json()["id"], "consumer", headers)
            self.tracked[b.id] = b
            if then != "holds":
                self._checkout(b)
            if then == "pays" and b.session_ids:
                self._pay(b, CARD_OK)

    @precondition(lambda self: self.of_kind("consumer"))
    @rule(data=st.data())
    def checkout(self, data: st.DataObject) -> None:
        self._checkout(pick(data, self.of_kind("consumer")))

    def _checkout(self, b: Tracked) -> None:
        answer = _ok(
            self.s.booking.post(f"/v1/bookings/{b.id}/checkout", headers=b.headers),
            200,
            409,
            422,
        )
        url = answer.json().get("checkout_url") if answer.status_code == 200 else None
        if url:
            b.session_ids.append(url.rstrip("/").rsplit("/", 1)[-1])

    @precondition(lambda self: self.with_session())
    @rule(data=st.data(), card=st.sampled_from([CARD_OK, CARD_OK, CARD_DECLINED]))
    def pay(self, data: st.DataObject, card: str) -> None:
        self._pay(pick(data, self.with_session()), card)

    def _pay(self, b: Tracked, card: str) -> None:
        answer = _ok(
            self.s.stripe.post(
                f"/_standin/checkout/sessions/{b.session_ids[-1]}/pay",
                json={"card_number": card},
                headers=STRIPE_AUTH,
            ),
            200,
            400,
            402,
        )
        b.money_sent |= answer.status_code == 200

    @precondition(lambda self: self.with_session())
    @rule(data=st.data())
    def session_lapses(self, data: st.DataObject) -> None:
        b = pick(data, self.with_session())
        _ok(
            self.s.stripe.post(
                f"/v1/checkout/sessions/{b.session_ids[-1]}/expire", headers=STRIPE_AUTH
            ),
            200,
            400,
        )

    @precondition(lambda self: self.tracked)
    @rule(data=st.data())
    def buyer_cancels(self, data: st.DataObject) -> None:
        """The customer, or the sales team for a company."""
        b = pick(data, list(self.tracked.values()))
        _ok(
            self.s.booking.post(
                f"/v1/bookings/{b.id}/cancel", json={"reason": "plans changed"}, headers=b.headers
            ),
            200,
            409,
            422,
        )

    # --- companies --------------------------------------------------------------------

    @rule()
    def company_is_approved(self) -> None:
        sales = self.s.tokens.staff("sales")
        body = business_booking_body(
            self.business_offering["id"],
            "ap@lunar-corp.example",  # shared by every company here
            name=f"Lunar Corp {secrets.token_hex(2)}",
        )
        answer = _ok(
            self.s.booking.post(
                "/v1/bookings", json=body, headers={**sales, "Idempotency-Key": key()}
            ),
            201,
            409,
            422,
        )
        if answer.status_code != 201:
            return
        b = Tracked(answer.json()["id"], "business", sales)
        self.tracked[b.id] = b
        _ok(
            self.s.booking.post(f"/v1/bookings/{b.id}/review", json=APPROVAL, headers=sales),
            200,
            409,
        )

    @precondition(lambda self: self.of_kind("business"))
    @rule(data=st.data(), share=st.sampled_from([1, 1, 2]))
    def company_transfers(self, data: st.DataObject, share: int) -> None:
        """The company pays its open invoice by bank transfer, in full or half of it."""
        b = pick(data, self.of_kind("business"))

        def open_invoice() -> dict[str, Any] | None:
            invoices = _ok(
                self.s.payments.get(
                    "/v1/finance/invoices",
                    params={"booking_id": b.id},
                    headers=self.s.tokens.staff("finance"),
                ),
                200,
            ).json()["items"]
            found = [i for i in invoices if i["status"] == "open" and i["stripe_customer_id"]]
            return found[0] if found else None

        invoice = None
        with contextlib.suppress(AssertionError):  # none open: paid, voided or not yet made
            invoice = wait_for(open_invoice, timeout=3)
        if invoice is None:
            return
        _ok(
            self.s.stripe.post(
                f"/v1/test_helpers/customers/{invoice['stripe_customer_id']}/fund_cash_balance",
                data={"amount": invoice["amount_minor"] // share, "currency": "jpy"},
                headers=STRIPE_AUTH,
            ),
            200,
        )
        b.money_sent = True

    # --- finance, cardholders and Stripe ----------------------------------------------

    def _payments_of(self, booking_id: str) -> list[dict[str, Any]]:
        return _ok(
            self.s.payments.get(
                "/v1/payments",
                params={"booking_id": booking_id},
                headers=self.s.tokens.staff("finance"),
            ),
            200,
        ).json()["items"]

    @precondition(lambda self: self.with_money())
    @rule(data=st.data(), part=st.sampled_from([1_000, 35_000, 70_000]))
    def finance_refunds(self, data: st.DataObject, part: int) -> None:
        b = pick(data, self.with_money())
        for payment in self._payments_of(b.id):
            left = payment["amount_captured_minor"] - payment["amount_refunded_minor"]
            if payment["status"] == "succeeded" and left > 0:
                _ok(
                    self.s.payments.post(
                        f"/v1/payments/{payment['id']}/refunds",
                        json={"amount_minor": min(part, left), "reason": "goodwill"},
                        headers={**self.s.tokens.staff("finance"), "Idempotency-Key": key()},
                    ),
                    201,
                    409,
                    422,
                )
                return

    @precondition(lambda self: [b for b in self.with_money() if b.kind == "consumer"])
    @rule(data=st.data(), outcome=st.sampled_from(["open", "won", "lost"]))
    def cardholder_disputes(self, data: st.DataObject, outcome: str) -> None:
        # Bank transfers cannot be disputed; card payments can.
        b = pick(data, [b for b in self.with_money() if b.kind == "consumer"])
        charges = [p["charge_id"] for p in self._payments_of(b.id) if p["charge_id"]]
        if not charges:
            return
        answer = _ok(
            self.s.stripe.post(
                f"/_standin/charges/{charges[0]}/dispute", json={}, headers=STRIPE_AUTH
            ),
            200,
            400,
        )
        if answer.status_code == 200 and outcome != "open":
            _ok(
                self.s.stripe.post(
                    f"/_standin/disputes/{answer.json()['id']}/close",
                    json={"status": outcome},
                    headers=STRIPE_AUTH,
                ),
                200,
                400,
            )

    @precondition(lambda self: self.with_session())
    @rule(data=st.data(), late=st.booleans())
    def stripe_delivers_again(self, data: st.DataObject, late: bool) -> None:
        """The last event about a booking's session comes again: at once (a duplicate)
        or after a delay, behind whatever happened since (out of order)."""
        b = pick(data, self.with_session())
        events = _ok(
            self.s.stripe.get("/v1/events", params={"limit": 100}, headers=STRIPE_AUTH), 200
        ).json()["data"]
        about = [e for e in events if e["data"]["object"].get("id") in b.session_ids]
        if about:
            _ok(
                self.s.stripe.post(
                    f"/_standin/events/{about[0]['id']}/resend",
                    json={"delay_seconds": 1.5 if late else 0},
                    headers=STRIPE_AUTH,
                ),
                200,
            )

    # --- missions ---------------------------------------------------------------------

    @precondition(lambda self: len(self.tracked) >= 4)
    @rule(which=st.integers(0, 2), target_status=st.sampled_from(sorted(MISSION_PATHS)))
    def mission_moves(self, which: int, target_status: str) -> None:
        mission_id = sorted(self.missions)[which]
        for status in MISSION_PATHS[target_status]:
            answer = _ok(
                self.s.catalog.post(
                    f"/v1/catalog/missions/{mission_id}/status",
                    json={"status": status, "reason": "property test"},
                    headers={**self.s.tokens.staff("operator"), "If-Match": "*"},
                ),
                200,
                409,
            )
            if answer.status_code == 200:
                self.missions[mission_id] = status

    # --- what must always hold ---------------------------------------------------------

    @invariant()
    def ledger_balances(self) -> None:
        balances = _ok(
            self.s.payments.get("/v1/ledger/balances", headers=self.s.tokens.staff("finance")),
            200,
        ).json()
        assert balances["balanced"], balances

    @invariant()
    def nothing_is_oversold(self) -> None:
        if not self.missions:
            return
        for offering in (self.consumer_offering, self.free_offering, self.business_offering):
            seen = _ok(
                self.s.catalog.get(
                    f"/v1/catalog/offerings/{offering['id']}/availability",
                    headers=self.s.tokens.staff("operator"),
                ),
                200,
            ).json()
            assert seen["committed_units"] + seen["held_units"] <= seen["capacity_units"], seen
            assert seen["units_left"] >= 0, seen

    @invariant()
    def refunds_never_exceed_payments(self) -> None:
        if not self.tracked:
            return
        for booking_id in self.tracked:
            for p in self._payments_of(booking_id):
                assert p["amount_refunded_minor"] <= p["amount_captured_minor"], p
                assert p["amount_captured_minor"] <= p["amount_minor"], p

    # --- once the outboxes settle ------------------------------------------------------

    def teardown(self) -> None:
        if not self.tracked:
            return
        deadline = time.monotonic() + PropertyPlatform.HOLD_SECONDS + 40
        while True:
            # At rest, and told of every payment and refund payments has seen (payments'
            # reports reach booking through its outbox, a moment after the money moved).
            bookings = self._bookings()
            money = {i: self._money_of(i) for i in bookings}
            restless = {
                i: b
                for i, b in bookings.items()
                if not _at_rest(b) or (b["paid_minor"], b["refunded_minor"]) != money[i]
            }
            if not restless or time.monotonic() > deadline:
                break
            time.sleep(0.5)
        assert not restless, f"bookings that never came to rest: {restless}"
        for booking_id, b in bookings.items():
            payments = self._payments_of(booking_id)
            captured, refunded = money[booking_id]
            kept = captured - refunded
            allowed = b["total_minor"] if b["status"] in KEEPS_TOTAL else 0
            assert 0 <= kept <= allowed, (
                f"{booking_id} ({b['status']}) keeps {kept} of {captured}, may keep {allowed}"
            )
            # Booking and payments agree on the money once the messages are through.
            assert (b["paid_minor"], b["refunded_minor"]) == (captured, refunded), (b, payments)

    def _money_of(self, booking_id: str) -> tuple[int, int]:
        """What payments captured and refunded for a booking."""
        payments = self._payments_of(booking_id)
        return (
            sum(p["amount_captured_minor"] for p in payments),
            sum(p["amount_refunded_minor"] for p in payments),
        )

    def _bookings(self) -> dict[str, dict[str, Any]]:
        staff = self.s.tokens.staff("sales")
        return {
            i: _ok(self.s.booking.get(f"/v1/bookings/{i}", headers=staff), 200).json()
            for i in self.tracked
        }


def _at_rest(b: dict[str, Any]) -> bool:
    owed = b["refund_requested_minor"] - b["refunded_minor"]
    return b["status"] in AT_REST and owed <= 0 and b["refund_owed_since"] is None


def test_money_stays_right_whatever_happens(stack: Stack) -> None:
    class OnThisPlatform(MoneyMachine):
        s = stack

    run_state_machine_as_test(
        OnThisPlatform,
        settings=settings(
            max_examples=6,
            stateful_step_count=25,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            print_blob=True,
        ),
    )
