"""Stripe's form encoding: ``metadata[booking_id]=x``, ``line_items[0][quantity]=1``,
``expand[]=a`` become nested dicts and lists, as Stripe's servers read them."""

import re
from typing import Any

from stripe_standin.errors import StripeError

_PART = re.compile(r"\[([^\[\]]*)\]")


def _split(key: str) -> list[str]:
    head, bracket, _ = key.partition("[")
    if not bracket:
        return [key]
    return [head, *_PART.findall(key[len(head) :])]


def parse_form(pairs: list[tuple[str, str]]) -> dict[str, Any]:
    """Nested dicts first (``[]`` gets the next free index), then digit-keyed dicts
    become lists in index order."""
    root: dict[str, Any] = {}
    for key, value in pairs:
        parts = _split(key)
        node = root
        for i, part in enumerate(parts):
            if part == "":
                part = str(len(node))
            if i == len(parts) - 1:
                node[part] = value
            else:
                child = node.get(part)
                if not isinstance(child, dict):
                    child = {}
                    node[part] = child
                node = child
    return _listify(root)


def _listify(value: Any) -> Any:
    if not isinstance(value, dict):
        return value
    items = {k: _listify(v) for k, v in value.items()}
    if items and all(k.isdigit() for k in items):
        return [items[k] for k in sorted(items, key=int)]
    return items


_INTEGER = re.compile(r"-?[0-9]+")


def form_int(params: dict[str, Any], name: str, *, required: bool = False) -> int | None:
    """An integer parameter as Stripe reads it: decimal digits only. ``"100.0"``,
    ``"1e3"``, ``" 100"`` or ``"1_000"`` are refused, as Stripe refuses them."""
    raw = params.get(name)
    if raw is None or raw == "":
        if required:
            raise StripeError(
                f"Missing required param: {name}.", code="parameter_missing", param=name
            )
        return None
    if isinstance(raw, bool) or not (
        isinstance(raw, int) or (isinstance(raw, str) and _INTEGER.fullmatch(raw))
    ):
        raise StripeError(f"Invalid integer: {raw}", code="parameter_invalid_integer", param=name)
    return int(raw)


def json_int(body: dict[str, Any], name: str) -> int | None:
    """An integer in a JSON body of the stand-in's controls: a JSON integer, nothing else
    (no strings, booleans or floats such as 1000.0)."""
    value = body.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise StripeError(f"{name} must be an integer.", param=name)
    return value


def form_metadata(params: dict[str, Any], name: str = "metadata") -> dict[str, str]:
    """``metadata[k]=v`` pairs as Stripe keeps them: strings only."""
    value = params.get(name) or {}
    if not isinstance(value, dict):
        raise StripeError("Invalid object", code="parameter_invalid_object", param=name)
    return {str(k): str(v) for k, v in value.items()}
