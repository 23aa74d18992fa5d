"""Fixtures for the gateway tests: real accounts, staff, partners and keys made through
the gateway's own API (and the admin CLI), on the run's shared gateway."""

import os
import secrets
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest

from tests.harness import ROOT, Platform, ServiceProcess, create_offering

ADMIN_EMAIL = "root-admin@lpx.test"
# Every password, token and key the gateway tests handle; the log test checks that none
# of them reached any service's log.
SECRETS_SEEN: list[str] = []


@dataclass(frozen=True)
class Account:
    email: str
    password: str
    id: str
    access_token: str
    refresh_token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.access_token}"}


def strong_password() -> str:
    return "pw-" + secrets.token_urlsafe(18)


def run_cli(
    platform: Platform, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "gateway.cli", *args],
        env={**os.environ, **platform.env("gateway"), **(env or {})},
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )


def _account(email: str, password: str, body: dict[str, object]) -> Account:
    SECRETS_SEEN.extend([password, str(body["access_token"]), str(body["refresh_token"])])
    account = body["account"]
    assert isinstance(account, dict)
    return Account(
        email, password, account["id"], str(body["access_token"]), str(body["refresh_token"])
    )


def login(client: httpx.Client, email: str, password: str) -> Account:
    response = client.post("/v1/auth/login", json={"email": email, "password": password})
    assert response.status_code == 200, response.text
    body = response.json()
    return _account(email, password, body)


def signup(client: httpx.Client, name: str = "Test Customer") -> Account:
    email = f"cus-{secrets.token_hex(5)}@example.com"
    password = strong_password()
    response = client.post(
        "/v1/auth/signup", json={"email": email, "password": password, "name": name}
    )
    assert response.status_code == 201, response.text
    body = response.json()
    return _account(email, password, body)


@pytest.fixture(scope="session")
def gateway_only(platform: Platform) -> Iterator[httpx.Client]:
    """The shared gateway, started without waiting for the other services."""
    with httpx.Client(base_url=platform.service("gateway").url, timeout=30.0) as client:
        yield client


@pytest.fixture(scope="session")
def admin_password(platform: Platform, gateway_only: httpx.Client) -> str:
    password = strong_password()
    result = run_cli(
        platform,
        "create-admin",
        "--email",
        ADMIN_EMAIL,
        "--password-env",
        "LPX_TEST_ADMIN_PASSWORD",
        env={"LPX_TEST_ADMIN_PASSWORD": password},
    )
    assert result.returncode == 0, result.stderr
    assert password not in result.stdout + result.stderr
    return password


@pytest.fixture(scope="module")
def admin(admin_password: str, gateway_only: httpx.Client) -> Account:
    """Signed in afresh for each test module: an access token lasts 15 minutes, and a
    worker's share of the suite lasts longer than that."""
    return login(gateway_only, ADMIN_EMAIL, admin_password)


def create_staff(client: httpx.Client, admin: Account, *roles: str) -> Account:
    email = f"stf-{'-'.join(roles)}-{secrets.token_hex(4)}@lpx.test"
    password = strong_password()
    response = client.post(
        "/v1/admin/staff",
        json={
            "email": email,
            "password": password,
            "name": "Staff " + "/".join(roles),
            "roles": list(roles),
        },
        headers=admin.headers,
    )
    assert response.status_code == 201, response.text
    return login(client, email, password)


@dataclass(frozen=True)
class PartnerKey:
    partner_id: str
    key_id: str
    key: str

    @property
    def headers(self) -> dict[str, str]:
        return {"X-API-Key": self.key}


def create_partner(client: httpx.Client, admin: Account, name: str = "Partner") -> str:
    response = client.post(
        "/v1/admin/partners",
        json={"name": f"{name} {secrets.token_hex(3)}", "contact_email": "sales@partner.example"},
        headers=admin.headers,
    )
    assert response.status_code == 201, response.text
    return response.json()["id"]


def create_key(
    client: httpx.Client,
    admin: Account,
    partner_id: str,
    *scopes: str,
    expires_at: str | None = None,
) -> PartnerKey:
    body: dict[str, object] = {"name": "test key", "scopes": list(scopes)}
    if expires_at:
        body["expires_at"] = expires_at
    response = client.post(
        f"/v1/admin/partners/{partner_id}/api-keys", json=body, headers=admin.headers
    )
    assert response.status_code == 201, response.text
    created = response.json()
    SECRETS_SEEN.append(created["key"])
    return PartnerKey(partner_id, created["id"], created["key"])


def start_echo(platform: Platform) -> ServiceProcess:
    return ServiceProcess("echo", "tests.gateway.echo_app:create_app", {}, platform.log_dir).start()


@pytest.fixture(scope="session")
def echo(platform: Platform) -> Iterator[ServiceProcess]:
    process = start_echo(platform)
    try:
        yield process
    finally:
        process.stop()


@pytest.fixture(scope="session")
def echo_gateway(platform: Platform, echo: ServiceProcess) -> Iterator[httpx.Client]:
    """A gateway whose catalog and payments are the echo app, and whose booking is down."""
    process = platform.spawn(
        "gateway",
        GATEWAY_CATALOG_URL=echo.url,
        GATEWAY_PAYMENTS_URL=echo.url,
        GATEWAY_BOOKING_URL="http://127.0.0.1:9",  # discard port: nothing listens
        GATEWAY_UPSTREAM_READ_TIMEOUT_SECONDS="1",
        GATEWAY_MAX_BODY_BYTES="1048576",
        GATEWAY_CORS_ORIGINS='["https://shop.example"]',
        # As behind a load balancer on loopback and proxies inside a private network.
        GATEWAY_TRUSTED_PROXIES='["127.0.0.1/32", "10.0.0.0/8"]',
    )
    with httpx.Client(base_url=process.url, timeout=30.0) as client:
        yield client


def make_offering(
    client: httpx.Client, operator: Account, *, audience: str = "consumer", capacity: int = 1000
) -> dict[str, object]:
    """A fresh on-sale mission with one offering, made by an operator through the gateway."""
    business = audience == "business"
    return create_offering(
        client,
        operator.headers,
        name="Passive payload" if business else "Memento capsule S",
        kind="passive_payload" if business else "memento_capsule",
        audience=audience,
        unit="kg" if business else "item",
        unit_mass_grams=1000 if business else 0,
        capacity_units=capacity,
    )


def booking_body(offering_id: object, email: str = "buyer@example.com") -> dict[str, object]:
    return {
        "lines": [{"offering_id": offering_id, "quantity": 1}],
        "contact": {"name": "Buyer", "email": email},
        "currency": "JPY",
    }


def idem() -> dict[str, str]:
    return {"Idempotency-Key": secrets.token_hex(10)}
