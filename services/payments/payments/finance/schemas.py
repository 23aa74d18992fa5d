"""Request and response shapes of the finance routes (this service's own copies)."""

from datetime import date, datetime
from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator

from lpx_common.money import SUPPORTED_CURRENCIES, StrictCount, StrictMinorUnits


class Company(BaseModel):
    name: str = Field(min_length=1, max_length=200)
    email: str = Field(min_length=3, max_length=320, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class InvoiceCreate(BaseModel):
    """What booking sends when a milestone of a business booking falls due."""

    model_config = ConfigDict(extra="forbid")

    booking_id: str = Field(min_length=1, max_length=40)
    milestone_id: str = Field(min_length=1, max_length=40)
    label: str = Field(min_length=1, max_length=200)
    amount_minor: StrictMinorUnits = Field(gt=0, le=10**15)
    currency: str
    due_date: date | None = None
    days_until_due: StrictCount | None = Field(default=None, ge=1, le=365)
    company: Company
    billing_account_id: str = Field(
        min_length=1,
        max_length=200,
        description="The company account the invoice bills (booking decides it); one Stripe "
        "customer per billing account, never per email.",
    )

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
    billing_account_id: str | None
    amount_minor: int
    amount_paid_minor: int
    amount_major: str
    currency: str
    status: Literal["draft", "open", "paid", "void", "uncollectible", "deleted"]
    overdue: bool
    due_at: datetime
    stripe_customer_id: str | None
    stripe_invoice_id: str | None
    hosted_invoice_url: str | None
    last_payment_error: str | None
    finalized_at: datetime | None
    paid_at: datetime | None
    voided_at: datetime | None
    void_requested_at: datetime | None
    created_at: datetime
    updated_at: datetime


class InvoiceVoidIn(BaseModel):
    """Booking will no longer bill this milestone (mission lost, booking cancelled)."""

    model_config = ConfigDict(extra="forbid")

    booking_id: str = Field(min_length=1, max_length=40)
    milestone_id: str = Field(min_length=1, max_length=40)
    reason: str = Field(min_length=1, max_length=500)


class InvoiceVoidOut(BaseModel):
    booking_id: str
    milestone_id: str
    outcome: Literal[
        "not_invoiced", "deleted", "voided", "already_void", "already_deleted", "already_paid"
    ] = Field(
        description="already_paid: the invoice was paid and is left as it is; booking asks "
        "for its refund separately."
    )
    amount_paid_minor: StrictMinorUnits
    invoice: InvoiceOut | None


class BookingStatusIn(BaseModel):
    """One entry of booking's status feed, sent on every status change."""

    model_config = ConfigDict(extra="forbid")

    booking_id: str = Field(min_length=1, max_length=40)
    status: str = Field(min_length=1, max_length=24)
    version: StrictCount = Field(ge=0, le=2**62, description="Only grows per booking.")
    kind: str = Field(min_length=1, max_length=16)
    currency: str = Field(pattern=r"^[A-Z]{3}$")
    total_minor: StrictMinorUnits = Field(ge=0, le=10**15)
    paid_minor: StrictMinorUnits = Field(ge=0, le=10**15)
    refunded_minor: StrictMinorUnits = Field(ge=0, le=10**15)
    refund_owed_minor: StrictMinorUnits = Field(ge=0, le=10**15)
    updated_at: AwareDatetime


class BookingStatusOut(BaseModel):
    booking_id: str
    applied: bool = Field(description="False when a newer (or the same) version was stored.")
    status: str
    version: int | None


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


class DailyTotal(BaseModel):
    day: date
    currency: str
    charges: int
    revenue_minor: int
    refunds_minor: int
    payouts: int
    payouts_minor: int


class DailyTotalsOut(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    first: date = Field(serialization_alias="from")
    last: date = Field(serialization_alias="to")
    time_zone: str
    items: list[DailyTotal]
