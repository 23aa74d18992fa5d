"""Identity at the gateway: customers, sessions, staff, partners and API keys."""

import time
from datetime import UTC, datetime, timedelta

import httpx
import jwt
import pytest

from tests.gateway.conftest import (
    ADMIN_EMAIL,
    Account,
    create_key,
    create_partner,
    create_staff,
    run_cli,
    signup,
    strong_password,
)
from tests.harness import Platform


def test_signup_login_me_and_token_shapes(gateway_only: httpx.Client) -> None:
    customer = signup(gateway_only, "Ada Lovelace")
    me = gateway_only.get("/v1/auth/me", headers=customer.headers)
    assert me.status_code == 200
    body = me.json()
    assert body["kind"] == "customer" and body["subject"] == customer.id
    assert body["account"]["email"] == customer.email and body["account"]["name"] == "Ada Lovelace"
    again = gateway_only.post(
        "/v1/auth/login", json={"email": customer.email.upper(), "password": customer.password}
    )
    assert again.status_code == 200
    assert again.json()["expires_in"] == 900
    assert again.json()["token_type"] == "Bearer"


def test_signup_validation_and_duplicates(gateway_only: httpx.Client) -> None:
    bad = gateway_only.post(
        "/v1/auth/signup", json={"email": "not-an-email", "password": "short", "name": ""}
    )
    assert bad.status_code == 422
    assert bad.headers["content-type"] == "application/problem+json"
    fields = {e["field"] for e in bad.json()["errors"]}
    assert {"body.email", "body.password", "body.name"} <= fields
    customer = signup(gateway_only)
    dup = gateway_only.post(
        "/v1/auth/signup",
        json={"email": customer.email, "password": strong_password(), "name": "X"},
    )
    assert dup.status_code == 409
    assert dup.json()["type"].endswith("/email-taken")


def test_wrong_password_and_unknown_email_look_the_same(gateway_only: httpx.Client) -> None:
    customer = signup(gateway_only)
    wrong = gateway_only.post(
        "/v1/auth/login", json={"email": customer.email, "password": "wrong-password"}
    )
    unknown = gateway_only.post(
        "/v1/auth/login", json={"email": "nobody@example.com", "password": "x" * 12}
    )
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json()["detail"] == unknown.json()["detail"]


def test_refresh_rotates_and_a_replayed_refresh_token_ends_the_session(
    gateway_only: httpx.Client,
) -> None:
    customer = signup(gateway_only)
    first = gateway_only.post("/v1/auth/refresh", json={"refresh_token": customer.refresh_token})
    assert first.status_code == 200
    rotated = first.json()["refresh_token"]
    assert rotated != customer.refresh_token
    # The old refresh token again: someone has a copy, so the whole session ends.
    replay = gateway_only.post("/v1/auth/refresh", json={"refresh_token": customer.refresh_token})
    assert replay.status_code == 401
    assert gateway_only.post("/v1/auth/refresh", json={"refresh_token": rotated}).status_code == 401
    time.sleep(5.2)  # the session check is cached for up to 5 s in other processes
    me = gateway_only.get(
        "/v1/auth/me", headers={"Authorization": "Bearer " + first.json()["access_token"]}
    )
    assert me.status_code == 401


def test_logout_ends_access_and_refresh_at_once(gateway_only: httpx.Client) -> None:
    customer = signup(gateway_only)
    assert gateway_only.get("/v1/auth/me", headers=customer.headers).status_code == 200
    out = gateway_only.post(
        "/v1/auth/logout", json={"refresh_token": customer.refresh_token}, headers=customer.headers
    )
    assert out.status_code == 204
    after = gateway_only.get("/v1/auth/me", headers=customer.headers)
    assert after.status_code == 401
    assert after.json()["type"].endswith("/session-ended")
    assert (
        gateway_only.post(
            "/v1/auth/refresh", json={"refresh_token": customer.refresh_token}
        ).status_code
        == 401
    )


def test_expired_and_forged_access_tokens_are_refused(
    gateway_only: httpx.Client, platform: Platform
) -> None:
    customer = signup(gateway_only)
    claims = jwt.decode(customer.access_token, options={"verify_signature": False})
    expired = jwt.encode(
        {**claims, "exp": int(time.time()) - 60}, platform.jwt_secret, algorithm="HS256"
    )
    response = gateway_only.get("/v1/auth/me", headers={"Authorization": f"Bearer {expired}"})
    assert response.status_code == 401
    assert response.json()["type"].endswith("/token-expired")
    forged = jwt.encode(
        {**claims, "kind": "staff", "roles": ["admin"]}, "not-the-key" * 4, algorithm="HS256"
    )
    response = gateway_only.get("/v1/admin/staff", headers={"Authorization": f"Bearer {forged}"})
    assert response.status_code == 401
    # An internal token is not an access token, even with the right principal in it.
    assert (
        gateway_only.get(
            "/v1/auth/me",
            headers={
                "Authorization": "Bearer " + jwt.encode(claims, platform.secret, algorithm="HS256")
            },
        ).status_code
        == 401
    )


def test_admin_cli_refuses_a_password_on_the_command_line_and_duplicates(
    platform: Platform, admin: Account
) -> None:
    result = run_cli(
        platform, "create-admin", "--email", "x@lpx.test", "--password", "hunter2hunter2"
    )
    assert result.returncode != 0
    result = run_cli(
        platform,
        "create-admin",
        "--email",
        ADMIN_EMAIL,
        "--password-env",
        "PW",
        env={"PW": strong_password()},
    )
    assert result.returncode == 1 and "already exists" in result.stderr
    result = run_cli(
        platform,
        "create-admin",
        "--email",
        ADMIN_EMAIL,
        "--password-env",
        "PW",
        "--if-missing",
        env={"PW": strong_password()},
    )
    assert result.returncode == 0


def test_admin_creates_staff_with_roles(gateway_only: httpx.Client, admin: Account) -> None:
    finance = create_staff(gateway_only, admin, "finance")
    me = gateway_only.get("/v1/auth/me", headers=finance.headers).json()
    assert me["kind"] == "staff" and me["roles"] == ["finance"]
    listed = gateway_only.get("/v1/admin/staff", headers=admin.headers).json()["items"]
    assert finance.id in {a["id"] for a in listed}
    # Staff who are not admins cannot administer.
    assert gateway_only.get("/v1/admin/staff", headers=finance.headers).status_code == 403
    assert (
        gateway_only.post(
            "/v1/admin/partners",
            json={"name": "x", "contact_email": "a@b.co"},
            headers=finance.headers,
        ).status_code
        == 403
    )
    bad_role = gateway_only.post(
        "/v1/admin/staff",
        json={
            "email": "r@lpx.test",
            "password": strong_password(),
            "name": "R",
            "roles": ["pilot"],
        },
        headers=admin.headers,
    )
    assert bad_role.status_code == 422
    # Disabling a staff account ends its sessions.
    disabled = gateway_only.patch(
        f"/v1/admin/staff/{finance.id}", json={"status": "disabled"}, headers=admin.headers
    )
    assert disabled.status_code == 200 and disabled.json()["status"] == "disabled"
    time.sleep(5.2)
    assert gateway_only.get("/v1/auth/me", headers=finance.headers).status_code == 401
    relogin = gateway_only.post(
        "/v1/auth/login", json={"email": finance.email, "password": finance.password}
    )
    assert relogin.status_code == 401


def test_partner_creation_is_idempotent_with_a_key(
    gateway_only: httpx.Client, admin: Account
) -> None:
    body = {"name": "Idem Partner", "contact_email": "idem@partner.example"}
    headers = {**admin.headers, "Idempotency-Key": "partner-idem-1"}
    first = gateway_only.post("/v1/admin/partners", json=body, headers=headers)
    second = gateway_only.post("/v1/admin/partners", json=body, headers=headers)
    assert first.status_code == second.status_code == 201
    assert first.json()["id"] == second.json()["id"]
    assert second.headers["idempotent-replayed"] == "true"
    other = gateway_only.post("/v1/admin/partners", json={**body, "name": "Other"}, headers=headers)
    assert other.status_code == 422


def test_api_keys_shown_once_scoped_revocable_and_expiring(
    gateway_only: httpx.Client, admin: Account
) -> None:
    partner_id = create_partner(gateway_only, admin)
    key = create_key(gateway_only, admin, partner_id, "catalog:read", "bookings:read")
    assert key.key.startswith("lpxk_")
    listed = gateway_only.get(f"/v1/admin/partners/{partner_id}/api-keys", headers=admin.headers)
    assert listed.status_code == 200
    secret_part = key.key.split("_", 2)[2]  # the 43-char secret may itself contain "_"
    assert key.key not in listed.text and secret_part not in listed.text
    for headers in (key.headers, {"Authorization": f"Bearer {key.key}"}):
        me = gateway_only.get("/v1/auth/me", headers=headers)
        assert me.status_code == 200
        assert me.json()["kind"] == "partner" and me.json()["partner_id"] == partner_id
        assert me.json()["scopes"] == ["bookings:read", "catalog:read"]
    bad_scope = gateway_only.post(
        f"/v1/admin/partners/{partner_id}/api-keys",
        json={"name": "x", "scopes": ["root"]},
        headers=admin.headers,
    )
    assert bad_scope.status_code == 422
    used = gateway_only.get(f"/v1/admin/partners/{partner_id}/api-keys", headers=admin.headers)
    assert used.json()["items"][0]["last_used_at"] is not None
    revoked = gateway_only.delete(
        f"/v1/admin/partners/{partner_id}/api-keys/{key.key_id}", headers=admin.headers
    )
    assert revoked.status_code == 200 and revoked.json()["revoked_at"]
    after = gateway_only.get("/v1/auth/me", headers=key.headers)  # at once, no grace period
    assert after.status_code == 401
    assert after.json()["type"].endswith("/api-key-invalid")
    soon = (datetime.now(UTC) + timedelta(seconds=2)).isoformat()
    expiring = create_key(gateway_only, admin, partner_id, "catalog:read", expires_at=soon)
    assert gateway_only.get("/v1/auth/me", headers=expiring.headers).status_code == 200
    time.sleep(2.5)
    assert gateway_only.get("/v1/auth/me", headers=expiring.headers).status_code == 401
    tampered = key.key[:-4] + "AAAA"
    assert gateway_only.get("/v1/auth/me", headers={"X-API-Key": tampered}).status_code == 401


def test_both_credentials_at_once_are_refused(gateway_only: httpx.Client, admin: Account) -> None:
    response = gateway_only.get("/v1/auth/me", headers={**admin.headers, "X-API-Key": "lpxk_x"})
    assert response.status_code == 400


@pytest.mark.parametrize("path", ["/v1/admin/staff", "/v1/admin/partners"])
def test_admin_routes_need_a_signed_in_admin(gateway_only: httpx.Client, path: str) -> None:
    assert gateway_only.get(path).status_code == 401
    customer = signup(gateway_only)
    assert gateway_only.get(path, headers=customer.headers).status_code == 403
