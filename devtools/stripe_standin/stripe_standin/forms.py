"""Stripe's form encoding: ``metadata[booking_id]=x``, ``line_items[0][quantity]=1``,
``expand[]=a`` become nested dicts and lists, as Stripe's servers read them."""

import re
from typing import Any

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
