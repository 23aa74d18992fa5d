"""No Docker engine runs here, so the deployment files are checked statically: every
service, database, port, health check and environment variable the code needs must be
declared in docker-compose.yml, and the Dockerfiles must build what compose asks for."""

import importlib
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.deploy import check_environment

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = {
    "catalog": "services/catalog",
    "booking": "services/booking",
    "payments": "services/payments",
    "notifications": "services/notifications",
    "gateway": "gateway",
}


def _env(service: str) -> dict[str, str]:
    return {k: str(v) for k, v in (COMPOSE["services"][service].get("environment") or {}).items()}


def _settings_class(name: str) -> Any:
    return importlib.import_module(f"{name}.config").Settings


def _dockerfile(path: str) -> str:
    return (ROOT / path).read_text()


def test_compose_declares_every_service_its_migration_and_the_database() -> None:
    declared = set(COMPOSE["services"])
    expected = {"postgres", "stripe-standin"} | set(SERVICES) | {f"{s}-migrate" for s in SERVICES}
    assert expected <= declared
    assert "healthcheck" in COMPOSE["services"]["postgres"]


@pytest.mark.parametrize("name", SERVICES)
def test_service_waits_for_its_migration_which_waits_for_postgres(name: str) -> None:
    service, migrate = COMPOSE["services"][name], COMPOSE["services"][f"{name}-migrate"]
    assert service["depends_on"][f"{name}-migrate"]["condition"] == "service_completed_successfully"
    assert migrate["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert migrate["command"] == ["alembic", "-c", "alembic.ini", "upgrade", "head"]
    assert migrate["image"] == service["image"]
    health = " ".join(service["healthcheck"]["test"])
    assert "/readyz" in health and ":8000/" in health


@pytest.mark.parametrize("name", SERVICES)
def test_every_setting_the_code_needs_is_in_the_environment(name: str) -> None:
    prefix = _settings_class(name).model_config["env_prefix"]
    env = _env(name)
    check_environment(name, env, "compose")
    migrate_env = _env(f"{name}-migrate")
    assert migrate_env[prefix + "DATABASE_URL"] == env[prefix + "DATABASE_URL"]


@pytest.mark.parametrize("name", SERVICES)
def test_secrets_come_from_the_environment_not_the_file(name: str) -> None:
    for key, value in _env(name).items():
        if "SECRET" in key and "STRIPE" not in key:
            assert re.fullmatch(r"\$\{[A-Z_]+:\?[^}]+\}", value), f"{key} must be required from env"


def test_each_service_has_its_own_database_created_at_init() -> None:
    init_sql = (ROOT / "deploy/postgres/init-databases.sql").read_text()
    for name in SERVICES:
        url = _env(name)[f"{name.upper()}_DATABASE_URL"]
        database = url.rsplit("/", 1)[1]
        assert f"CREATE DATABASE {database};" in init_sql
        assert "@postgres:5432/" in url


def test_peer_urls_name_declared_services_and_their_port() -> None:
    for name in SERVICES:
        for key, value in _env(name).items():
            if key.endswith("_URL") and value.startswith("http://"):
                host, port = re.match(r"http://([a-z-]+):(\d+)", value).groups()  # type: ignore[union-attr]
                assert host in COMPOSE["services"], f"{key} points at unknown {host}"
                expected = "8010" if host == "stripe-standin" else "8000"
                assert port == expected


@pytest.mark.parametrize("name", SERVICES)
def test_dockerfile_builds_what_compose_asks_for(name: str) -> None:
    build = COMPOSE["services"][f"{name}-migrate"]["build"]
    dockerfile = _dockerfile(build["dockerfile"])
    args = build["args"]
    for arg in args:
        assert re.search(rf"^ARG {arg}\b", dockerfile, re.M), f"Dockerfile lacks ARG {arg}"
    service_dir = ROOT / args["SERVICE_DIR"]
    assert service_dir.as_posix().endswith(SERVICES[name])
    assert (service_dir / "alembic.ini").is_file() and (service_dir / "migrations").is_dir()
    project = tomllib.loads((service_dir / "pyproject.toml").read_text())["project"]
    assert project["name"] == args["PACKAGE"]
    module, factory = args["APP_MODULE"].split(":")
    assert callable(getattr(importlib.import_module(module), factory))
    for source in re.findall(r"^COPY (?!--from)(\S+)", dockerfile, re.M):
        if "$" not in source:
            assert (ROOT / source).exists(), f"COPY source {source} does not exist"
    assert re.search(r"^USER (?!root)\w+", dockerfile, re.M), "runs as root"
    assert "HEALTHCHECK" in dockerfile


def test_stand_in_stays_out_of_production_images() -> None:
    service_image = _dockerfile("deploy/service.Dockerfile")
    runtime = service_image.split("AS runtime", 1)[1]
    assert "stripe" not in runtime.lower()
    assert '--package "${PACKAGE}"' in service_image
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert {"tests", ".git", ".venv"} <= set(ignored)


def test_gateway_replicas_share_their_rate_limits_in_the_declared_redis() -> None:
    uri = _env("gateway")["GATEWAY_RATE_LIMIT_STORAGE_URI"]
    host = re.match(r"redis://([a-z-]+):6379/\d+$", uri).group(1)  # type: ignore[union-attr]
    assert "healthcheck" in COMPOSE["services"][host]
    assert COMPOSE["services"]["gateway"]["depends_on"][host]["condition"] == "service_healthy"
    # The settings accept what compose gives them.
    _settings_class("gateway")(
        internal_token_secret="x" * 48, rate_limit_storage_uri=uri, trusted_proxies=[]
    )
