"""Every service has the same face: health, readiness, metrics, problem+json, request ids,
and an explicit auth decision on every route."""

import time

import httpx
import pytest
from alembic.config import Config
from alembic.script import ScriptDirectory

from lpx_common.auth import routes_without_auth_decision
from tests.harness import SERVICE_DIRS, Platform

SERVICES = ["catalog", "booking", "payments", "notifications", "gateway"]


@pytest.mark.parametrize("name", SERVICES)
def test_health_readiness_metrics_and_openapi(platform: Platform, name: str) -> None:
    service = platform.service(name)
    with httpx.Client(base_url=service.url) as client:
        assert client.get("/livez").json() == {"status": "ok"}
        ready = client.get("/readyz")
        assert ready.status_code == 200
        assert ready.json()["database"] == "postgresql"
        assert "http_requests_total" in client.get("/metrics").text
        assert client.get("/openapi.json").json()["openapi"].startswith("3.")


@pytest.mark.parametrize("name", SERVICES)
def test_unknown_route_is_problem_json_and_request_id_is_echoed(
    platform: Platform, name: str
) -> None:
    service = platform.service(name)
    response = httpx.get(service.url + "/v1/no-such-thing", headers={"X-Request-ID": "req-123"})
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["x-request-id"] == "req-123"
    body = response.json()
    assert body["status"] == 404 and body["type"].startswith("https://")
    # The access line is written as the response finishes; give the process a moment.
    deadline = time.monotonic() + 5
    while "req-123" not in service.log_text() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert "req-123" in service.log_text()


@pytest.mark.parametrize("name", SERVICES)
def test_every_route_makes_an_auth_decision(
    platform: Platform, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    for key, value in platform.env(name).items():
        monkeypatch.setenv(key, value)
    module = __import__(f"{name}.main", fromlist=["create_app"])
    app = module.create_app()
    routes = [r for r in app.openapi()["paths"]]
    assert routes, "the app exposes no routes at all"
    assert routes_without_auth_decision(app) == []


@pytest.mark.parametrize("name", sorted(SERVICE_DIRS))
def test_each_services_migrations_form_one_line(name: str) -> None:
    """Two branches each adding a migration on the same parent leave two heads, and
    `alembic upgrade head` then refuses to run on every deployment."""
    config = Config(str(SERVICE_DIRS[name] / "alembic.ini"))
    config.set_main_option("script_location", str(SERVICE_DIRS[name] / "migrations"))
    heads = ScriptDirectory.from_config(config).get_heads()
    assert len(heads) == 1, f"{name} has several migration heads: {heads}"
