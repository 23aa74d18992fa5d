from functools import lru_cache

from pydantic_settings import SettingsConfigDict

from lpx_common.settings import ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="PAYMENTS_", extra="ignore")

    service_name: str = "payments"
    database_url: str = "sqlite+aiosqlite:///./var/payments.sqlite3"


@lru_cache
def get_settings() -> Settings:
    return Settings()  # type: ignore[call-arg]  # values come from the environment
