"""Creating consumer bookings: holds at the catalog, price snapshots, Idempotency-Key
semantics, catalog refusals and outages, and no overselling under concurrency."""

from concurrent.futures import ThreadPoolExecutor
from datetime import datetime

import httpx

from lpx_common.clock import utcnow
from lpx_common.idempotency import fingerprint
from lpx_common.ids import new_id
from tests.booking.support import (
    allocation,
    booking_body,
    create_booking,
    db_rows,
    key,
    make_offering,
    units_left,
    wait_for,
)
from tests.harness import Platform, Tokens, free_port


def test_booking_holds_capacity_with_a_price_snapshot(
    booking: httpx.Client, catalog: httpx.Client, tokens: Tokens
) -> None:
    offering = make_offering(catalog, tokens, capacity=10, prices={"JPY": 70_000, "USD": 46_000})
    made = create_booking(booking, tokens.customer("cus_snap"), booking_body(offering["id"], 3))

    assert made["id"].startswith("bkg_")
    assert made["status"] == "held" and made["kind"] == "consumer"
    assert made["customer_id"] == "cus_snap" and made["partner_id"] is None
    assert made["total_minor"] == 210_000 and made["currency"] == "JPY"
    (line,) = made["lines"]
    assert line["unit_price_minor"] == 70_000 and line["amount_minor"] == 210_000
    assert line["mission_id"] == offering["mission_id"] and line["sku"] == offering["sku"]
    hold = allocation(catalog, tokens, line["allocation_id"])
    assert hold["status"] == "held" and hold["reference"] == f"{made['id']}:1"
    assert hold["quantity"] == 3
    assert units_left(catalog, tokens, offering["id"]) == 7
    # ~15 minutes of hold by default
    assert 800 < (datetime.fromisoformat(made["hold_expires_at"]) - utcnow()).total_seconds() <= 900

    # A later price change does not touch the booking's snapshot.
    patched = catalog.patch(
        f"/v1/catalog/offerings/{offering['id']}",
        json={"prices": {"JPY": 99_000, "USD": 66_000}},
        headers={**tokens.staff("operator"), "If-Match": "*"},
    )
    assert patched.status_code == 200, patched.text
    again = booking.get(f"/v1/bookings/{made['id']}", headers=tokens.customer("cus_snap"))
    assert again.json()["total_minor"] == 210_000

    history = booking.get(
        f"/v1/bookings/{made['id']}/history", headers=tokens.customer("cus_snap")
    ).json()["items"]
    assert [(h["from_status"], h["to_status"]) for h in history] == [(None, "held")]
    assert history[0]["actor"] == "customer:cus_snap"


def test_idempotency_key_replays_and_refuses_a_different_body(
    booking: httpx.Client, catalog: httpx.Client, tokens: Tokens
) -> None:
    offering = make_offering(catalog, tokens, capacity=10)
    buyer = tokens.customer("cus_idem")
    body = booking_body(offering["id"], 2)
    headers = {**buyer, "Idempotency-Key": key()}

    first = booking.post("/v1/bookings", json=body, headers=headers)
    replay = booking.post("/v1/bookings", json=body, headers=headers)
    assert first.status_code == replay.status_code == 201
    assert replay.json()["id"] == first.json()["id"]
    assert replay.headers.get("Idempotent-Replayed") == "true"
    assert units_left(catalog, tokens, offering["id"]) == 8  # held once, not twice

    other = booking.post("/v1/bookings", json=booking_body(offering["id"], 1), headers=headers)
    assert other.status_code == 422
    assert other.headers["content-type"] == "application/problem+json"
    assert other.json()["type"].endswith("idempotency-key-reused")

    missing = booking.post("/v1/bookings", json=body, headers=buyer)
    assert missing.status_code == 422


def test_idempotency_key_in_flight_is_409(
    platform: Platform, booking: httpx.Client, catalog: httpx.Client, tokens: Tokens
) -> None:
    offering = make_offering(catalog, tokens, capacity=10)
    body = booking_body(offering["id"], 1)
    in_flight = key()
    # The first request of this key is still running (as if its process were mid-way).
    db_rows(
        platform,
        "INSERT INTO idempotency_keys (owner, key, fingerprint, state, created_at, expires_at)"
        " VALUES ($1, $2, $3, 'in_flight', now(), now() + interval '1 day') RETURNING key",
        "customer:cus_flight",  # keys are stored per principal (kind:subject)
        in_flight,
        fingerprint(
            "POST",
            "/v1/bookings",
            {
                **body,
                "lines": [{**line, "inscription": None} for line in body["lines"]],
                "business": None,
                "locale": "ja",
            },
        ),
    )
    answer = booking.post(
        "/v1/bookings",
        json=body,
        headers={**tokens.customer("cus_flight"), "Idempotency-Key": in_flight},
    )
    assert answer.status_code == 409
    assert answer.json()["type"].endswith("idempotency-key-in-flight")
    assert answer.headers["Retry-After"] == "1"
    assert units_left(catalog, tokens, offering["id"]) == 10

    # Two identical requests racing: one booking is made, never two.
    race_key = key()
    headers = {**tokens.customer("cus_race"), "Idempotency-Key": race_key}
    with ThreadPoolExecutor(2) as pool:
        answers = list(
            pool.map(lambda _: booking.post("/v1/bookings", json=body, headers=headers), range(2))
        )
    statuses = sorted(a.status_code for a in answers)
    assert statuses in ([201, 201], [201, 409]), statuses
    ids = {a.json()["id"] for a in answers if a.status_code == 201}
    assert len(ids) == 1
    assert units_left(catalog, tokens, offering["id"]) == 9


def test_invalid_requests_are_clear_422s(
    booking: httpx.Client, catalog: httpx.Client, tokens: Tokens
) -> None:
    offering = make_offering(catalog, tokens, capacity=10, max_quantity=5)
    buyer = tokens.customer("cus_bad")

    def post(body: dict) -> httpx.Response:
        return booking.post("/v1/bookings", json=body, headers={**buyer, "Idempotency-Key": key()})

    wrong_currency = post(booking_body(offering["id"], 1, currency="EUR"))
    assert wrong_currency.status_code == 422
    assert any(e["field"].endswith("currency") for e in wrong_currency.json()["errors"])
    too_many_lines = booking_body(offering["id"])
    too_many_lines["lines"] = [{"offering_id": offering["id"], "quantity": 1}] * 11
    assert post(too_many_lines).status_code == 422
    assert post({**booking_body(offering["id"]), "lines": []}).status_code == 422
    unknown = post(booking_body(new_id("off")))
    assert unknown.status_code == 422 and unknown.json()["type"].endswith("unknown-offering")
    malformed = post(booking_body("off_nope"))
    assert malformed.status_code == 422
    assert malformed.json()["errors"][0]["field"] == "body.lines.0.offering_id"
    over_max = post(booking_body(offering["id"], 6))  # the catalog refuses: > max_quantity
    assert over_max.status_code == 422
    assert over_max.headers["content-type"] == "application/problem+json"
    assert units_left(catalog, tokens, offering["id"]) == 10


def test_catalog_refusal_releases_holds_already_made(
    platform: Platform, booking: httpx.Client, catalog: httpx.Client, tokens: Tokens
) -> None:
    offering = make_offering(catalog, tokens, capacity=3)
    body = booking_body(offering["id"])
    body["lines"] = [
        {"offering_id": offering["id"], "quantity": 2},
        {"offering_id": offering["id"], "quantity": 2},  # does not fit after the first
    ]
    answer = booking.post(
        "/v1/bookings", json=body, headers={**tokens.customer("cus_fit"), "Idempotency-Key": key()}
    )
    assert answer.status_code == 409
    assert answer.json()["type"].endswith("insufficient-capacity")
    # the first line's hold goes back through the outbox, and no booking exists
    wait_for(lambda: units_left(catalog, tokens, offering["id"]) == 3)
    staff_view = booking.get(
        "/v1/bookings", params={"offering_id": offering["id"]}, headers=tokens.staff("sales")
    )
    assert staff_view.json()["items"] == []


def test_catalog_down_is_503_and_leaves_no_booking(
    platform: Platform, booking: httpx.Client, catalog: httpx.Client, tokens: Tokens
) -> None:
    offering = make_offering(catalog, tokens, capacity=5)
    cut_off = platform.spawn("booking", BOOKING_CATALOG_URL=f"http://127.0.0.1:{free_port()}")
    try:
        with httpx.Client(base_url=cut_off.url, timeout=30) as client:
            answer = client.post(
                "/v1/bookings",
                json=booking_body(offering["id"]),
                headers={**tokens.customer("cus_down"), "Idempotency-Key": key()},
            )
        assert answer.status_code == 503
        assert answer.headers["content-type"] == "application/problem+json"
    finally:
        cut_off.stop()
    rows = db_rows(platform, "SELECT id FROM bookings WHERE customer_id = 'cus_down'")
    assert rows == []
    assert units_left(catalog, tokens, offering["id"]) == 5


def test_concurrent_bookings_for_the_last_units_never_oversell(
    booking: httpx.Client, catalog: httpx.Client, tokens: Tokens
) -> None:
    offering = make_offering(catalog, tokens, capacity=4)

    def attempt(i: int) -> httpx.Response:
        return booking.post(
            "/v1/bookings",
            json=booking_body(offering["id"], 1),
            headers={**tokens.customer(f"cus_rush{i}"), "Idempotency-Key": key()},
        )

    with ThreadPoolExecutor(12) as pool:
        answers = list(pool.map(attempt, range(12)))
    statuses = [a.status_code for a in answers]
    assert statuses.count(201) == 4, statuses
    assert statuses.count(409) == 8, statuses
    assert units_left(catalog, tokens, offering["id"]) == 0
    listed = booking.get(
        "/v1/bookings", params={"offering_id": offering["id"]}, headers=tokens.staff("sales")
    ).json()["items"]
    assert len(listed) == 4
