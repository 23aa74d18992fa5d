from functools import lru_cache
from typing import Literal

from pydantic import Field, IPvAnyNetwork, SecretStr, field_validator
from pydantic_settings import SettingsConfigDict

from gateway.ratelimit import parse_limit, storage_uri
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
    # The proxy's client: the lean hand-written one over httptools (lpx_common/upstream.py),
    # or httpx's pooled HTTP/1.1 client. The hand-written one is the default: in
    # bench/gateway_overhead.py httpx gives 41 % less throughput, more than the 15 %
    # issue 14 allows, now that a catalog read is cheap (README, "upstream client").
    upstream_client: Literal["httptools", "httpx"] = "httptools"

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

    # Rate limits (gateway/ratelimit.py), in the notation of the `limits` library:
    # "300/minute", "5 per 10 minutes". The counters are kept where the storage URI
    # says: Redis ("redis://host:6379/0") so every replica shares them, or "memory://"
    # for a single process (each replica would then count on its own).
    rate_limit_storage_uri: str = "memory://"
    # Prefix of every counter's key in the storage (several deployments, one Redis).
    rate_limit_key_prefix: str = Field(default="lpx-gateway", min_length=1, max_length=100)
    # API calls per client address (anonymous) and per credential: API key, customer or
    # staff member (authenticated).
    rate_anonymous: str = "300/minute"
    rate_authenticated: str = "3000/minute"
    # Failed sign-ins per account (whatever the address) and per client address; the
    # account's count starts over after a successful sign-in.
    rate_login_failures_account: str = "5/minute"
    rate_login_failures_address: str = "30/minute"
    # Sign-ups per client address.
    rate_signup: str = "20/hour"
    # Presented credentials (API keys, access tokens) that do not verify, per client
    # address; counted apart, so a valid credential from the same address still passes.
    rate_bad_credentials: str = "10/minute"
    # Proxies (CIDRs) whose X-Forwarded-For and X-Forwarded-Proto are believed: the
    # client is the rightmost address of X-Forwarded-For that is not one of them. A
    # request from anywhere else is from its socket address, whatever it claims.
    trusted_proxies: list[IPvAnyNetwork] = Field(default_factory=list)

    # Browser side.
    cors_origins: list[str] = Field(default_factory=list)
    # Strict-Transport-Security is sent when the request came over TLS (or a trusted
    # proxy says so in X-Forwarded-Proto, see `trusted_proxies`), or always when forced.
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

    @field_validator(
        "rate_anonymous",
        "rate_authenticated",
        "rate_login_failures_account",
        "rate_login_failures_address",
        "rate_signup",
        "rate_bad_credentials",
    )
    @classmethod
    def _is_a_limit(cls, value: str) -> str:
        parse_limit(value)
        return value

    @field_validator("rate_limit_storage_uri")
    @classmethod
    def _is_a_storage(cls, value: str) -> str:
        scheme = storage_uri(value).split("://", 1)[0]
        if scheme not in ("async+memory", "async+redis", "async+rediss", "async+redis+unix"):
            raise ValueError("use memory:// or redis://host:port/db (rediss:// for TLS)")
        return value


@lru_cache
def get_settings() -> Settings:
    return Settings()  # type: ignore[call-arg]  # values come from the environment
