"""Objects as the API shows them: without the fields the stand-in keeps for itself."""

from typing import Any

_PRIVATE = {"line_items_data", "payment_intent_metadata", "description", "card_behaviour"}


def public_session(session: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in session.items() if k not in _PRIVATE}


def public_charge(charge: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in charge.items() if k not in _PRIVATE}
