"""Finance's own knobs (env prefix ``PAYMENTS_FINANCE_``); Stripe and peers come from the
payments settings."""

from functools import lru_cache

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class FinanceSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PAYMENTS_FINANCE_", extra="ignore")

    # Objects per Stripe list page when syncing (Stripe allows 1-100).
    sync_page_size: int = Field(default=100, ge=1, le=100)


@lru_cache
def get_finance_settings() -> FinanceSettings:
    return FinanceSettings()
