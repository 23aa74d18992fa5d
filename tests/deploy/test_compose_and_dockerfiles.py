"""No Docker engine runs here, so the deployment files are checked statically: every
service, database, port, health check and environment variable the code needs must be
declared in docker-compose.yml, the services reach PostgreSQL through the PgBouncer
(transaction mode, prepared statements tracked) while migrations go straight to it, and
the Dockerfiles must build what compose asks for."""

import configparser
import importlib
import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml

from payments.main import stripe_event_types
from stripe_standin.config import enabled_event_types
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


def _database_url(service: str) -> tuple[str, str, int, str]:
    """(user:password, host, port, database) of the service's (or job's) DATABASE_URL."""
    prefix = _settings_class(service.removesuffix("-migrate")).model_config["env_prefix"]
    url = _env(service)[prefix + "DATABASE_URL"]
    match = re.fullmatch(r"postgresql\+asyncpg://([^@]+)@([a-z-]+):(\d+)/(\w+)", url)
    assert match, f"{service}: {url}"
    return match.group(1), match.group(2), int(match.group(3)), match.group(4)


def _pooler_config() -> configparser.ConfigParser:
    """The pgbouncer.ini that compose mounts into the pooler."""
    [mount] = [v for v in COMPOSE["services"]["pgbouncer"]["volumes"] if "pgbouncer.ini" in v]
    source, target, mode = mount.split(":")
    assert target == "/etc/pgbouncer/pgbouncer.ini" and mode == "ro"
    config = configparser.ConfigParser(interpolation=None)
    config.read_string((ROOT / source).read_text())
    return config


def test_compose_declares_every_service_its_migration_and_the_database() -> None:
    declared = set(COMPOSE["services"])
    expected = {"postgres", "pgbouncer", "stripe-standin"} | set(SERVICES)
    assert expected | {f"{s}-migrate" for s in SERVICES} <= declared
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
    env = _env(name)
    check_environment(name, env, "compose")
    # The job migrates the very database the service uses, as the same user.
    credentials, _, _, database = _database_url(name)
    assert _database_url(f"{name}-migrate")[::3] == (credentials, database)


@pytest.mark.parametrize("name", SERVICES)
def test_secrets_come_from_the_environment_not_the_file(name: str) -> None:
    for key, value in _env(name).items():
        if "SECRET" in key and "STRIPE" not in key:
            assert re.fullmatch(r"\$\{[A-Z_]+:\?[^}]+\}", value), f"{key} must be required from env"


def test_each_service_has_its_own_database_created_at_init() -> None:
    init_sql = (ROOT / "deploy/postgres/init-databases.sql").read_text()
    databases = {_database_url(name)[3] for name in SERVICES}
    assert len(databases) == len(SERVICES)
    for database in databases:
        assert f"CREATE DATABASE {database};" in init_sql


@pytest.mark.parametrize("name", SERVICES)
def test_services_go_through_the_pooler_and_migrations_straight_to_postgres(name: str) -> None:
    _, host, port, database = _database_url(name)
    assert (host, port) == ("pgbouncer", 5432)
    depends = COMPOSE["services"][name]["depends_on"]
    assert depends["pgbouncer"]["condition"] == "service_healthy"
    # The pooler's logical database of that name is the service's own database.
    logical = dict(kv.split("=") for kv in _pooler_config()["databases"][database].split())
    assert logical == {"host": "postgres", "port": "5432", "dbname": database}
    # DDL and the migration lock on a connection of their own (see docker-compose.yml).
    _, host, port, migrated = _database_url(f"{name}-migrate")
    assert (host, port, migrated) == ("postgres", 5432, database)
    assert "pgbouncer" not in COMPOSE["services"][f"{name}-migrate"]["depends_on"]


def test_the_pooler_lends_connections_per_transaction_and_keeps_prepared_statements() -> None:
    pooler = COMPOSE["services"]["pgbouncer"]
    # PgBouncer 1.21 is the first to track protocol-level prepared statements (asyncpg's)
    # in transaction mode; the image's tag names the PgBouncer version.
    version = re.fullmatch(r"edoburu/pgbouncer:v(\d+)\.(\d+)\.\d+(-p\d+)?", pooler["image"])
    assert version, pooler["image"]
    assert (int(version.group(1)), int(version.group(2))) >= (1, 21)
    assert pooler["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert "pg_isready" in pooler["healthcheck"]["test"]
    assert "5432" in pooler["healthcheck"]["test"]
    settings = _pooler_config()["pgbouncer"]
    assert settings["pool_mode"] == "transaction"
    assert int(settings["max_prepared_statements"]) > 0
    assert settings["listen_port"] == "5432"
    # The password reaches the auth file from the environment, never from a file here.
    env = _env("pgbouncer")
    assert settings["auth_type"] == env["AUTH_TYPE"] == "scram-sha-256"
    assert env["DB_USER"] == "postgres"
    assert re.fullmatch(r"\$\{POSTGRES_PASSWORD:\?[^}]+\}", env["DB_PASSWORD"])
    # The budget: what the pooler may open, one pool per database, plus a direct
    # connection per migration job, stays well inside PostgreSQL's 100.
    databases = _pooler_config()["databases"]
    assert set(databases) == {_database_url(name)[3] for name in SERVICES}
    per_database = int(settings["max_db_connections"])
    assert int(settings["default_pool_size"]) <= per_database
    assert per_database * len(databases) + len(SERVICES) <= 80


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


def test_the_stand_in_sends_the_event_types_payments_acts_on() -> None:
    """As payments' endpoint is set up at Stripe: a type missing here would never reach
    payments in the compose run (and one too many would be sent and dropped)."""
    enabled = _env("stripe-standin")["STRIPE_STANDIN_WEBHOOK_EVENTS"]
    assert enabled_event_types(enabled) == frozenset(stripe_event_types())
