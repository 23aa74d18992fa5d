"""Each service's own API under fuzzing, called directly as the gateway and the peers do:
every operation of its OpenAPI (internal routes included) with generated (valid and
invalid) data, as staff with every role and as the peer service that calls it
(tests.fuzzing says what is checked)."""

import secrets

import httpx
import pytest

from lpx_common.auth import STAFF_ROLES
from tests.fuzzing import fuzz, load
from tests.harness import Platform, Tokens

# The peer that calls each service's internal routes in production.
PEERS = {
    "catalog": "booking",
    "booking": "payments",
    "payments": "booking",
    "notifications": "booking",
}
# As in the public API fuzz: a fuzzed tax rate would change every later test's totals.
STAFF_SKIP = {"catalog": frozenset({"POST /v1/catalog/tax-rates"})}


@pytest.mark.parametrize("caller", ["staff", "service"])
@pytest.mark.parametrize("name", list(PEERS))
def test_each_service_api_holds_up_under_fuzzing(
    platform: Platform, tokens: Tokens, name: str, caller: str
) -> None:
    # Every service up (and the Stripe stand-in), so a call that reaches a peer meets one.
    for service in ("catalog", "booking", "payments", "notifications", "stripe"):
        platform.service(service)
    url = platform.service(name).url
    document = httpx.get(url + "/openapi.json", timeout=30.0).raise_for_status().json()
    if caller == "staff":
        headers, skip = tokens.staff(*STAFF_ROLES), STAFF_SKIP.get(name, frozenset())
    else:
        headers, skip = tokens.service(PEERS[name]), frozenset()
    run = fuzz(load(document, url), headers, skip=skip)
    print(f"{name} OpenAPI as {caller}: {run.summary()}")
    assert run.sent and min(run.sent.values()) > 0, run.sent
    assert not run.failures, "\n\n".join(run.failures)


def test_a_peer_sending_text_with_a_nul_character_gets_a_422_problem(
    platform: Platform, tokens: Tokens
) -> None:
    """Found by fuzzing: PostgreSQL cannot store a NUL character; this answered 500."""
    platform.service("stripe")  # the void reads Stripe first
    answer = httpx.post(
        platform.service("payments").url + "/v1/internal/invoices/void",
        json={"booking_id": "bkg_nul", "milestone_id": "a\u0000b", "reason": "test"},
        headers={**tokens.service("booking"), "Idempotency-Key": secrets.token_hex(10)},
        timeout=30.0,
    )
    assert answer.status_code == 422, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    assert answer.json()["type"].endswith("/invalid-text")
