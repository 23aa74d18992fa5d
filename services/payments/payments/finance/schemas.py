"""Request and response shapes of the finance routes (this service's own copies)."""

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from lpx_common.money import SUPPORTED_CURRENCIES


class Company(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    email: str = Field(min_length=3, max_length=320, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class InvoiceCreate(BaseModel):
    """What booking sends when a milestone of a business booking falls due."""

    model_config = ConfigDict(extra="forbid")

    booking_id: str = Field(min_length=1, max_length=40)
    milestone_id: str = Field(min_length=1, max_length=40)
    label: str = Field(min_length=1, max_length=200)
    amount_minor: int = Field(gt=0, le=10**15)
    currency: str
    due_date: date | None = None
    days_until_due: int | None = Field(default=None, ge=1, le=365)
    company: Company

    @field_validator("currency")
    @classmethod
    def _known_currency(cls, value: str) -> str:
        value = value.upper()
        if value not in SUPPORTED_CURRENCIES:
            raise ValueError(f"currency must be one of {sorted(SUPPORTED_CURRENCIES)}")
        return value


class InvoiceOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    booking_id: str
    milestone_id: str
    label: str
    company_name: str
    company_email: str
    amount_minor: int
    amount_paid_minor: int
    amount_major: str
    currency: str
    status: Literal["draft", "open", "paid", "void", "uncollectible"]
    overdue: bool
    due_at: datetime
    stripe_customer_id: str | None
    stripe_invoice_id: str | None
    hosted_invoice_url: str | None
    last_payment_error: str | None
    finalized_at: datetime | None
    paid_at: datetime | None
    voided_at: datetime | None
    created_at: datetime
    updated_at: datetime


class PayoutOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    amount_minor: int
    amount_major: str
    currency: str
    status: str
    reconciliation_status: str | None
    arrival_date: datetime | None
    created_at: datetime
    transactions_synced_at: datetime | None


class SyncResult(BaseModel):
    payouts_seen: int
    payouts_changed: int
    balance_transactions_seen: int
    balance_transactions_changed: int
    pages_fetched: int
