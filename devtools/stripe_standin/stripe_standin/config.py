"""Settings of the stand-in, read from the environment (the names the harness sets)."""

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class StandinSettings:
    api_key: str
    webhook_secret: str
    webhook_url: str | None
    public_url: str
    # Stripe refuses Checkout Sessions that expire sooner than 30 minutes or later than
    # 24 hours after creation; a test stack may shorten the lower bound to exercise expiry.
    checkout_min_expiry_seconds: int = 1800
    checkout_max_expiry_seconds: int = 86_400
    # Stripe retries failed webhook deliveries for days; the stand-in retries quickly.
    webhook_max_attempts: int = 8
    webhook_retry_base_seconds: float = 0.5
    webhook_timeout_seconds: float = 5.0
    # The event types the webhook endpoint is enabled for, like a Stripe endpoint's
    # enabled_events; None is Stripe's "*" (every type). Events of other types are still
    # created and listed, only not sent.
    webhook_events: frozenset[str] | None = None
    # How often open sessions past their expires_at are expired (Stripe does it itself).
    sweep_seconds: float = 1.0

    @classmethod
    def from_env(cls) -> "StandinSettings":
        env = os.environ
        api_key = env.get("STRIPE_STANDIN_API_KEY")
        secret = env.get("STRIPE_STANDIN_WEBHOOK_SECRET")
        if not api_key or not secret:
            raise RuntimeError(
                "set STRIPE_STANDIN_API_KEY and STRIPE_STANDIN_WEBHOOK_SECRET for the stand-in"
            )
        return cls(
            api_key=api_key,
            webhook_secret=secret,
            webhook_url=env.get("STRIPE_STANDIN_WEBHOOK_URL") or None,
            public_url=env.get("STRIPE_STANDIN_PUBLIC_URL", "http://127.0.0.1:12111").rstrip("/"),
            checkout_min_expiry_seconds=int(
                env.get("STRIPE_STANDIN_CHECKOUT_MIN_EXPIRY_SECONDS", "1800")
            ),
            webhook_max_attempts=int(env.get("STRIPE_STANDIN_WEBHOOK_MAX_ATTEMPTS", "8")),
            webhook_retry_base_seconds=float(
                env.get("STRIPE_STANDIN_WEBHOOK_RETRY_BASE_SECONDS", "0.5")
            ),
            webhook_events=enabled_event_types(env.get("STRIPE_STANDIN_WEBHOOK_EVENTS", "*")),
        )


def enabled_event_types(value: str) -> frozenset[str] | None:
    """``a,b,c`` → those types; ``*`` or nothing → None (every type)."""
    types = frozenset(t.strip() for t in value.split(",") if t.strip())
    return None if not types or "*" in types else types
