"""Disabling a staff member, changing their roles and logging out apply to the very next
request on every gateway replica; no admin can lock the platform out of administration."""

import secrets
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from tests.gateway.conftest import (
    Account,
    create_staff,
    login,
    run_cli,
    strong_password,
)
from tests.harness import Platform, create_service_database, drop_database


@pytest.fixture(scope="module")
def replica(platform: Platform, gateway_only: httpx.Client) -> Iterator[httpx.Client]:
    """A second gateway process on the same database, as in a deployment with two."""
    process = platform.spawn("gateway")
    try:
        with httpx.Client(base_url=process.url, timeout=30.0) as client:
            yield client
    finally:
        process.stop()


def _me(client: httpx.Client, account: Account) -> int:
    return client.get("/v1/auth/me", headers=account.headers).status_code


def test_a_disabled_staff_member_is_out_on_the_next_request_on_every_replica(
    gateway_only: httpx.Client, replica: httpx.Client, admin: Account
) -> None:
    staff = create_staff(gateway_only, admin, "admin")
    # Both replicas have just seen the session as valid (a cache would now hold it).
    assert _me(gateway_only, staff) == 200 and _me(replica, staff) == 200
    assert replica.get("/v1/admin/staff", headers=staff.headers).status_code == 200
    disabled = gateway_only.patch(
        f"/v1/admin/staff/{staff.id}", json={"status": "disabled"}, headers=admin.headers
    )
    assert disabled.status_code == 200, disabled.text
    # At once, on the other replica: not even a window to re-enable themselves.
    again = replica.patch(
        f"/v1/admin/staff/{staff.id}", json={"status": "active"}, headers=staff.headers
    )
    assert again.status_code == 401
    assert again.json()["type"].endswith("/session-ended")
    assert _me(replica, staff) == 401 and _me(gateway_only, staff) == 401


def test_a_role_change_applies_to_the_next_request_on_every_replica(
    gateway_only: httpx.Client, replica: httpx.Client, admin: Account
) -> None:
    staff = create_staff(gateway_only, admin, "admin")
    assert replica.get("/v1/admin/staff", headers=staff.headers).status_code == 200
    demoted = gateway_only.patch(
        f"/v1/admin/staff/{staff.id}", json={"roles": ["sales"]}, headers=admin.headers
    )
    assert demoted.status_code == 200, demoted.text
    # The access token still says "admin"; the gateway believes the database.
    assert replica.get("/v1/admin/staff", headers=staff.headers).status_code == 403
    me = replica.get("/v1/auth/me", headers=staff.headers)
    assert me.status_code == 200 and me.json()["roles"] == ["sales"]


def test_a_logout_ends_the_session_on_every_replica_at_once(
    gateway_only: httpx.Client, replica: httpx.Client, admin: Account
) -> None:
    staff = create_staff(gateway_only, admin, "operator")
    assert _me(replica, staff) == 200
    assert gateway_only.post("/v1/auth/logout", headers=staff.headers).status_code == 204
    assert _me(replica, staff) == 401


def test_an_admin_cannot_disable_or_demote_themselves(
    gateway_only: httpx.Client, admin: Account
) -> None:
    me = create_staff(gateway_only, admin, "admin")
    for change in ({"status": "disabled"}, {"roles": ["operator"]}):
        response = gateway_only.patch(f"/v1/admin/staff/{me.id}", json=change, headers=me.headers)
        assert response.status_code == 409, response.text
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["type"].endswith("/cannot-change-own-admin")
    # Still an admin, still signed in.
    assert gateway_only.get("/v1/admin/staff", headers=me.headers).status_code == 200


@pytest.fixture
def lone_gateway(platform: Platform) -> Iterator[tuple[httpx.Client, dict[str, str]]]:
    """A gateway on a database of its own, so that the count of admins is the test's."""
    run_id = f"{platform.run_id}_adm{secrets.token_hex(3)}"
    url = create_service_database("gateway", run_id)
    env = {"GATEWAY_DATABASE_URL": url}
    process = platform.spawn("gateway", **env)
    try:
        with httpx.Client(base_url=process.url, timeout=30.0) as client:
            yield client, env
    finally:
        process.stop()
        drop_database(f"lpx_test_{run_id}_gateway")


def test_two_admins_demoting_each_other_at_once_leave_one_admin(
    platform: Platform, lone_gateway: tuple[httpx.Client, dict[str, str]]
) -> None:
    client, env = lone_gateway
    email, password = f"first-{secrets.token_hex(3)}@lpx.test", strong_password()
    made = run_cli(
        platform,
        "create-admin",
        "--email",
        email,
        "--password-env",
        "LPX_TEST_FIRST_ADMIN",
        env={**env, "LPX_TEST_FIRST_ADMIN": password},
    )
    assert made.returncode == 0, made.stderr
    first = login(client, email, password)
    for _ in range(5):
        second = create_staff(client, first, "admin")

        def demote(actor: Account, target: Account) -> int:
            return client.patch(
                f"/v1/admin/staff/{target.id}", json={"roles": ["sales"]}, headers=actor.headers
            ).status_code

        with ThreadPoolExecutor(2) as pool:
            results = list(pool.map(demote, [first, second], [second, first]))
        assert sorted(results)[0] == 200, results
        staff = client.get("/v1/admin/staff", headers=first.headers)
        if staff.status_code != 200:  # the first admin was the one demoted
            first = second
            staff = client.get("/v1/admin/staff", headers=first.headers)
        admins = [
            a for a in staff.json()["items"] if "admin" in a["roles"] and a["status"] == "active"
        ]
        assert len(admins) == 1, (results, admins)
        # The last admin can be neither demoted nor disabled, by anyone.
        last = client.patch(
            f"/v1/admin/staff/{admins[0]['id']}",
            json={"status": "disabled"},
            headers=first.headers,
        )
        assert last.status_code == 409
