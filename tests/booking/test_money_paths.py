"""Money paths beyond the consumer card, on booking's side (issue: every money path right).

Each test here failed on the platform before the booking core was reshaped: free
bookings, checkout after launch, refunds computed from what is already back, invoices of
milestones that will not be billed, strict amounts, refunds that fail, the answer stored
with the effect.
"""

from datetime import UTC, datetime, timedelta

import httpx
import pytest

from tests.booking.support import (
    allocation,
    booking_body,
    create_booking,
    db_rows,
    key,
    make_offering,
    outbox_to,
    pay,
    set_mission_status,
    status_of,
    units_left,
    wait_for,
)
from tests.booking.test_business import BUSINESS, business_offering, review
from tests.harness import Platform, Tokens

SERVICE = "payments"


def _refund_report(
    booking: httpx.Client,
    tokens: Tokens,
    booking_id: str,
    amount: int,
    *,
    failed: bool = False,
    refund_id: str | None = None,
) -> httpx.Response:
    kind = "refund-failed" if failed else "refund-completed"
    return booking.post(
        f"/v1/internal/bookings/{booking_id}/{kind}",
        json={
            "refund_id": refund_id or "rfd_" + key(),
            "payment_id": None,
            "amount_minor": amount,
            "currency": "JPY",
            "reason": "card closed",
        },
        headers={**tokens.service(SERVICE), "Idempotency-Key": key()},
    )


def test_a_free_booking_is_confirmed_at_checkout_without_a_payment(
    booking: httpx.Client, catalog: httpx.Client, tokens: Tokens
) -> None:
    offering = make_offering(catalog, tokens, capacity=5, prices={"JPY": 0, "USD": 0})
    buyer = tokens.customer("cus_free")
    made = create_booking(booking, buyer, booking_body(offering["id"], 2))
    assert made["total_minor"] == 0 and made["status"] == "held"

    first = booking.post(f"/v1/bookings/{made['id']}/checkout", headers=buyer)
    assert first.status_code == 200, first.text
    assert first.json() == {
        "status": "confirmed",
        "payment_id": None,
        "checkout_url": None,
        "expires_at": None,
    }
    assert status_of(booking, tokens, made["id"]) == "confirmed"
    alloc = allocation(catalog, tokens, made["lines"][0]["allocation_id"])
    assert alloc["status"] == "committed"
    # a retry neither takes another hold nor fails: the booking is simply not payable now
    again = booking.post(f"/v1/bookings/{made['id']}/checkout", headers=buyer)
    assert again.status_code == 409 and again.json()["type"].endswith("/not-payable")
    assert units_left(catalog, tokens, offering["id"]) == 3


def test_checkout_is_refused_once_the_mission_has_launched(
    booking: httpx.Client, catalog: httpx.Client, tokens: Tokens
) -> None:
    offering = make_offering(catalog, tokens, capacity=5)
    buyer = tokens.customer("cus_launch")
    made = create_booking(booking, buyer, booking_body(offering["id"]))
    set_mission_status(catalog, tokens, offering["mission_id"], "sales_closed")
    set_mission_status(catalog, tokens, offering["mission_id"], "launched")

    refused = booking.post(f"/v1/bookings/{made['id']}/checkout", headers=buyer)
    assert refused.status_code == 422, refused.text
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert refused.json()["type"].endswith("/offering-not-committable")
    assert status_of(booking, tokens, made["id"]) == "held"  # unchanged, nothing charged


def _end_sale_in(catalog: httpx.Client, tokens: Tokens, offering_id: str, minutes: int) -> None:
    ends = datetime.now(UTC) + timedelta(minutes=minutes)
    answer = catalog.patch(
        f"/v1/catalog/offerings/{offering_id}",
        json={"sale_ends_at": ends.isoformat()},
        headers={**tokens.staff("operator"), "If-Match": "*"},
    )
    assert answer.status_code == 200, answer.text


def test_a_checkout_session_never_outlives_the_sale(
    booking: httpx.Client, catalog: httpx.Client, payments: httpx.Client, tokens: Tokens
) -> None:
    offering = make_offering(catalog, tokens, capacity=5)
    buyer = tokens.customer("cus_window")
    closing = create_booking(booking, buyer, booking_body(offering["id"]))
    _end_sale_in(catalog, tokens, offering["id"], 10)
    too_late = booking.post(f"/v1/bookings/{closing['id']}/checkout", headers=buyer)
    assert too_late.status_code == 422 and too_late.json()["type"].endswith("/sale-closing")

    _end_sale_in(catalog, tokens, offering["id"], 32)
    made = create_booking(booking, buyer, booking_body(offering["id"]))
    started = booking.post(f"/v1/bookings/{made['id']}/checkout", headers=buyer)
    assert started.status_code == 200, started.text
    sale_ends = datetime.fromisoformat(
        catalog.get(
            f"/v1/catalog/offerings/{offering['id']}", headers=tokens.staff("operator")
        ).json()["sale_ends_at"]
    )
    assert datetime.fromisoformat(started.json()["expires_at"]) <= sale_ends


def test_a_refund_already_made_by_finance_counts_when_the_buyer_cancels(
    platform: Platform, booking: httpx.Client, catalog: httpx.Client, tokens: Tokens
) -> None:
    offering = make_offering(
        catalog, tokens, capacity=5, prices={"JPY": 100_000, "USD": 700}, cancellation_fee_bps=1_000
    )
    buyer = tokens.customer("cus_partial")
    made = create_booking(booking, buyer, booking_body(offering["id"]))
    assert pay(booking, tokens, made["id"], 100_000).json()["status"] == "confirmed"
    # finance refunds 30,000 as a goodwill gesture; payments reports it
    assert _refund_report(booking, tokens, made["id"], 30_000).status_code == 200

    cancelled = booking.post(
        f"/v1/bookings/{made['id']}/cancel", json={"reason": "plans changed"}, headers=buyer
    )
    assert cancelled.status_code == 200, cancelled.text
    # the policy owes 90,000 back in all (10 % fee); 30,000 of it is back already
    assert cancelled.json()["refund_requested_minor"] == 90_000
    (ask,) = outbox_to(platform, made["id"], "/v1/internal/refunds")
    assert ask["payload"]["refund_total_minor"] == 90_000
    done = _refund_report(booking, tokens, made["id"], 60_000)
    assert done.json()["status"] == "refunded"
    assert done.json()["refunded_minor"] == 90_000


def test_money_paid_twice_is_owed_back_beyond_the_total(
    platform: Platform, booking: httpx.Client, catalog: httpx.Client, tokens: Tokens
) -> None:
    offering = make_offering(catalog, tokens, capacity=5)
    made = create_booking(booking, tokens.customer("cus_twice"), booking_body(offering["id"]))
    assert pay(booking, tokens, made["id"], 70_000).json()["status"] == "confirmed"
    second = pay(booking, tokens, made["id"], 70_000).json()
    assert second["status"] == "confirmed" and second["paid_minor"] == 140_000
    (ask,) = outbox_to(platform, made["id"], "/v1/internal/refunds")
    assert ask["payload"]["refund_total_minor"] == 70_000


def test_a_failed_refund_stays_visible_and_owed(
    platform: Platform, booking: httpx.Client, catalog: httpx.Client, tokens: Tokens
) -> None:
    offering = make_offering(catalog, tokens, capacity=5)
    buyer = tokens.customer("cus_fail")
    made = create_booking(booking, buyer, booking_body(offering["id"]))
    pay(booking, tokens, made["id"], 70_000)
    booking.post(f"/v1/bookings/{made['id']}/cancel", json={"reason": "x"}, headers=buyer)
    failed = _refund_report(booking, tokens, made["id"], 70_000, failed=True)
    assert failed.status_code == 200, failed.text
    body = failed.json()
    assert body["status"] == "cancelled"
    assert body["refund_failed_minor"] == 70_000 and body["refunded_minor"] == 0
    assert body["refund_owed_since"] is not None
    metrics = booking.get("/metrics").text
    owed = next(line for line in metrics.splitlines() if line.startswith("booking_refunds_owed "))
    assert float(owed.split()[1]) >= 1 or "booking_refunds_owed_oldest_seconds" in metrics


def test_every_status_change_is_reported_to_payments(
    platform: Platform, booking: httpx.Client, catalog: httpx.Client, tokens: Tokens
) -> None:
    offering = make_offering(catalog, tokens, capacity=5)
    made = create_booking(booking, tokens.customer("cus_feed"), booking_body(offering["id"]))
    pay(booking, tokens, made["id"], 70_000)
    reports = outbox_to(platform, made["id"], "/v1/internal/booking-statuses")
    assert [(r["payload"]["status"], r["payload"]["version"]) for r in reports] == [
        ("held", 1),
        ("confirmed", 2),
    ]
    assert reports[-1]["payload"]["paid_minor"] == 70_000


@pytest.mark.parametrize("bad", ["1", 1.0, True, 1.0000000000000001])
def test_quantities_and_amounts_are_strict_integers(
    booking: httpx.Client, catalog: httpx.Client, tokens: Tokens, bad: object
) -> None:
    offering = make_offering(catalog, tokens, capacity=5)
    body = booking_body(offering["id"])
    body["lines"][0]["quantity"] = bad
    answer = booking.post(
        "/v1/bookings",
        json=body,
        headers={**tokens.customer("cus_strict"), "Idempotency-Key": key()},
    )
    assert answer.status_code == 422, answer.text
    assert answer.headers["content-type"].startswith("application/problem+json")
    made = create_booking(booking, tokens.customer("cus_strict"), booking_body(offering["id"]))
    paid = booking.post(
        f"/v1/internal/bookings/{made['id']}/payment-succeeded",
        json={
            "payment_id": "pay_" + key(),
            "amount_minor": bad if bad != 1.0 else "70000",
            "currency": "JPY",
        },
        headers={**tokens.service(SERVICE), "Idempotency-Key": key()},
    )
    assert paid.status_code == 422, paid.text
    assert status_of(booking, tokens, made["id"]) == "held"


def test_the_stored_answer_commits_in_the_same_transaction_as_the_booking(
    platform: Platform, booking: httpx.Client, catalog: httpx.Client, tokens: Tokens
) -> None:
    """No crash can leave a booking without its stored answer (a retry would book twice)
    or an answer without its booking: PostgreSQL's xmin shows both rows were written by
    one transaction."""
    offering = make_offering(catalog, tokens, capacity=5)
    idem = key()
    answer = booking.post(
        "/v1/bookings",
        json=booking_body(offering["id"]),
        headers={**tokens.customer("cus_atomic"), "Idempotency-Key": idem},
    )
    assert answer.status_code == 201
    (made,) = db_rows(
        platform, "SELECT xmin::text AS tx FROM bookings WHERE id = $1", answer.json()["id"]
    )
    (record,) = db_rows(
        platform,
        "SELECT xmin::text AS tx, state, response_body::text AS body FROM idempotency_keys "
        "WHERE key = $1",
        idem,
    )
    assert record["state"] == "completed" and answer.json()["id"] in record["body"]
    assert record["tx"] == made["tx"]
    # and a retry replays it, no second booking
    again = booking.post(
        "/v1/bookings",
        json=booking_body(offering["id"]),
        headers={**tokens.customer("cus_atomic"), "Idempotency-Key": idem},
    )
    assert again.json()["id"] == answer.json()["id"]
    assert again.headers.get("Idempotent-Replayed") == "true"


def _deposit_paid(booking: httpx.Client, tokens: Tokens, made: dict) -> dict:
    approved = review(booking, tokens.staff("sales"), made["id"])
    assert approved.status_code == 200, approved.text
    deposit = approved.json()["milestones"][0]
    paid = booking.post(
        f"/v1/internal/bookings/{made['id']}/milestone-events",
        json={"milestone_id": deposit["id"], "event": "paid", "invoice_id": "in_" + key()},
        headers={**tokens.service(SERVICE), "Idempotency-Key": key()},
    )
    assert paid.json()["status"] == "confirmed", paid.text
    return paid.json()


def test_a_lost_mission_voids_every_invoice_that_will_not_be_paid(
    platform: Platform, booking: httpx.Client, catalog: httpx.Client, tokens: Tokens
) -> None:
    offering = business_offering(catalog, tokens)
    partner = tokens.partner("ptn_lost", "bookings:write", "bookings:read")
    made = create_booking(booking, partner, booking_body(offering["id"], business=BUSINESS))
    confirmed = _deposit_paid(booking, tokens, made)
    contract = confirmed["milestones"][1]
    signed = booking.post(
        f"/v1/bookings/{made['id']}/business-events",
        json={"event": "contract"},
        headers=tokens.staff("sales"),
    )
    assert signed.json()["milestones"][1]["status"] == "invoiced"
    mission = offering["mission_id"]
    for status in ("sales_closed", "launched", "lost"):
        set_mission_status(catalog, tokens, mission, status)
    wait_for(lambda: status_of(booking, tokens, made["id"]) == "mission_lost")
    after = booking.get(f"/v1/bookings/{made['id']}", headers=tokens.staff("sales")).json()
    launch = next(m for m in after["milestones"] if m["due_event"] == "launch")
    # the contract invoice and the one the launch issued are voided; those never issued
    # (payload delivery, landing) have nothing to void
    voids = outbox_to(platform, made["id"], "/v1/internal/invoices/void")
    assert sorted(v["payload"]["milestone_id"] for v in voids) == sorted(
        [contract["id"], launch["id"]]
    )
    assert [m["status"] for m in after["milestones"]] == ["paid"] + ["voided"] * 4
    # the deposit was paid and the policy keeps it: nothing is owed back
    assert outbox_to(platform, made["id"], "/v1/internal/refunds") == []


def test_two_companies_sharing_a_billing_email_are_two_billing_accounts(
    platform: Platform, booking: httpx.Client, catalog: httpx.Client, tokens: Tokens
) -> None:
    offering = make_offering(
        catalog,
        tokens,
        audience="business",
        capacity=5,
        unit_mass_grams=1_000,
        prices={"JPY": 10_000_000, "USD": 70_000},
        review_hold_days=14,
    )
    partner = tokens.partner("ptn_shared", "bookings:write", "bookings:read")
    accounts = []
    for name in ("Moonworks KK", "Tsukimi Labs"):
        company = {**BUSINESS["company"], "name": name, "email": "billing@shared.example"}
        made = create_booking(
            booking,
            partner,
            booking_body(offering["id"], business={**BUSINESS, "company": company}),
        )
        assert review(booking, tokens.staff("sales"), made["id"]).status_code == 200
        (invoice,) = outbox_to(platform, made["id"], "/v1/internal/invoices")
        accounts.append(invoice["payload"]["billing_account_id"])
    assert accounts[0] != accounts[1]
    assert all(a.startswith("partner:ptn_shared:") for a in accounts)
