"""A database that drops every connection (a restart, a failover) costs callers at most a
503 with Retry-After, never a 500, and the service is whole again on the next request.

Pooled connections in recent use are not pinged before use (that would cost three round
trips a checkout); this shows that dropping them all, under load, costs no 500.
"""

from concurrent.futures import ThreadPoolExecutor

import httpx
from sqlalchemy.exc import DBAPIError

from lpx_common.errors import database_refused
from tests.booking.support import make_offering
from tests.harness import Platform, Tokens, run_admin_sql


def _drop_connections(database_url: str) -> None:
    name = database_url.rsplit("/", 1)[1]
    run_admin_sql(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        f"WHERE datname = '{name}' AND pid <> pg_backend_pid()"
    )


def test_connections_dropped_under_load_give_503_then_the_service_recovers(
    platform: Platform, catalog: httpx.Client, tokens: Tokens
) -> None:
    offering = make_offering(catalog, tokens, capacity=5)
    path = f"/v1/catalog/offerings/{offering['id']}/availability"

    def read(_: int) -> httpx.Response:
        with httpx.Client(base_url=catalog.base_url, timeout=30) as client:
            return client.get(path, headers=tokens.anonymous())

    statuses = []
    for _ in range(3):
        with ThreadPoolExecutor(8) as pool:
            list(pool.map(read, range(16)))  # every pooled connection in recent use
        _drop_connections(platform.database("catalog"))
        with ThreadPoolExecutor(8) as pool:
            answers = list(pool.map(read, range(16)))
        for answer in answers:
            statuses.append(answer.status_code)
            if answer.status_code == 503:
                assert answer.headers["content-type"].startswith("application/problem+json")
                assert answer.json()["type"].endswith("/service-busy")
                assert int(answer.headers["retry-after"]) >= 1
        assert read(0).status_code == 200, "the service did not recover"
    assert set(statuses) <= {200, 503}, statuses


def test_a_connection_found_dead_is_a_refusal_not_a_bug() -> None:
    lost = DBAPIError("SELECT 1", None, ConnectionResetError("closed"), connection_invalidated=True)
    assert database_refused(lost) == "connection lost"
    failed = DBAPIError("SELECT 1", None, ValueError("bad"), connection_invalidated=False)
    assert database_refused(failed) is None
