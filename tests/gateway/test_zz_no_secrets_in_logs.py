"""No password, token, API key or card number in any log line.

Named to run last among the gateway tests, so the logs it reads hold everything the
other tests did too (every secret they handled is in ``SECRETS_SEEN``). It also does the
risky things itself: wrong passwords, bad and good keys, refreshes, a card payment.
"""

import re
import secrets

import httpx

from tests.gateway.conftest import (
    SECRETS_SEEN,
    Account,
    booking_body,
    create_key,
    create_partner,
    create_staff,
    idem,
    make_offering,
    signup,
)
from tests.harness import Platform

CARD = "4242424242424242"


def test_logs_hold_no_passwords_tokens_keys_or_card_numbers(
    gateway: httpx.Client, admin: Account, platform: Platform, stripe_standin: httpx.Client
) -> None:
    own: list[str] = []
    customer = signup(gateway)
    wrong = "wrong-" + secrets.token_urlsafe(12)
    own.append(wrong)
    gateway.post("/v1/auth/login", json={"email": customer.email, "password": wrong})
    refreshed = gateway.post("/v1/auth/refresh", json={"refresh_token": customer.refresh_token})
    own += [refreshed.json()["access_token"], refreshed.json()["refresh_token"]]
    partner = create_partner(gateway, admin)
    key = create_key(gateway, admin, partner, "catalog:read", "bookings:write", "bookings:read")
    gateway.get("/v1/bookings", headers={"Authorization": f"Bearer {key.key}"})
    guessed = key.key[:-6] + "ZZZZZZ"
    own.append(guessed)
    gateway.get("/v1/bookings", headers={"X-API-Key": guessed})
    # A password sent where it does not belong (a query string) is not logged either.
    gateway.get("/v1/catalog/offerings", params={"password": wrong})

    operator = create_staff(gateway, admin, "operator")
    offering = make_offering(gateway, operator)
    booking = gateway.post(
        "/v1/bookings", json=booking_body(offering["id"]), headers={**customer.headers, **idem()}
    ).json()
    checkout = gateway.post(f"/v1/bookings/{booking['id']}/checkout", headers=customer.headers)
    assert checkout.status_code == 200, checkout.text
    session_path = httpx.URL(checkout.json()["checkout_url"]).path
    paid = stripe_standin.post(
        session_path,
        data={"card_number": "4242 4242 4242 4242", "card_expiry": "12 / 34", "card_cvc": "123"},
    )
    assert paid.status_code in (200, 303)

    logs = {
        process.log_path.name: process.log_text()
        for process in [*platform.shared.values(), *platform.spawned]
    }
    assert any(name.startswith("gateway") for name in logs)
    everything = "\n".join(logs.values())
    assert customer.id in everything or "POST" in everything  # the logs are not empty
    secrets_to_find = [s for s in [*SECRETS_SEEN, *own] if s and len(s) >= 10]
    assert len(secrets_to_find) >= 10
    leaks = [
        (name, secret[:6] + "…")
        for name, text in logs.items()
        for secret in secrets_to_find
        if secret in text
    ]
    assert leaks == []
    digits_only = re.sub(r"[ \-]", "", everything)
    assert CARD not in digits_only
    # Nor the shape of a bearer credential of any kind.
    assert not re.search(r"Bearer\s+[A-Za-z0-9_\-.]{20,}", everything)
    assert not re.search(r"lpxk_[A-Za-z0-9]{12}_[A-Za-z0-9_\-]{20,}", everything)
