"""Request and response shapes of the booking API (booking's own copies)."""

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from booking.domain.states import Status
from lpx_common.ids import OfferingId
from lpx_common.money import StrictCount, StrictMinorUnits

Currency = Literal["JPY", "USD"]
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class LineIn(Strict):
    offering_id: OfferingId
    quantity: StrictCount = Field(ge=1, le=1_000_000)
    inscription: str | None = Field(
        default=None,
        max_length=200,
        description="A name or dedication to engrave (up to 40 characters once trimmed: "
        "letters, digits, spaces and . , ' - & ! ?; no control characters or emoji).",
    )


class Contact(Strict):
    name: str = Field(min_length=1, max_length=200)
    email: str = Field(max_length=320, pattern=EMAIL_PATTERN)


class Company(Strict):
    name: str = Field(min_length=1, max_length=200)
    email: str = Field(max_length=320, pattern=EMAIL_PATTERN)
    country: str | None = Field(default=None, min_length=2, max_length=2)
    registration_number: str | None = Field(default=None, max_length=100)


class Envelope(Strict):
    length_mm: StrictCount = Field(gt=0, le=100_000)
    width_mm: StrictCount = Field(gt=0, le=100_000)
    height_mm: StrictCount = Field(gt=0, le=100_000)


class PayloadInterface(Strict):
    """The payload's interface data the technical review checks."""

    mass_grams: StrictCount = Field(gt=0, le=1_000_000)
    envelope: Envelope
    power_mw: StrictCount = Field(
        default=0, ge=0, le=10_000_000, description="Peak power, milliwatts."
    )
    data_volume_mb: StrictCount = Field(default=0, ge=0, le=10_000_000)
    mounting_location: str = Field(min_length=1, max_length=200)
    description: str | None = Field(default=None, max_length=2_000)


class BusinessIn(Strict):
    company: Company
    payload: PayloadInterface


class BookingCreate(Strict):
    lines: list[LineIn] = Field(min_length=1, max_length=10)
    contact: Contact
    currency: Currency
    business: BusinessIn | None = None
    locale: Literal["ja", "en"] = Field(
        default="ja", description="The language of the booking's emails (Japanese first)."
    )


class LineOut(BaseModel):
    line_no: int
    offering_id: str
    mission_id: str
    sku: str
    name: str
    quantity: int
    unit_price_minor: int
    amount_minor: int
    allocation_id: str | None
    cancellation_cutoff_at: datetime | None
    cancellation_fee_bps: int
    tax_category: str
    tax_rate_bps: int
    inscription: str | None


class TaxRowOut(BaseModel):
    rate_bps: int
    taxable_minor: int = Field(description="Tax-included sum of the lines at this rate.")
    tax_minor: int = Field(description="floor(taxable x rate / (1 + rate)), once per rate.")


class MilestoneOut(BaseModel):
    id: str
    label: str
    percent_bps: int
    amount_minor: int
    due_event: str | None
    due_date: date | None
    status: str
    invoice_id: str | None
    invoice_due_date: date | None
    paid_minor: int
    paid_at: datetime | None


class BookingOut(BaseModel):
    id: str
    kind: Literal["consumer", "business"]
    status: Status
    currency: str
    total_minor: int
    mission_id: str
    lines: list[LineOut]
    contact: Contact
    customer_id: str | None
    partner_id: str | None
    company: dict[str, Any] | None
    payload: dict[str, Any] | None
    hold_expires_at: datetime | None
    payment_id: str | None
    paid_minor: int
    refund_requested_minor: int
    refunded_minor: int
    refund_failed_minor: int = Field(description="Refunds that failed after they were asked for.")
    refund_owed_since: datetime | None = Field(
        description="Since when money is owed back and not yet returned; null when none is."
    )
    cancellation_fee_minor: int
    milestones: list[MilestoneOut]
    overdue_milestones: list[str] = Field(description="Ids of milestones past their due date.")
    tax_breakdown: list[TaxRowOut]
    confirmation: dict[str, Any] | None = Field(
        description="What the buyer saw on the final confirmation, with the terms' version."
    )
    version: int
    created_at: datetime
    updated_at: datetime


class ConfirmationIn(Strict):
    terms_version: str = Field(min_length=1, max_length=40)
    locale: Literal["ja", "en"]


class CancellationPreviewOut(BaseModel):
    cancellable: bool
    cutoff_at: datetime | None
    currency: str
    fee_minor: int = Field(description="Kept if the booking is cancelled now.")
    refund_minor: int = Field(description="Sent back if the booking is cancelled now.")
    fee_if_paid_minor: int = Field(description="The fee once the whole price is paid.")


class CheckoutOut(BaseModel):
    status: Status = Field(description="`confirmed` at once for a booking that costs nothing.")
    payment_id: str | None = Field(description="null when there is nothing to pay")
    checkout_url: str | None = Field(description="Where the buyer pays; null when free.")
    expires_at: datetime | None


class CancelIn(Strict):
    reason: str = Field(min_length=1, max_length=1_000)


class Checklist(Strict):
    content_fit: bool
    technical_fit: bool
    export_control_cleared: bool
    sanctions_screening_cleared: bool


MilestoneEvent = Literal["approval", "contract", "payload_delivery", "launch", "landing"]


class ScheduleItem(Strict):
    label: str = Field(min_length=1, max_length=120)
    percent_bps: StrictCount = Field(ge=1, le=10_000)
    due_event: MilestoneEvent | None = None
    due_date: date | None = None


class ReviewIn(Strict):
    decision: Literal["approve", "reject"]
    checklist: Checklist
    reason: str = Field(min_length=1, max_length=2_000)
    schedule: list[ScheduleItem] | None = Field(default=None, min_length=1, max_length=20)


class BusinessEventIn(Strict):
    """Milestone events only people know about: the contract is signed, the payload
    was handed over."""

    event: Literal["contract", "payload_delivery"]


class HistoryItem(BaseModel):
    from_status: str | None
    to_status: str
    at: datetime
    actor: str
    reason: str


class HistoryOut(BaseModel):
    items: list[HistoryItem]


# Messages from payments (its outbox). Unknown fields are ignored so payments may add some.
class Incoming(BaseModel):
    model_config = ConfigDict(extra="ignore")


class PaymentSucceededIn(Incoming):
    payment_id: str = Field(min_length=1, max_length=64)
    amount_minor: StrictMinorUnits = Field(ge=0)
    currency: Currency
    paid_at: datetime | None = None


class PaymentFailedIn(Incoming):
    payment_id: str = Field(min_length=1, max_length=64)
    reason: str = Field(default="", max_length=2_000)


class RefundCompletedIn(Incoming):
    refund_id: str = Field(min_length=1, max_length=64)
    payment_id: str | None = Field(default=None, max_length=64)
    amount_minor: StrictMinorUnits = Field(ge=0)
    currency: Currency


class RefundFailedIn(RefundCompletedIn):
    reason: str = Field(default="", max_length=2_000)


class MilestoneEventIn(Incoming):
    milestone_id: str = Field(min_length=1, max_length=40)
    invoice_id: str | None = Field(default=None, max_length=64)
    event: Literal["finalized", "paid", "payment_failed", "voided", "overdue"]
    amount_minor: StrictMinorUnits | None = Field(default=None, ge=0)
    currency: Currency | None = None
    occurred_at: datetime | None = None


# --- ballots --------------------------------------------------------------------------


class BallotApplicationIn(Strict):
    quantity: StrictCount = Field(ge=1, le=1_000_000)
    name: str = Field(min_length=1, max_length=200, description="The name to book under.")
    currency: Currency = "JPY"
    locale: Literal["ja", "en"] = "ja"


class BallotOut(BaseModel):
    offering_id: str
    status: Literal["open", "drawn", "allocated", "closed"]
    commitment: str = Field(description="SHA-256 (hex) of the seed, public from the start.")
    seed: str | None = Field(description="Revealed at the draw (null before).")
    list_hash: str | None = Field(description="SHA-256 of the frozen application list.")
    application_count: int | None
    draw_at: datetime
    drawn_at: datetime | None


ApplicationStatusName = Literal[
    "applied", "withdrawn", "waiting", "offered", "paid", "lapsed", "not_drawn"
]


class BallotApplicationOut(BaseModel):
    id: str
    offering_id: str
    quantity: int
    status: ApplicationStatusName
    rank: int | None
    currency: str
    locale: str
    booking_id: str | None = Field(description="The booking to pay, once a place is offered.")
    created_at: datetime
    updated_at: datetime
    ballot: BallotOut


class BallotApplicationRow(BaseModel):
    """An application as operators see it."""

    id: str
    customer_id: str
    contact_name: str
    contact_email: str
    quantity: int
    status: ApplicationStatusName
    rank: int | None
    booking_id: str | None
    offered_at: datetime | None
    updated_at: datetime


class DrawEntry(BaseModel):
    application_id: str
    quantity: int
    rank: int
    status: ApplicationStatusName


class DrawOut(BaseModel):
    """Everything needed to recompute the ranking (docs/ballots.md)."""

    ballot: BallotOut
    entries: list[DrawEntry] = Field(description="The frozen list, by application id.")


class WaitlistJoinIn(Strict):
    quantity: StrictCount = Field(ge=1, le=1_000_000)
    name: str = Field(min_length=1, max_length=200, description="The name to book under.")
    currency: Currency = "JPY"
    locale: Literal["ja", "en"] = "ja"


EntryStatusName = Literal["waiting", "offered", "accepted", "lapsed", "left", "closed"]


class WaitlistOut(BaseModel):
    offering_id: str
    waiting: int = Field(description="How many are in line (not counting offers out).")
    waiting_units: int = Field(description="How many units they want in all.")
    offer_seconds: int = Field(description="How long an offer is held for the one in line.")


class WaitlistEntryOut(BaseModel):
    id: str
    offering_id: str
    quantity: int
    status: EntryStatusName
    position: int | None = Field(
        description="Place in line while waiting (1: next to be offered), else null."
    )
    currency: str
    locale: str
    booking_id: str | None = Field(description="The booking to pay, once offered.")
    offered_at: datetime | None
    offer_expires_at: datetime | None = Field(description="Pay before this, once offered.")
    created_at: datetime
    updated_at: datetime


class WaitlistEntryRow(BaseModel):
    """An entry as operators see it."""

    id: str
    customer_id: str
    contact_name: str
    contact_email: str
    quantity: int
    status: EntryStatusName
    booking_id: str | None
    offered_at: datetime | None
    offer_expires_at: datetime | None
    created_at: datetime
    updated_at: datetime


class CompanyOut(BaseModel):
    """A company account: the business bookings whose company has this email."""

    email: str = Field(description="The company's email, lower-cased: the account's key.")
    name: str = Field(description="The name given on the company's latest booking.")
    country: str | None
    bookings: int = Field(description="Bookings made, whatever became of them.")
    totals: dict[str, int] = Field(
        description="Minor units booked per currency (expired, rejected and cancelled "
        "bookings left out)."
    )
    last_booked_at: datetime
