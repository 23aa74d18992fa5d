"""The Kubernetes manifests, checked without a cluster: every overlay renders with
kustomize, every object validates against the Kubernetes schemas (kubernetes-validate),
and what the platform needs is there: each setting a service requires, probes, limits,
non-root read-only containers, migrations before each service, autoscaling and
disruption budgets, network policies that follow who calls whom, databases with backups
and a PgBouncer in front of each (the services through it, migrations straight to the
primary), the gateway's rate limits in one Redis, TLS on the public host, and no secret
value anywhere."""

import json
import re
import shutil
import subprocess
from functools import cache
from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
import yaml

from tests.deploy import check_environment, settings_class

ROOT = Path(__file__).resolve().parents[2]
K8S = ROOT / "deploy" / "k8s"
OVERLAYS = ["local", "production"]
SERVICES = ["gateway", "catalog", "booking", "payments", "notifications"]
AUTOSCALED = {"gateway", "catalog", "booking"}
KUBERNETES_VERSION = "1.32"
# The PgBouncer settings a CloudNativePG Pooler accepts (its admission webhook refuses any
# other key), as listed by the operator (api/v1 pooler webhook); those used here.
CNPG_POOLER_PARAMETERS = {
    "default_pool_size",
    "max_client_conn",
    "max_db_connections",
    "max_prepared_statements",
    "min_pool_size",
    "query_wait_timeout",
    "reserve_pool_size",
    "server_idle_timeout",
    "server_lifetime",
}
POSTGRES_MAX_CONNECTIONS = 100  # the Clusters leave PostgreSQL's default
# Kinds whose schemas come from operators' CRDs rather than Kubernetes itself. No
# maintained package ships them, so their structure is checked explicitly below.
CRD_KINDS = {
    ("postgresql.cnpg.io/v1", "Cluster"),
    ("postgresql.cnpg.io/v1", "ScheduledBackup"),
    ("postgresql.cnpg.io/v1", "Pooler"),
    ("cert-manager.io/v1", "Issuer"),
}


@cache
def render(overlay: str) -> tuple[dict[str, Any], ...]:
    """The overlay as `kubectl kustomize` (or a standalone `kustomize build`) renders it."""
    if shutil.which("kubectl"):
        command = ["kubectl", "kustomize", str(K8S / "overlays" / overlay)]
    elif shutil.which("kustomize"):
        command = ["kustomize", "build", str(K8S / "overlays" / overlay)]
    else:
        pytest.fail("rendering the manifests needs kubectl (with its built-in kustomize) on PATH")
    done = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, f"kustomize failed for {overlay}:\n{done.stderr}"
    return tuple(doc for doc in yaml.safe_load_all(done.stdout) if doc)


def objects(overlay: str, kind: str) -> dict[str, dict[str, Any]]:
    return {o["metadata"]["name"]: o for o in render(overlay) if o["kind"] == kind}


def config_maps(overlay: str) -> dict[str, dict[str, str]]:
    return {name: o.get("data", {}) for name, o in objects(overlay, "ConfigMap").items()}


def container(deployment: dict[str, Any], name: str, init: bool = False) -> dict[str, Any]:
    spec = deployment["spec"]["template"]["spec"]
    found = [c for c in spec["initContainers" if init else "containers"] if c["name"] == name]
    assert len(found) == 1, f"{deployment['metadata']['name']} has no container {name}"
    return found[0]


def environment(c: dict[str, Any], maps: dict[str, dict[str, str]]) -> dict[str, str]:
    """Every variable the container gets: literal values, ConfigMap entries (which must
    exist) and Secret references (as ``secret:<name>/<key>``)."""
    env: dict[str, str] = {}
    for source in c.get("envFrom", []):
        ref = source["configMapRef"]["name"]
        assert ref in maps, f"envFrom names a ConfigMap that is not rendered: {ref}"
        env.update(maps[ref])
    for var in c.get("env", []):
        if "value" in var:
            env[var["name"]] = var["value"]
        elif "secretKeyRef" in var.get("valueFrom", {}):
            ref = var["valueFrom"]["secretKeyRef"]
            env[var["name"]] = f"secret:{ref['name']}/{ref['key']}"
        else:
            ref = var["valueFrom"]["configMapKeyRef"]
            assert ref["key"] in maps[ref["name"]]
            env[var["name"]] = maps[ref["name"]][ref["key"]]
    return env


def peers_of(service: str) -> set[str]:
    """The services that ``service`` calls: those it has a ``<peer>_url`` setting for."""
    return {s for s in SERVICES if f"{s}_url" in settings_class(service).model_fields}


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_object_validates_against_the_kubernetes_schemas(overlay: str) -> None:
    rendered = render(overlay)
    kinds = {o["kind"] for o in rendered}
    expected = {"Deployment", "Service", "ConfigMap", "HorizontalPodAutoscaler"}
    expected |= {"PodDisruptionBudget", "NetworkPolicy", "Ingress", "Namespace", "Cluster"}
    expected |= {"Pooler"}
    assert expected <= kinds
    for obj in rendered:
        if (obj["apiVersion"], obj["kind"]) in CRD_KINDS:
            continue
        try:
            kubernetes_validate.validate(obj, KUBERNETES_VERSION, strict=True)
        except kubernetes_validate.ValidationError as exc:
            pytest.fail(f"{obj['kind']}/{obj['metadata']['name']}: {exc.message} at {exc.path}")
        if obj["kind"] != "Namespace":
            assert obj["metadata"].get("namespace") == "lpx", obj["metadata"]["name"]


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_database_clusters_are_well_formed_and_production_is_backed_up(overlay: str) -> None:
    clusters = objects(overlay, "Cluster")
    assert set(clusters) == {f"{s}-db" for s in SERVICES}
    for service in SERVICES:
        spec = clusters[f"{service}-db"]["spec"]
        assert isinstance(spec["instances"], int) and spec["instances"] >= 1
        assert spec["bootstrap"]["initdb"] == {"database": service, "owner": service}
        assert spec["storage"]["size"].endswith("Gi")
        assert set(spec["resources"]["limits"]) == {"cpu", "memory"}
    scheduled = objects(overlay, "ScheduledBackup")
    if overlay == "production":
        for name, cluster in clusters.items():
            assert cluster["spec"]["instances"] >= 3
            store = cluster["spec"]["backup"]["barmanObjectStore"]
            assert store["destinationPath"].startswith("s3://")
            for ref in store["s3Credentials"].values():
                assert set(ref) == {"name", "key"}  # a reference, never a value
            backups = [b for b in scheduled.values() if b["spec"]["cluster"]["name"] == name]
            assert len(backups) == 1, f"{name} has no nightly base backup"
            assert len(backups[0]["spec"]["schedule"].split()) == 6  # seconds first
    else:
        assert not scheduled


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_database_has_a_pooler_in_transaction_mode_keeping_prepared_statements(
    overlay: str,
) -> None:
    poolers = objects(overlay, "Pooler")
    clusters = objects(overlay, "Cluster")
    assert set(poolers) == {f"{s}-db-pooler-rw" for s in SERVICES}
    assert not set(poolers) & set(clusters)  # the operator refuses a Pooler named as a Cluster
    for service in SERVICES:
        spec = poolers[f"{service}-db-pooler-rw"]["spec"]
        assert spec["cluster"] == {"name": f"{service}-db"}
        assert spec["type"] == "rw" and spec["instances"] == 2
        assert spec["pgbouncer"]["poolMode"] == "transaction"
        parameters = spec["pgbouncer"]["parameters"]
        assert set(parameters) <= CNPG_POOLER_PARAMETERS
        assert all(isinstance(v, str) for v in parameters.values())
        # asyncpg's prepared statements survive server connections changing hands.
        assert int(parameters["max_prepared_statements"]) > 0
        # The budget: every pooler instance may open max_db_connections to the primary;
        # with the migrations and the operator's own, well inside PostgreSQL's limit.
        per_instance = int(parameters["max_db_connections"])
        assert int(parameters["default_pool_size"]) <= per_instance
        assert spec["instances"] * per_instance <= POSTGRES_MAX_CONNECTIONS * 0.6
        assert "max_connections" not in clusters[f"{service}-db"]["spec"].get("postgresql", {})
        # PgBouncer 1.21 or later (prepared statements in transaction mode), with limits.
        [pgbouncer] = spec["template"]["spec"]["containers"]
        assert pgbouncer["name"] == "pgbouncer"
        version = re.fullmatch(r".+/pgbouncer:(\d+)\.(\d+)\.\d+", pgbouncer["image"])
        assert version and (int(version.group(1)), int(version.group(2))) >= (1, 21)
        assert set(pgbouncer["resources"]["limits"]) == {"cpu", "memory"}
        assert set(pgbouncer["resources"]["requests"]) == {"cpu", "memory"}


@pytest.mark.parametrize("overlay", OVERLAYS)
@pytest.mark.parametrize("service", SERVICES)
def test_every_setting_the_service_needs_is_provided(overlay: str, service: str) -> None:
    settings = settings_class(service)
    prefix = settings.model_config["env_prefix"]
    deployment = objects(overlay, "Deployment")[service]
    env = environment(container(deployment, "app"), config_maps(overlay))
    check_environment(service, env, f"the {overlay} overlay")
    for field in settings.model_fields:
        if "secret" in field or "password" in field or field.endswith("_key"):
            value = env.get(prefix + field.upper())
            if value is not None:
                assert value.startswith("secret:"), f"{field} must come from a Secret"
    for peer in peers_of(service):
        assert env[f"{prefix}{peer.upper()}_URL"] == f"http://{peer}:8000"
    # Through the database's pooler, with the application user the operator made.
    url = env[prefix + "DATABASE_URL"]
    assert url == (
        f"postgresql+asyncpg://$(DB_USER):$(DB_PASSWORD)@{service}-db-pooler-rw:5432/{service}"
    )
    assert env["DB_PASSWORD"] == f"secret:{service}-db-app/password"


@pytest.mark.parametrize("overlay", OVERLAYS)
@pytest.mark.parametrize("service", SERVICES)
def test_the_database_is_migrated_before_the_service_starts(overlay: str, service: str) -> None:
    deployment = objects(overlay, "Deployment")[service]
    maps = config_maps(overlay)
    migrate = container(deployment, "migrate", init=True)
    app = container(deployment, "app")
    assert migrate["command"] == ["alembic", "-c", "alembic.ini", "upgrade", "head"]
    assert migrate["image"] == app["image"]
    # The same database as the same user, but straight to the primary: DDL and the
    # migration lock on a connection of their own, not through the pooler.
    key = settings_class(service).model_config["env_prefix"] + "DATABASE_URL"
    migrate_env, app_env = environment(migrate, maps), environment(app, maps)
    assert migrate_env[key] == app_env[key].replace(
        f"@{service}-db-pooler-rw:", f"@{service}-db-rw:"
    )
    assert f"@{service}-db-rw:5432/" in migrate_env[key]
    assert migrate_env["DB_PASSWORD"] == app_env["DB_PASSWORD"]
    if overlay == "production":
        assert app["image"].split(":")[-1] not in ("", "latest")


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_deployment_has_probes_limits_and_runs_unprivileged(overlay: str) -> None:
    for name, deployment in objects(overlay, "Deployment").items():
        pod = deployment["spec"]["template"]["spec"]
        assert pod["securityContext"]["runAsNonRoot"] is True, name
        assert pod["securityContext"]["runAsUser"] != 0, name
        assert pod.get("automountServiceAccountToken") is False, name
        mounts = {v["name"] for v in pod.get("volumes", []) if "emptyDir" in v}
        for c in pod.get("initContainers", []) + pod["containers"]:
            where = f"{name}/{c['name']}"
            assert set(c["resources"]["limits"]) >= {"cpu", "memory"}, where
            assert set(c["resources"]["requests"]) >= {"cpu", "memory"}, where
            security = c["securityContext"]
            assert security["readOnlyRootFilesystem"] is True, where
            assert security["allowPrivilegeEscalation"] is False, where
            assert security["capabilities"]["drop"] == ["ALL"], where
            assert {m["name"] for m in c.get("volumeMounts", [])} <= mounts, where
        for c in pod["containers"]:
            assert "livenessProbe" in c and "readinessProbe" in c, name
        if name in SERVICES:
            app = container(deployment, "app")
            assert app["livenessProbe"]["httpGet"]["path"] == "/livez"
            assert app["readinessProbe"]["httpGet"]["path"] == "/readyz"
            assert app["startupProbe"]["httpGet"]["path"] == "/livez"
            assert {m["mountPath"] for m in app["volumeMounts"]} == {"/tmp"}


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_no_secret_carries_a_value(overlay: str) -> None:
    for obj in render(overlay):
        if obj["kind"] == "Secret":
            assert not obj.get("data") and not obj.get("stringData"), obj["metadata"]["name"]
    for name, data in config_maps(overlay).items():
        for key in data:
            assert not any(w in key for w in ("SECRET", "PASSWORD", "_KEY")), f"{name}: {key}"


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_autoscaling_and_disruption_budgets(overlay: str) -> None:
    deployments = objects(overlay, "Deployment")
    hpas = objects(overlay, "HorizontalPodAutoscaler")
    assert {h["spec"]["scaleTargetRef"]["name"] for h in hpas.values()} == AUTOSCALED
    for hpa in hpas.values():
        assert hpa["spec"]["minReplicas"] >= 2
    budgets = objects(overlay, "PodDisruptionBudget")
    for service in SERVICES:
        labels = deployments[service]["spec"]["template"]["metadata"]["labels"]
        matching = [
            b
            for b in budgets.values()
            if b["spec"]["selector"]["matchLabels"].items() <= labels.items()
        ]
        assert len(matching) == 1, f"{service} needs exactly one PodDisruptionBudget"
        assert deployments[service]["spec"]["replicas"] >= 2


def _allowed_sources(policy: dict[str, Any]) -> list[dict[str, Any]]:
    return [peer for rule in policy["spec"].get("ingress", []) for peer in rule["from"]]


def _names(sources: list[dict[str, Any]]) -> set[str]:
    """Pod names (app.kubernetes.io/name) allowed in from this namespace."""
    return {
        s["podSelector"]["matchLabels"]["app.kubernetes.io/name"]
        for s in sources
        if "namespaceSelector" not in s
        and "app.kubernetes.io/name" in s["podSelector"].get("matchLabels", {})
    }


def _namespaces(sources: list[dict[str, Any]]) -> set[str]:
    return {
        s["namespaceSelector"]["matchLabels"]["kubernetes.io/metadata.name"]
        for s in sources
        if "namespaceSelector" in s
    }


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_network_policies_follow_who_calls_whom(overlay: str) -> None:
    policies = objects(overlay, "NetworkPolicy")
    deny = policies["default-deny-ingress"]["spec"]
    assert deny == {"podSelector": {}, "policyTypes": ["Ingress"]}
    by_target: dict[str, list[dict[str, Any]]] = {}
    for policy in policies.values():
        labels = policy["spec"]["podSelector"].get("matchLabels", {})
        target = (
            labels.get("app.kubernetes.io/name")
            or labels.get("cnpg.io/cluster")
            or labels.get("cnpg.io/poolerName")
        )
        if target:
            by_target.setdefault(target, []).extend(_allowed_sources(policy))
    gateway = by_target["gateway"]
    assert _names(gateway) == set()
    assert _namespaces(gateway) == {"ingress-nginx", "monitoring"}
    for service in SERVICES:
        if service == "gateway":
            continue
        callers = {"gateway"} | {s for s in SERVICES if service in peers_of(s)}
        assert _names(by_target[service]) == callers, service
        assert _namespaces(by_target[service]) == {"monitoring"}, service
    for service in SERVICES:
        # The service reaches its pooler (Prometheus its metrics), nobody else does.
        pooler = by_target[f"{service}-db-pooler-rw"]
        assert _names(pooler) == {service}, f"{service}-db-pooler-rw"
        assert _namespaces(pooler) == {"monitoring"}
        # The database: its service (the migrations), its pooler, its own instances and
        # the operator.
        sources = by_target[f"{service}-db"]
        assert _names(sources) == {service}, f"{service}-db"
        own = [s for s in sources if s.get("podSelector", {}).get("matchLabels")]
        clusters = {s["podSelector"]["matchLabels"].get("cnpg.io/cluster") for s in own} - {None}
        assert clusters == {f"{service}-db"}
        poolers = {s["podSelector"]["matchLabels"].get("cnpg.io/poolerName") for s in own}
        assert poolers - {None} == {f"{service}-db-pooler-rw"}
        assert _namespaces(sources) == {"cnpg-system"}
    assert _names(by_target["redis"]) == {"gateway"}


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_the_public_host_is_served_over_tls_by_the_gateway(overlay: str) -> None:
    ingresses = objects(overlay, "Ingress")
    assert list(ingresses) == ["lpx"]
    ingress = ingresses["lpx"]
    annotations = ingress["metadata"]["annotations"]
    issuer = annotations.get("cert-manager.io/cluster-issuer") or annotations.get(
        "cert-manager.io/issuer"
    )
    assert issuer, "cert-manager needs an issuer annotation"
    if "cert-manager.io/issuer" in annotations:
        issuers = objects(overlay, "Issuer")
        assert issuer in issuers
        assert set(issuers[issuer]["spec"]) & {"selfSigned", "acme", "ca"}
    [tls] = ingress["spec"]["tls"]
    [rule] = ingress["spec"]["rules"]
    assert tls["hosts"] == [rule["host"]] and tls["secretName"]
    [path] = rule["http"]["paths"]
    assert path["path"] == "/" and path["backend"]["service"]["name"] == "gateway"
    host = rule["host"]
    maps = config_maps(overlay)
    assert maps["notifications-config"]["NOTIFICATIONS_STOREFRONT_URL"] == f"https://{host}"
    for key in ("BOOKING_CHECKOUT_SUCCESS_URL", "BOOKING_CHECKOUT_CANCEL_URL"):
        assert maps["booking-config"][key].startswith(f"https://{host}/bookings/")


@pytest.mark.parametrize("overlay", OVERLAYS)
def test_every_gateway_replica_counts_rate_limits_in_the_one_redis(overlay: str) -> None:
    gateway = objects(overlay, "Deployment")["gateway"]
    env = environment(container(gateway, "app"), config_maps(overlay))
    uri = env["GATEWAY_RATE_LIMIT_STORAGE_URI"]
    # One value for the whole Deployment (not per pod), and never in-process counters.
    match = re.fullmatch(r"redis://([a-z0-9-]+):(\d+)/\d+", uri)
    assert match, f"the gateway's rate limits must be in Redis, not {uri!r}"
    host, port = match.group(1), int(match.group(2))
    service = objects(overlay, "Service")[host]
    assert port in {p["port"] for p in service["spec"]["ports"]}
    # Behind that Service, exactly one Redis: two would split the counters between them.
    selector = service["spec"]["selector"]
    backends = [
        d
        for d in objects(overlay, "Deployment").values()
        if selector.items() <= d["spec"]["template"]["metadata"]["labels"].items()
    ]
    assert [d["spec"]["replicas"] for d in backends] == [1]
    assert "redis" in container(backends[0], "redis")["image"]
    # The addresses being limited are the clients', told by the ingress controller: the
    # gateway believes X-Forwarded-For from private networks only, never from anywhere.
    settings = settings_class("gateway")(
        internal_token_secret="x" * 48,
        rate_limit_storage_uri=uri,
        trusted_proxies=json.loads(env["GATEWAY_TRUSTED_PROXIES"]),
    )
    assert settings.trusted_proxies
    assert all(network.is_private for network in settings.trusted_proxies)
