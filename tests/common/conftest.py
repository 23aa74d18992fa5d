"""Fixtures of the suite-level checks over every service."""

import secrets

import httpx
import pytest

from tests.harness import Platform


@pytest.fixture(scope="module")
def gateway_admin(platform: Platform) -> dict[str, str]:
    from tests.gateway.conftest import login, run_cli, strong_password

    email, password = f"ids-admin-{secrets.token_hex(4)}@lpx.test", strong_password()
    result = run_cli(
        platform,
        "create-admin",
        "--email",
        email,
        "--password-env",
        "LPX_TEST_IDS_ADMIN_PASSWORD",
        env={"LPX_TEST_IDS_ADMIN_PASSWORD": password},
    )
    assert result.returncode == 0, result.stderr
    with httpx.Client(base_url=platform.service("gateway").url) as client:
        return login(client, email, password).headers
