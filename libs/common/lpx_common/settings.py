"""One settings base class; each service subclasses it with its own env prefix."""

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from lpx_common.limits import SERVICE_MAX_HEADER_BYTES, SERVICE_MAX_HEADERS


class ServiceSettings(BaseSettings):
    """Settings every service has. Subclass and set `env_prefix` (e.g. ``CATALOG_``)."""

    model_config = SettingsConfigDict(extra="ignore")

    service_name: str = "service"
    database_url: str = "sqlite+aiosqlite:///./var/service.sqlite3"
    # Shared HMAC secret for internal tokens minted by the gateway and by services.
    # No default on purpose: secrets come from the environment only.
    internal_token_secret: SecretStr = Field(min_length=32)
    internal_token_ttl_seconds: int = Field(default=60, ge=5, le=3600)
    log_level: str = "INFO"
    max_body_bytes: int = Field(default=1_048_576, ge=1024)
    # Request line and headers (431 above); the server protocol enforces the same limits
    # while the head arrives (lpx_common.serving).
    max_header_bytes: int = Field(default=SERVICE_MAX_HEADER_BYTES, ge=4096)
    max_headers: int = Field(default=SERVICE_MAX_HEADERS, ge=16)
    # Connections are a budget: PostgreSQL allows 100 in all, and every replica of every
    # service takes up to pool + overflow (docs/architecture.md, "Database connections").
    # No overflow by default: an overflow connection is closed when it is returned, so
    # under load each one is a new connection (TLS attempt, backend start) per request.
    db_pool_size: int = Field(default=12, ge=1)
    db_max_overflow: int = Field(default=0, ge=0)
    db_echo: bool = False
    # The relay is woken by the commits that write messages; the poll is the safety net
    # (retries that come due, messages of a process that died before delivering them).
    outbox_poll_seconds: float = Field(default=2.0, gt=0)
    http_timeout_seconds: float = Field(default=5.0, gt=0)
