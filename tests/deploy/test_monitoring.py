"""The alert rules and the dashboard are only useful if they name series the services
expose: every metric in them must be one a service registers for its /metrics."""

import importlib
import json
import re
from pathlib import Path

import pytest
import yaml
from prometheus_client import REGISTRY

ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "deploy" / "monitoring" / "alerts.yaml"
DASHBOARD = ROOT / "deploy" / "monitoring" / "grafana-dashboard.json"
# Importing each service's app (and the modules its workers use) registers its metrics.
MODULES = [
    "catalog.main",
    "booking.main",
    "payments.main",
    "notifications.main",
    "gateway.main",
    "payments.domain.events",
    "payments.finance.domain.refund_watch",
    "catalog.domain.room",
    "notifications.handlers.send_webhooks",
]
PROMQL_WORDS = {
    "by", "without", "on", "ignoring", "group_left", "group_right", "and", "or", "unless",
    "bool", "offset",
}  # fmt: skip
ALERTS = {
    "OutboxBacklogGrowing",
    "OutboxMessageStuck",
    "StripeEventProcessingGaveUp",
    "RefundDueForOverAnHour",
    "High5xxRate",
    "SlowRoute",
    "HoldsRefusedForCapacity",
}


def exposed_series() -> set[str]:
    for module in MODULES:
        importlib.import_module(module)
    names: set[str] = set()
    for family in REGISTRY.collect():
        if family.type == "counter":
            names.add(family.name + "_total")
        elif family.type == "histogram":
            names |= {family.name + suffix for suffix in ("_bucket", "_sum", "_count")}
        else:
            names.add(family.name)
    return names


def metric_names(expr: str) -> set[str]:
    """The series an expression reads: identifiers that are not functions, keywords,
    label matchers, grouping labels, durations or strings."""
    expr = re.sub(r'"[^"]*"', "", expr)
    expr = re.sub(r"\{[^}]*\}", "", expr)
    expr = re.sub(r"\[[^\]]*\]", "", expr)
    expr = re.sub(r"\b(by|without|on|ignoring)\s*\([^)]*\)", "", expr)
    tokens = re.findall(r"(?<![\w:.])[A-Za-z_:][\w:]*+(?!\s*\()", expr)
    return {t for t in tokens if t not in PROMQL_WORDS}


def rules() -> list[dict]:
    doc = yaml.safe_load(RULES.read_text())
    return [rule for group in doc["groups"] for rule in group["rules"]]


def test_rules_file_is_valid_and_covers_what_operations_watch() -> None:
    doc = yaml.safe_load(RULES.read_text())
    assert set(doc) == {"groups"}
    for group in doc["groups"]:
        assert group["name"] and group["rules"]
    names = [rule["alert"] for rule in rules()]
    assert len(names) == len(set(names))
    assert set(names) >= ALERTS
    for rule in rules():
        assert set(rule) <= {"alert", "expr", "for", "labels", "annotations"}
        assert rule["labels"]["severity"] in {"info", "warning", "critical"}
        assert rule["annotations"]["summary"]
        assert rule["expr"].count("(") == rule["expr"].count(")")


@pytest.mark.parametrize("source", ["rules", "dashboard"])
def test_every_metric_named_is_exposed_by_a_service(source: str) -> None:
    exposed = exposed_series()
    if source == "rules":
        expressions = [rule["expr"] for rule in rules()]
    else:
        dashboard = json.loads(DASHBOARD.read_text())
        expressions = [t["expr"] for p in dashboard["panels"] for t in p["targets"]]
    named: set[str] = set()
    for expr in expressions:
        found = metric_names(expr)
        assert found, f"no metric in {expr!r}"
        named |= found
    assert named <= exposed, f"not exposed by any service: {sorted(named - exposed)}"
    assert {"outbox_pending_messages", "outbox_oldest_pending_age_seconds"} <= named
    assert "catalog_holds_refused_total" in named


def test_the_name_checker_sees_through_promql() -> None:
    expr = 'histogram_quantile(0.99, sum by (service, le) (rate(x_bucket{a="b"}[5m]))) > 1'
    assert metric_names(expr) == {"x_bucket"}
    assert metric_names("a_total / on (job) b") == {"a_total", "b"}
