from functools import lru_cache

from pydantic import Field, SecretStr
from pydantic_settings import SettingsConfigDict

from lpx_common.limits import EDGE_MAX_HEADER_BYTES, EDGE_MAX_HEADERS
from lpx_common.settings import ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="GATEWAY_", extra="ignore")

    service_name: str = "gateway"
    database_url: str = "sqlite+aiosqlite:///./var/gateway.sqlite3"

    # Where the services live; the gateway forwards by path prefix, path unchanged.
    catalog_url: str = "http://127.0.0.1:8001"
    booking_url: str = "http://127.0.0.1:8002"
    payments_url: str = "http://127.0.0.1:8003"
    notifications_url: str = "http://127.0.0.1:8004"
    # The public entry takes smaller request heads than the services behind it.
    max_header_bytes: int = Field(default=EDGE_MAX_HEADER_BYTES, ge=4096)
    max_headers: int = Field(default=EDGE_MAX_HEADERS, ge=16)
    # Upstream timeouts: connecting is quick or the service is down; reads may take longer
    # (finance CSV exports stream for a while, so the read timeout is per chunk).
    upstream_connect_timeout_seconds: float = Field(default=2.0, gt=0)
    upstream_read_timeout_seconds: float = Field(default=30.0, gt=0)
    upstream_max_connections: int = Field(default=200, ge=1)

    # Signs customer/staff access tokens. When unset, a key is derived from the internal
    # token secret (HMAC with a fixed label) so that a one-secret deployment still works.
    jwt_secret: SecretStr | None = Field(default=None, min_length=32)
    access_token_ttl_seconds: int = Field(default=900, ge=30, le=3600)
    refresh_token_ttl_seconds: int = Field(default=30 * 86400, ge=300)
    # A valid partner API key is remembered this long per replica (revocation on the same
    # replica is immediate; other replicas follow within this time). 0 disables it.
    api_key_cache_seconds: float = Field(default=1.0, ge=0, le=30)
    # Internal tokens minted per principal are reused for a few seconds (hot path).
    internal_token_cache_seconds: float = Field(default=10.0, ge=0)

    # Rate limits (token buckets, in-process: each gateway replica counts on its own).
    rate_anonymous_per_second: float = Field(default=50.0, gt=0)
    rate_anonymous_burst: int = Field(default=200, ge=1)
    rate_principal_per_second: float = Field(default=100.0, gt=0)
    rate_principal_burst: int = Field(default=400, ge=1)
    # Failed logins per (client ip, email) and per client ip.
    rate_login_failures_burst: int = Field(default=5, ge=1)
    rate_login_failures_per_second: float = Field(default=1 / 12, gt=0)
    rate_login_ip_failures_burst: int = Field(default=30, ge=1)
    rate_login_ip_failures_per_second: float = Field(default=0.5, gt=0)
    # Sign-ups per client ip.
    rate_signup_burst: int = Field(default=30, ge=1)
    rate_signup_per_second: float = Field(default=2.0, gt=0)
    # Presented credentials (API keys, access tokens) that do not verify, per client ip.
    rate_bad_credentials_burst: int = Field(default=10, ge=1)
    rate_bad_credentials_per_second: float = Field(default=0.2, gt=0)

    # Browser side.
    cors_origins: list[str] = Field(default_factory=list)
    # Strict-Transport-Security is sent when the request came over TLS (uvicorn sets the
    # scheme from X-Forwarded-Proto for trusted proxies, see --forwarded-allow-ips), or
    # always when forced.
    hsts_always: bool = False
    # Storefront: a JSON file replacing the default legal texts and seller details
    # (gateway/legal.py), and strict catalogs (an untranslated string shows as ⟦...⟧).
    legal_file: str | None = None
    i18n_strict: bool = False
    # Back office: a staff session unused this long is signed out (sliding, per page).
    backoffice_idle_seconds: int = Field(default=1800, ge=60, le=8 * 3600)
    # Local run only: the local mail sink's folder, shown to developers at /dev/mail
    # (unset everywhere else: the page is then a 404).
    dev_mail_dir: str | None = None
    # Merged OpenAPI document is rebuilt at most this often.
    openapi_cache_seconds: float = Field(default=60.0, ge=0)


@lru_cache
def get_settings() -> Settings:
    return Settings()  # type: ignore[call-arg]  # values come from the environment
