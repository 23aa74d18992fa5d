"""Reading a booking without polling: the answer's ETag sent back in If-None-Match gives
304 while nothing changed, and with `Prefer: wait=N` the read is answered as soon as the
booking changes (or with 304 after N seconds), as a storefront or a partner waiting for
a payment to be confirmed would use it."""

import threading
import time

import httpx
import pytest

from lpx_common.waiting import ChangeSignals, etag_matches, prefer_wait
from tests.booking.support import booking_body, create_booking, make_offering, pay
from tests.harness import Platform, Tokens


def test_an_unchanged_booking_is_not_sent_again(
    catalog: httpx.Client, booking: httpx.Client, tokens: Tokens
) -> None:
    offering = make_offering(catalog, tokens, capacity=2)
    buyer = tokens.customer("cus_etag")
    made = create_booking(booking, buyer, booking_body(offering["id"]))
    first = booking.get(f"/v1/bookings/{made['id']}", headers=buyer)
    assert first.status_code == 200
    etag = first.headers["etag"]
    assert etag.startswith('"') and first.json()["status"] == "held"

    same = booking.get(f"/v1/bookings/{made['id']}", headers=buyer | {"If-None-Match": etag})
    assert same.status_code == 304 and same.content == b""
    assert same.headers["etag"] == etag
    stale = booking.get(f"/v1/bookings/{made['id']}", headers=buyer | {"If-None-Match": '"x"'})
    assert stale.status_code == 200 and stale.headers["etag"] == etag
    # Another customer learns nothing from an ETag: the booking is not theirs.
    other = tokens.customer("cus_etag_other")
    hidden = booking.get(f"/v1/bookings/{made['id']}", headers=other | {"If-None-Match": etag})
    assert hidden.status_code == 404


def test_a_waiting_read_is_answered_when_the_booking_is_paid(
    catalog: httpx.Client, booking: httpx.Client, tokens: Tokens
) -> None:
    offering = make_offering(catalog, tokens, capacity=2)
    buyer = tokens.customer("cus_wait_paid")
    made = create_booking(booking, buyer, booking_body(offering["id"]))
    etag = booking.get(f"/v1/bookings/{made['id']}", headers=buyer).headers["etag"]

    def pay_soon() -> None:
        time.sleep(1.0)
        assert pay(booking, tokens, made["id"], made["total_minor"]).status_code == 200

    payer = threading.Thread(target=pay_soon)
    started = time.monotonic()
    payer.start()
    try:
        answer = booking.get(
            f"/v1/bookings/{made['id']}",
            headers=buyer | {"If-None-Match": etag, "Prefer": "wait=15"},
            timeout=30,
        )
    finally:
        payer.join()
    took = time.monotonic() - started
    assert answer.status_code == 200, answer.text
    assert answer.json()["status"] == "confirmed"
    assert answer.headers["preference-applied"] == "wait=15"
    assert answer.headers["etag"] != etag
    # Woken by the commit itself, not found by a later poll or the deadline.
    assert 0.9 < took < 5, took


def test_a_waiting_read_of_an_unchanged_booking_ends_with_304_after_the_wait(
    catalog: httpx.Client, booking: httpx.Client, tokens: Tokens
) -> None:
    offering = make_offering(catalog, tokens, capacity=2)
    buyer = tokens.customer("cus_wait_idle")
    made = create_booking(booking, buyer, booking_body(offering["id"]))
    etag = booking.get(f"/v1/bookings/{made['id']}", headers=buyer).headers["etag"]
    started = time.monotonic()
    answer = booking.get(
        f"/v1/bookings/{made['id']}", headers=buyer | {"If-None-Match": etag, "Prefer": "wait=2"}
    )
    took = time.monotonic() - started
    assert answer.status_code == 304
    assert answer.headers["preference-applied"] == "wait=2"
    assert 1.9 < took < 4, took
    # Without If-None-Match there is nothing to wait for: answered at once.
    started = time.monotonic()
    plain = booking.get(f"/v1/bookings/{made['id']}", headers=buyer | {"Prefer": "wait=5"})
    assert plain.status_code == 200 and "preference-applied" not in plain.headers
    assert time.monotonic() - started < 1.5


def test_a_read_that_cannot_wait_says_so_and_answers_at_once(
    platform: Platform, catalog: httpx.Client, tokens: Tokens
) -> None:
    """With every waiting place taken (here: none at all), a waiting read answers at
    once, without `Preference-Applied`, so the client knows to pause before asking again."""
    offering = make_offering(catalog, tokens, capacity=2)
    buyer = tokens.customer("cus_wait_full")
    instance = platform.spawn("booking", BOOKING_MAX_WAITING_READS="0")
    try:
        with httpx.Client(base_url=instance.url, timeout=30) as client:
            made = create_booking(client, buyer, booking_body(offering["id"]))
            etag = client.get(f"/v1/bookings/{made['id']}", headers=buyer).headers["etag"]
            started = time.monotonic()
            answer = client.get(
                f"/v1/bookings/{made['id']}",
                headers=buyer | {"If-None-Match": etag, "Prefer": "wait=10"},
            )
            took = time.monotonic() - started
    finally:
        instance.stop()
    assert answer.status_code == 304
    assert "preference-applied" not in answer.headers
    assert took < 2, took


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, None),
        ("wait=10", 10.0),
        ("respond-async, wait=5", 5.0),
        ("handling=lenient; wait = 3", 3.0),
        ("wait=600", 20.0),  # capped
        ("wait=soon", None),  # malformed: ignored
        ("return=minimal", None),
    ],
)
def test_prefer_wait_is_read_as_rfc_7240_says(header: str | None, expected: float | None) -> None:
    assert prefer_wait(header, 20.0) == expected


def test_if_none_match_compares_weakly_and_knows_the_wildcard() -> None:
    assert etag_matches('"a", W/"b"', '"b"')
    assert etag_matches("*", '"c"')
    assert not etag_matches('"a"', '"b"')
    assert not etag_matches(None, '"b"')


def test_waiting_reads_beyond_the_limit_answer_at_once() -> None:
    signals = ChangeSignals(max_waiters=1)
    with signals.watch("bkg_1") as first, signals.watch("bkg_2") as second:
        assert first is not None and second is None
        signals.changed(["bkg_1"])
        assert first.is_set()
    with signals.watch("bkg_2") as again:
        assert again is not None  # the first one's place is free again
