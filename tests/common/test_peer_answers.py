"""Small promises of the services' edges: a dependency outage says when to retry, and
numbers past what the database holds are a 422, not a 500."""

import secrets

import httpx
from sqlalchemy.engine import make_url

from tests.harness import Platform, Tokens, run_admin_sql


def test_booking_says_when_to_retry_while_the_catalog_is_down(
    platform: Platform, tokens: Tokens
) -> None:
    process = platform.spawn("booking", BOOKING_CATALOG_URL="http://127.0.0.1:9")
    try:
        response = httpx.post(
            process.url + "/v1/bookings",
            json={
                "currency": "JPY",
                "contact": {"name": "Aki", "email": "aki@example.com"},
                "lines": [{"offering_id": "off_" + "0" * 26, "quantity": 1}],
            },
            headers={**tokens.customer(), "Idempotency-Key": secrets.token_hex(8)},
            timeout=30,
        )
    finally:
        process.stop()
    assert response.status_code == 503, response.text
    assert response.json()["type"].endswith("/dependency-unavailable")
    assert int(response.headers["retry-after"]) > 0


def test_mission_events_after_a_seq_past_64_bits_is_422(platform: Platform, tokens: Tokens) -> None:
    response = httpx.get(
        platform.service("catalog").url + "/v1/internal/mission-events",
        params={"after": 2**70},
        headers=tokens.service("booking"),
    )
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"


def test_a_database_out_of_connections_is_503_with_retry_after_not_500(
    platform: Platform, tokens: Tokens
) -> None:
    """PostgreSQL refusing a connection (its slots all taken) is a moment's overload, not
    a bug: the caller is told to retry, and the log says why without a traceback."""
    role = f"starved_{secrets.token_hex(4)}"
    run_admin_sql(f'CREATE ROLE "{role}" LOGIN CONNECTION LIMIT 0')
    url = make_url(platform.database("catalog"))
    starved_url = url.set(username=role).render_as_string(hide_password=False)
    process = platform.spawn("catalog", CATALOG_DATABASE_URL=starved_url)
    try:
        response = httpx.get(
            process.url + "/v1/catalog/missions", headers=tokens.customer(), timeout=30
        )
        log = process.log_text()
    finally:
        process.stop()
        run_admin_sql(f'DROP ROLE "{role}"')
    assert response.status_code == 503, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"].endswith("/service-busy")
    assert int(response.headers["retry-after"]) > 0
    assert "database refused a connection" in log and "Traceback" not in log
