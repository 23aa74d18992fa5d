"""Stripe list objects: newest first, ``limit``, ``starting_after``/``ending_before``."""

from typing import Any

from stripe_standin.errors import StripeError
from stripe_standin.forms import form_int


def stripe_list(items: list[dict[str, Any]], params: dict[str, Any], url: str) -> dict[str, Any]:
    limit = form_int(params, "limit")
    limit = 10 if limit is None else limit
    if not 1 <= limit <= 100:
        raise StripeError("limit must be between 1 and 100.", param="limit")
    ids = [i["id"] for i in items]
    after, before = params.get("starting_after"), params.get("ending_before")
    if after:
        if after not in ids:
            raise StripeError(
                f"No such object: '{after}'",
                status=404,
                code="resource_missing",
                param="starting_after",
            )
        rest = items[ids.index(after) + 1 :]
        page, has_more = rest[:limit], len(rest) > limit
    elif before:
        if before not in ids:
            raise StripeError(
                f"No such object: '{before}'",
                status=404,
                code="resource_missing",
                param="ending_before",
            )
        rest = items[: ids.index(before)]
        page, has_more = rest[-limit:], len(rest) > limit
    else:
        page, has_more = items[:limit], len(items) > limit
    return {"object": "list", "data": page, "has_more": has_more, "url": url}
