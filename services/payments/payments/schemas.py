"""Request and response shapes of the payments API (this service's own copies)."""

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from payments.models import Dispute, Payment, Refund

Currency = Annotated[str, Field(pattern=r"^[A-Z]{3}$", examples=["JPY"])]


class StrictModel(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CheckoutIn(StrictModel):
    booking_id: str = Field(min_length=1, max_length=40)
    amount_minor: int = Field(gt=0, le=10**15)
    currency: Currency
    expires_at: datetime
    customer_email: str | None = Field(default=None, max_length=320)
    description: str | None = Field(default=None, max_length=500)
    success_url: str = Field(min_length=1, max_length=2000)
    cancel_url: str | None = Field(default=None, max_length=2000)


class InternalRefundIn(StrictModel):
    booking_id: str = Field(min_length=1, max_length=40)
    amount_minor: int | None = Field(default=None, gt=0, le=10**15)
    reason: str = Field(min_length=1, max_length=500)


class FinanceRefundIn(StrictModel):
    amount_minor: int | None = Field(
        default=None, gt=0, le=10**15, description="Omit to refund everything refundable."
    )
    reason: str = Field(default="requested_by_customer", min_length=1, max_length=500)


class PaymentOut(BaseModel):
    id: str
    booking_id: str
    attempt: int
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
    created_at: datetime
    updated_at: datetime
    succeeded_at: datetime | None
    failed_at: datetime | None

    @classmethod
    def of(cls, r: Refund) -> "RefundOut":
        return cls.model_validate(r, from_attributes=True)


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
