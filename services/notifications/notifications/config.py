from functools import lru_cache

from pydantic import Field, SecretStr
from pydantic_settings import SettingsConfigDict

from lpx_common.settings import ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="NOTIFICATIONS_", extra="ignore")

    service_name: str = "notifications"
    database_url: str = "sqlite+aiosqlite:///./var/notifications.sqlite3"

    # Background workers (emails and webhook deliveries); off only in tests of the API.
    workers_enabled: bool = True
    poll_seconds: float = Field(default=2.0, gt=0)  # woken by each event taken in
    batch_size: int = Field(default=50, ge=1, le=1000)
    # A leased email or delivery that a dead process never finished is retried after this.
    lease_seconds: float = Field(default=60.0, gt=0)

    # --- email ------------------------------------------------------------------------
    smtp_host: str = "127.0.0.1"
    smtp_port: int = Field(default=1025, ge=1, le=65535)
    smtp_username: str | None = None
    smtp_password: SecretStr | None = None  # from the environment only
    smtp_starttls: bool = False
    smtp_timeout_seconds: float = Field(default=10.0, gt=0)
    mail_from: str = "Lunar Payload Exchange <no-reply@lpx.example>"
    # Links in emails point at the storefront.
    storefront_url: str = "http://127.0.0.1:8000"
    email_max_attempts: int = Field(default=8, ge=1, le=100)
    email_backoff_seconds: float = Field(default=30.0, gt=0)
    email_max_backoff_seconds: float = Field(default=3_600.0, gt=0)

    # --- partner webhooks ---------------------------------------------------------------
    # Production: HTTPS to public addresses only. Local runs and tests allow loopback.
    webhook_allow_loopback: bool = False
    webhook_allow_http: bool = False
    webhook_timeout_seconds: float = Field(default=5.0, gt=0, le=30)
    webhook_max_response_bytes: int = Field(default=64 * 1024, ge=1024)
    # Concurrent delivery, per process: requests in flight, requests to one endpoint at a
    # time, and leased deliveries not yet finished (the lease loop waits above that).
    webhook_concurrency: int = Field(default=64, ge=1, le=1_000)
    webhook_endpoint_concurrency: int = Field(default=8, ge=1, le=100)
    webhook_max_outstanding: int = Field(default=1_000, ge=1, le=20_000)
    webhook_backoff_seconds: float = Field(default=30.0, gt=0)
    webhook_max_backoff_seconds: float = Field(default=6 * 3_600.0, gt=0)
    # Retries go on this long after the first attempt, then the delivery fails for good.
    webhook_retry_for_seconds: float = Field(default=3 * 86_400.0, gt=0)
    # An endpoint whose deliveries keep failing this long is disabled.
    webhook_disable_after_seconds: float = Field(default=3 * 86_400.0, gt=0)
    # How long the old secret still signs after a roll, unless the partner says otherwise.
    webhook_roll_overlap_seconds: int = Field(default=86_400, ge=0, le=7 * 86_400)
    # The delivery log (one row per request sent) is kept this long.
    delivery_log_days: int = Field(default=30, ge=1, le=3_650)
    delivery_log_purge_seconds: float = Field(default=3_600.0, gt=0)
    # A timestamp older than this is stale for a receiver (documented; used in tests).
    signature_tolerance_seconds: int = Field(default=300, ge=1)


@lru_cache
def get_settings() -> Settings:
    return Settings()  # type: ignore[call-arg]  # values come from the environment
