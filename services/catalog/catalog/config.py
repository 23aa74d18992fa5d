from functools import lru_cache

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from lpx_common.settings import ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="CATALOG_", extra="ignore")

    service_name: str = "catalog"
    database_url: str = "sqlite+aiosqlite:///./var/catalog.sqlite3"
    # Connections (per process) reserved for the one-statement hold path on PostgreSQL.
    # Holds on one mission queue on its row lock anyway; measured on 2 cores, 2 connections
    # per process beat 4 or 8 (fewer backends contending for the lock, less CPU each).
    hold_pool_size: int = Field(default=2, ge=1, le=100)
    # Told when a mission launches, lands, is lost or cancelled (partners' webhooks).
    notifications_url: str = "http://127.0.0.1:8004"
    outbox_enabled: bool = True


@lru_cache
def get_settings() -> Settings:
    return Settings()  # type: ignore[call-arg]  # values come from the environment
