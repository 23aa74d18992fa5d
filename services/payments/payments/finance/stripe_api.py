"""The Stripe client finance uses: the payments service's own, when it made one.

Finance never builds a second configuration of Stripe: it takes the key and base address
from the payments settings (``stripe_secret_key``, ``stripe_api_base``) and, if the
payments core already put a ``StripeClient`` on ``app.state.stripe``, uses that one.
"""

from typing import Any

import stripe
from pydantic import SecretStr

from payments.clients.stripe_http import LeanStripeHttpClient


def _plain(value: Any) -> str | None:
    if isinstance(value, SecretStr):
        return value.get_secret_value()
    return value


def stripe_client(state: Any) -> stripe.StripeClient:
    existing = getattr(state, "stripe", None)
    if isinstance(existing, stripe.StripeClient):
        return existing
    inner = getattr(existing, "client", None)  # the payments core's StripeApi wrapper
    if isinstance(inner, stripe.StripeClient):
        return inner
    cached = getattr(state, "finance_stripe", None)
    if cached is not None:
        return cached
    settings = state.settings
    key = _plain(getattr(settings, "stripe_secret_key", None))
    if not key:
        raise RuntimeError("PAYMENTS_STRIPE_SECRET_KEY is not set")
    base = getattr(settings, "stripe_api_base", None)
    client = stripe.StripeClient(
        key,
        base_addresses={"api": base} if base else {},
        http_client=LeanStripeHttpClient(timeout=settings.http_timeout_seconds),
        max_network_retries=2,
    )
    state.finance_stripe = client
    return client


def to_dict(obj: Any) -> dict[str, Any]:
    """A StripeObject (or plain dict) as a plain, nested dict."""
    if obj is None:
        return {}
    if hasattr(obj, "to_dict"):
        return obj.to_dict()
    return dict(obj)
