"""Request and response shapes of the payments API (this service's own copies)."""

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from lpx_common.money import StrictMinorUnits
from payments.models import Dispute, Payment, Refund

MAX_MINOR = 10**15
Currency = Annotated[str, Field(pattern=r"^[A-Z]{3}$", examples=["JPY"])]


class StrictModel(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CheckoutIn(StrictModel):
    booking_id: str = Field(min_length=1, max_length=40)
    amount_minor: StrictMinorUnits = Field(gt=0, le=MAX_MINOR)
    currency: Currency
    expires_at: datetime
    customer_email: str | None = Field(default=None, max_length=320)
    description: str | None = Field(default=None, max_length=500)
    success_url: str = Field(min_length=1, max_length=2000)
    cancel_url: str | None = Field(default=None, max_length=2000)
    # The language of Stripe's hosted page: the buyer's, as the storefront showed it.
    locale: Literal["auto", "ja", "en"] = "auto"


class RefundTargetIn(StrictModel):
    """Booking's refund decision: when all is done, this booking has been refunded
    ``refund_total_minor`` in total (whoever asked for each refund)."""

    booking_id: str = Field(min_length=1, max_length=40)
    refund_total_minor: StrictMinorUnits = Field(ge=0, le=MAX_MINOR)
    reason: str = Field(min_length=1, max_length=500)


class FinanceRefundIn(StrictModel):
    amount_minor: StrictMinorUnits | None = Field(
        default=None, gt=0, le=MAX_MINOR, description="Omit to refund everything refundable."
    )
    reason: str = Field(default="requested_by_customer", min_length=1, max_length=500)


class PaymentOut(BaseModel):
    id: str
    booking_id: str
    attempt: int | None
    method: str
    invoice_id: str | None
    status: str
    amount_minor: int
    currency: str
    amount_captured_minor: int
    amount_refunded_minor: int
    fee_minor: int | None
    checkout_url: str | None
    checkout_session_id: str | None
    payment_intent_id: str | None
    charge_id: str | None
    balance_transaction_id: str | None
    last_error: str | None
    expires_at: datetime
    paid_at: datetime | None
    created_at: datetime
    updated_at: datetime

    @classmethod
    def of(cls, p: Payment) -> "PaymentOut":
        return cls.model_validate(p, from_attributes=True)


class RefundOut(BaseModel):
    id: str
    payment_id: str
    booking_id: str
    status: str
    amount_minor: int
    currency: str
    reason: str
    requested_by: str
    stripe_refund_id: str | None
    balance_transaction_id: str | None
    failure_reason: str | None
    retry_of_refund_id: str | None
    replaced_by_refund_id: str | None
    stripe_credit_note_id: str | None
    cash_return_status: str | None = Field(
        description="Bank-transfer refunds: the return of the customer's cash balance to "
        "their bank (requires_action, pending, succeeded, canceled, failed)."
    )
    cash_return_stripe_id: str | None
    cash_return_failure: str | None
    created_at: datetime
    updated_at: datetime
    succeeded_at: datetime | None
    failed_at: datetime | None

    @classmethod
    def of(cls, r: Refund) -> "RefundOut":
        return cls.model_validate(r, from_attributes=True)


class RefundTargetOut(BaseModel):
    """201 with the refunds it created, or 200 when the target was already met."""

    booking_id: str
    refund_total_minor: int
    currency: str | None
    settled: bool = Field(description="True when nothing new was needed.")
    refunded_minor: int = Field(description="Refunds of the booking that succeeded.")
    pending_minor: int = Field(description="Refunds of the booking still under way.")
    created: list[RefundOut]
    refunds: list[RefundOut]


class DisputeOut(BaseModel):
    id: str
    stripe_dispute_id: str
    payment_id: str | None
    booking_id: str | None
    charge_id: str
    amount_minor: int
    currency: str
    reason: str | None
    status: str
    created_at: datetime
    closed_at: datetime | None

    @classmethod
    def of(cls, d: Dispute) -> "DisputeOut":
        return cls.model_validate(d, from_attributes=True)


class PaymentDetailOut(PaymentOut):
    refunds: list[RefundOut]
    disputes: list[DisputeOut]
    refundable_minor: int


class AccountBalance(BaseModel):
    account: str
    currency: str
    debit_minor: int
    credit_minor: int
    balance_minor: int
    entries: int


class CurrencyTotals(BaseModel):
    currency: str
    debit_minor: int
    credit_minor: int
    balanced: bool


class LedgerBalancesOut(BaseModel):
    accounts: list[AccountBalance]
    currencies: list[CurrencyTotals]
    balanced: bool


class LedgerEntryOut(BaseModel):
    id: str
    journal_id: str
    account: str
    side: str
    amount_minor: int
    currency: str
    booking_id: str | None
    payment_id: str | None
    stripe_balance_transaction_id: str | None
    created_at: datetime


class StripeEventOut(BaseModel):
    id: str
    type: str
    object_id: str | None
    received_at: datetime
    processed_at: datetime | None
    attempts: int
    outcome: str | None
    last_error: str | None


class WebhookAck(BaseModel):
    received: bool = True
    duplicate: bool
