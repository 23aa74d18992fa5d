"""Walking every service's routes from its own OpenAPI, for suite-level checks that a
route added later cannot slip past (hostile ids, bad cursors)."""

import logging
from typing import Any

import pytest

from lpx_common.auth import STAFF_ROLES, Principal
from tests.harness import Platform, Tokens

SERVICES = ["catalog", "booking", "payments", "notifications", "gateway"]
METHODS = ("get", "post", "put", "patch", "delete")


def app_openapi(platform: Platform, name: str, monkeypatch: pytest.MonkeyPatch) -> Any:
    for key, value in platform.env(name).items():
        monkeypatch.setenv(key, value)
    module = __import__(f"{name}.main", fromlist=["create_app"])
    document = module.create_app().openapi()
    logging.getLogger("httpx").setLevel(logging.WARNING)  # the app set up logging
    return document


def string_schema(parameter: dict[str, Any]) -> dict[str, Any]:
    schema = parameter["schema"]
    for option in schema.get("anyOf", []):
        if option.get("type") == "string":
            return option
    return schema


def service_callers(
    tokens: Tokens, name: str, gateway_admin: dict[str, str]
) -> list[dict[str, str]]:
    if name == "gateway":
        return [gateway_admin]
    return [
        tokens.staff(*STAFF_ROLES),
        tokens.service("booking" if name != "booking" else "payments"),
        tokens.customer(),
        tokens.header(
            Principal(
                kind="partner",
                subject="ptn_" + "0" * 26,
                partner_id="ptn_" + "0" * 26,
                scopes=frozenset(
                    {"catalog:read", "bookings:read", "bookings:write", "webhooks:manage"}
                ),
            )
        ),
    ]
