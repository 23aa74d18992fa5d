"""Whose endpoints a caller may see: a partner its own; staff any, naming the partner."""

from lpx_common.auth import Principal
from lpx_common.errors import Unprocessable


def owner_filter(principal: Principal) -> str | None:
    """The partner whose rows the caller is limited to; None for staff (all)."""
    if principal.kind == "partner":
        return principal.partner_id or principal.subject
    return None


def owner_for_new(principal: Principal, named: str | None) -> str:
    own = owner_filter(principal)
    if own is not None:
        return own  # a partner cannot make an endpoint for anyone else
    if named is None:
        raise Unprocessable(
            "Name the partner the endpoint is for.",
            code="partner-required",
            errors=[{"field": "partner_id", "message": "required for staff"}],
        )
    return named
