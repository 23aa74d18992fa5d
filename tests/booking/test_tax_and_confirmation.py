"""Tax per rate (the qualified-invoice rounding rule), engravable names, the final
confirmation snapshot and the cancellation preview the storefront shows."""

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import httpx
import pytest

from booking.domain.cancellation import preview
from booking.domain.inscriptions import InvalidInscription, clean_inscription
from booking.domain.tax import TaxRow, tax_included, tax_per_rate
from tests.booking.support import (
    booking_body,
    create_booking,
    key,
    make_offering,
    pay,
    units_left,
)
from tests.harness import Tokens, create_offering


def test_tax_is_computed_once_per_rate_never_per_line() -> None:
    # ¥140,000 at 10 % includes floor(140000 x 1000 / 11000) = ¥12,727.
    assert tax_per_rate([(1000, 140_000)]) == [TaxRow(1000, 140_000, 12_727)]
    # Two ¥105 lines: per line floor(105/11) = 9 each (18); per rate floor(210/11) = 19.
    assert tax_per_rate([(1000, 105), (1000, 105)]) == [TaxRow(1000, 210, 19)]
    mixed = tax_per_rate([(800, 1_080), (1000, 1_100), (0, 500), (800, 1_080)])
    assert mixed == [TaxRow(1000, 1_100, 100), TaxRow(800, 2_160, 160), TaxRow(0, 500, 0)]
    assert all(isinstance(row.tax_minor, int) for row in mixed)
    assert tax_included(0, 1000) == 0 and tax_included(10**15, 1000) == 10**15 // 11
    with pytest.raises(ValueError):
        tax_included(-1, 1000)
    with pytest.raises(ValueError):
        tax_included(100, 10_001)


@pytest.mark.parametrize(
    "text", ["月へ ありがとう 2027", "Aki & Ken - to the Moon!", "Zoë", "  山田　花子  ", "A" * 40]
)
def test_names_that_can_be_engraved(text: str) -> None:
    assert clean_inscription(text) == text.strip()


@pytest.mark.parametrize(
    "text",
    ["", "   ", "A" * 41, "🚀 moon", "a\u0007b", "\u202eevil", "tab\there", "x  y", "<b>hi</b>"],
)
def test_names_that_cannot_be_engraved(text: str) -> None:
    with pytest.raises(InvalidInscription):
        clean_inscription(text)


def test_the_preview_follows_the_cancel_rules() -> None:
    now = datetime(2027, 1, 1, tzinfo=UTC)
    cutoff = now + timedelta(days=1)
    line = SimpleNamespace(
        amount_minor=70_000, cancellation_cutoff_at=cutoff, cancellation_fee_bps=750
    )
    held = SimpleNamespace(
        status="held", total_minor=70_000, paid_minor=0, refund_requested_minor=0, lines=[line]
    )
    assert preview(held, now).fee_minor == 0 and preview(held, now).refund_minor == 0
    assert preview(held, now).fee_if_paid_minor == 5_250 and preview(held, now).cancellable
    paid = SimpleNamespace(**{**vars(held), "status": "confirmed", "paid_minor": 70_000})
    assert (preview(paid, now).fee_minor, preview(paid, now).refund_minor) == (5_250, 64_750)
    late = preview(paid, now + timedelta(days=2))
    assert not late.cancellable and late.refund_minor == 0
    gone = SimpleNamespace(**{**vars(held), "status": "expired"})
    assert not preview(gone, now).cancellable


def test_a_booking_keeps_each_lines_tax_rate_and_its_tax_per_rate(
    booking: httpx.Client, catalog: httpx.Client, tokens: Tokens
) -> None:
    offering = make_offering(catalog, tokens, capacity=5)
    buyer = tokens.customer("cus_tax")
    body = booking_body(offering["id"], 2)
    body["lines"][0]["inscription"] = "  月へ ありがとう  "
    made = create_booking(booking, buyer, body)
    (line,) = made["lines"]
    assert line["tax_category"] == "standard" and line["tax_rate_bps"] == 1000
    assert line["inscription"] == "月へ ありがとう"
    assert made["tax_breakdown"] == [
        {"rate_bps": 1000, "taxable_minor": 140_000, "tax_minor": 12_727}
    ]
    exported = create_offering(
        catalog, tokens.staff("operator"), tax_category="zero_rated", capacity_units=5
    )
    free_of_tax = create_booking(booking, buyer, booking_body(exported["id"], 1))
    assert free_of_tax["lines"][0]["tax_rate_bps"] == 0
    assert free_of_tax["tax_breakdown"] == [
        {"rate_bps": 0, "taxable_minor": 70_000, "tax_minor": 0}
    ]


def test_a_name_that_cannot_be_engraved_is_refused_before_anything_is_held(
    booking: httpx.Client, catalog: httpx.Client, tokens: Tokens
) -> None:
    offering = make_offering(catalog, tokens, capacity=5)
    body = booking_body(offering["id"], 1)
    body["lines"][0]["inscription"] = "🚀\u0007"
    answer = booking.post(
        "/v1/bookings", json=body, headers={**tokens.customer("cus_x"), "Idempotency-Key": key()}
    )
    assert answer.status_code == 422
    assert answer.headers["content-type"].startswith("application/problem+json")
    problem = answer.json()
    assert problem["type"].endswith("/invalid-inscription")
    assert problem["errors"][0]["field"] == "body.lines.0.inscription"
    assert units_left(catalog, tokens, offering["id"]) == 5


def test_final_confirmation_is_stored_and_the_preview_shows_fee_and_refund(
    booking: httpx.Client, catalog: httpx.Client, tokens: Tokens
) -> None:
    offering = make_offering(
        catalog, tokens, capacity=5, cancellation_cutoff_days=30, cancellation_fee_bps=1000
    )
    buyer = tokens.customer("cus_confirm")
    made = create_booking(booking, buyer, booking_body(offering["id"], 2))
    url = f"/v1/bookings/{made['id']}"
    before = booking.get(url + "/cancellation-preview", headers=buyer).json()
    assert before["cancellable"] and before["fee_minor"] == 0 and before["refund_minor"] == 0
    assert before["fee_if_paid_minor"] == 14_000 and before["cutoff_at"]
    confirmed = booking.post(
        url + "/confirmation",
        json={"terms_version": "2026-12-01", "locale": "ja"},
        headers={**buyer, "Idempotency-Key": key()},
    )
    assert confirmed.status_code == 200, confirmed.text
    snapshot = confirmed.json()["confirmation"]
    assert snapshot["terms_version"] == "2026-12-01" and snapshot["locale"] == "ja"
    assert snapshot["total_minor"] == 140_000
    assert snapshot["tax_breakdown"][0]["tax_minor"] == 12_727
    assert snapshot["cancellation"]["fee_if_paid_minor"] == 14_000
    assert snapshot["hold_expires_at"] and snapshot["lines"][0]["quantity"] == 2
    assert booking.get(url, headers=buyer).json()["confirmation"] == snapshot
    # Someone else sees nothing; a bad body is a 422.
    stranger = tokens.customer("cus_stranger")
    assert booking.get(url + "/cancellation-preview", headers=stranger).status_code == 404
    bad = booking.post(
        url + "/confirmation", json={"terms_version": "", "locale": "fr"}, headers=buyer
    )
    assert bad.status_code == 422

    assert pay(booking, tokens, made["id"], 140_000).json()["status"] == "confirmed"
    after = booking.get(url + "/cancellation-preview", headers=buyer).json()
    assert (after["fee_minor"], after["refund_minor"]) == (14_000, 126_000)
    late = booking.post(
        url + "/confirmation",
        json={"terms_version": "2026-12-01", "locale": "en"},
        headers=buyer,
    )
    assert late.status_code == 409
