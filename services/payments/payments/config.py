from functools import lru_cache

from pydantic import Field, SecretStr
from pydantic_settings import SettingsConfigDict

from lpx_common.settings import ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="PAYMENTS_", extra="ignore")

    service_name: str = "payments"
    database_url: str = "sqlite+aiosqlite:///./var/payments.sqlite3"

    # Stripe. The official SDK talks to `stripe_api_base`: Stripe itself in production,
    # the local stand-in in dev and tests. No default secrets: they come from the env.
    stripe_api_base: str = "https://api.stripe.com"
    stripe_secret_key: SecretStr = Field(min_length=8)
    stripe_webhook_secret: SecretStr = Field(min_length=8)
    # Webhook signatures older than this are refused (Stripe's libraries use 300 s).
    stripe_webhook_tolerance_seconds: int = Field(default=300, ge=1, le=3600)
    stripe_max_network_retries: int = Field(default=2, ge=0, le=5)

    # Peers: booking learns payment outcomes through our outbox.
    booking_url: str = "http://127.0.0.1:8002"
    # Told when a payment fails or a refund completes (the customer is emailed).
    notifications_url: str = "http://127.0.0.1:8004"

    # Background work. Switching a worker off is how a test freezes the service
    # between storing a webhook and acting on it (as a crash would).
    event_processor_enabled: bool = True
    outbox_relay_enabled: bool = True
    event_poll_seconds: float = Field(default=2.0, gt=0)  # woken by each webhook stored
    event_max_attempts: int = Field(default=20, ge=1)
    # A booking owed a refund for longer than this is an exception (report and metrics).
    refund_due_grace_seconds: int = Field(default=300, ge=0)
    # How often the refund gauges on /metrics are recomputed from the database.
    money_metrics_poll_seconds: float = Field(default=15.0, gt=0)


@lru_cache
def get_settings() -> Settings:
    return Settings()  # type: ignore[call-arg]  # values come from the environment
