"""The public API under fuzzing: every operation of the gateway's merged OpenAPI, called
with generated (valid and invalid) data as an anonymous visitor, a customer, a partner's
API key and a member of staff with every role (tests.fuzzing says what is checked)."""

from typing import Any

import httpx
import pytest

from gateway.domain.identity import PARTNER_SCOPES
from lpx_common.auth import STAFF_ROLES
from tests.fuzzing import fuzz, load
from tests.gateway.conftest import (
    Account,
    create_key,
    create_partner,
    create_staff,
    idem,
    signup,
    strong_password,
)

# Signing out ends the caller's session: fuzzed last, so it cuts no other operation short.
LAST = frozenset({"POST /v1/auth/logout"})
# A new tax rate applies to every booking made after it, in every later test: a fuzzed
# rate for a past date would change their totals. It is fuzzed as every caller but staff,
# who alone may add one (tests/gateway/test_pages.py adds and checks real ones).
STAFF_SKIP = frozenset({"POST /v1/catalog/tax-rates"})


@pytest.fixture(scope="module")
def credentials(gateway: httpx.Client, admin: Account) -> dict[str, dict[str, str]]:
    # Callers of their own: a fuzzed sign-out or key change touches no other test's.
    partner_id = create_partner(gateway, admin, "Fuzz partner")
    return {
        "anonymous": {},
        "customer": signup(gateway, "Fuzz Customer").headers,
        "partner": create_key(gateway, admin, partner_id, *PARTNER_SCOPES).headers,
        "staff": create_staff(gateway, admin, *STAFF_ROLES).headers,
    }


@pytest.fixture(scope="module")
def merged_api(gateway: httpx.Client) -> Any:
    document = gateway.get("/openapi.json").raise_for_status().json()
    return load(document, str(gateway.base_url))


@pytest.mark.parametrize("caller", ["anonymous", "customer", "partner", "staff"])
def test_the_public_api_holds_up_under_fuzzing(
    merged_api: Any, credentials: dict[str, dict[str, str]], caller: str
) -> None:
    skip = STAFF_SKIP if caller == "staff" else frozenset()
    run = fuzz(merged_api, credentials[caller], skip=skip, last=LAST)
    print(f"merged OpenAPI as {caller}: {run.summary()}")
    assert run.sent and min(run.sent.values()) > 0, run.sent
    assert not run.failures, "\n\n".join(run.failures)


def test_text_with_a_nul_character_is_a_422_problem_not_a_500(
    gateway: httpx.Client, admin: Account
) -> None:
    """Found by fuzzing: PostgreSQL cannot store a NUL character, which JSON (\\u0000) and
    URLs (%00) can carry, and these answered 500."""
    nul = "a\u0000b"
    finance = create_staff(gateway, admin, "finance")
    answers = [
        gateway.post("/v1/auth/login", json={"email": f"{nul}@example.com", "password": "x" * 12}),
        gateway.post(
            "/v1/auth/signup",
            json={"email": f"{nul}@example.com", "password": strong_password(), "name": "N"},
        ),
        gateway.post(
            "/v1/admin/partners",
            json={"name": nul, "contact_email": "sales@partner.example"},
            headers={**admin.headers, **idem()},
        ),
        gateway.get("/v1/payments/webhook-events", params={"type": nul}, headers=finance.headers),
    ]
    for answer in answers:
        assert answer.status_code == 422, f"{answer.request.url}: {answer.text}"
        assert answer.headers["content-type"] == "application/problem+json"
        assert answer.json()["type"].endswith("/invalid-text")
