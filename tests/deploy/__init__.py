"""Checks of the deployment files (compose, Dockerfiles, Kubernetes, monitoring)."""

import importlib
from typing import Any


def settings_class(service: str) -> Any:
    return importlib.import_module(f"{service}.config").Settings


def check_environment(service: str, env: dict[str, str], where: str) -> None:
    """``env`` gives ``service`` every variable its settings require (and every peer URL
    and secret), and no variable with its prefix that it does not read."""
    settings = settings_class(service)
    prefix = settings.model_config["env_prefix"]
    needed = {
        prefix + field.upper()
        for field, info in settings.model_fields.items()
        if info.is_required() or field.endswith("_url") or "secret" in field
    }
    assert needed <= set(env), f"missing in {where} for {service}: {sorted(needed - set(env))}"
    known = {prefix + field.upper() for field in settings.model_fields}
    unknown = {key for key in env if key.startswith(prefix) and key not in known}
    assert not unknown, f"{where} sets variables {service} does not read: {sorted(unknown)}"
