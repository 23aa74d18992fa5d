"""Request and response shapes of the catalog API (its own copies; no other service's)."""

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, StrictBool, StrictInt

from lpx_common.ids import MissionId, OfferingId

MissionStatus = Literal[
    "draft", "on_sale", "sales_closed", "launched", "landed", "lost", "completed", "cancelled"
]
OfferingKind = Literal[
    "name_engraving",
    "memento_capsule",
    "memorial_capsule",
    "brand_plate",
    "passive_payload",
    "active_payload",
    "rover_payload",
    "data_package",
]
Audience = Literal["consumer", "business"]
Unit = Literal["item", "kg"]
TaxCategory = Literal["standard", "reduced", "exempt", "zero_rated"]
SaleMode = Literal["first_come", "ballot"]
AllocationStatus = Literal["held", "committed", "released", "expired"]

Text200 = Annotated[str, Field(min_length=1, max_length=200)]
MissionCode = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$")]
Sku = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
# Bounds keep every product (quantity x unit mass, sums of them) far inside a 64-bit
# integer, so arithmetic in the database can never overflow into a 500.
Grams = Annotated[StrictInt, Field(ge=0, le=10**12)]  # a mission's budget: up to 1,000 t
UnitMass = Annotated[StrictInt, Field(ge=0, le=10**9)]
Units = Annotated[StrictInt, Field(ge=0, le=10**9)]
Quantity = Annotated[StrictInt, Field(ge=1, le=10**6)]
Days = Annotated[StrictInt, Field(ge=0, le=3650)]
Bps = Annotated[StrictInt, Field(ge=0, le=10_000)]
# Prices are free-form keys here so that an unsupported currency gets a clear 422 from the
# domain ("we do not sell in XYZ") rather than a generic schema error; amounts are integers.
Prices = dict[
    Annotated[str, Field(min_length=1, max_length=8)], Annotated[StrictInt, Field(ge=0, le=10**15)]
]

# Longest hold: a business booking may wait weeks for review with its capacity held.
MAX_TTL_SECONDS = 90 * 24 * 3600
TtlSeconds = Annotated[StrictInt, Field(ge=1, le=MAX_TTL_SECONDS)]
# How long a ballot winner has to pay (a hold lasts that long; e.g. 72 h = 259200).
PaymentSeconds = Annotated[StrictInt, Field(ge=1, le=30 * 24 * 3600)]
# How long a waiting-list offer is held for the person in line (default 24 h).
OfferSeconds = Annotated[StrictInt, Field(ge=1, le=30 * 24 * 3600)]


class _Input(BaseModel):
    model_config = ConfigDict(extra="forbid")


# --- missions -------------------------------------------------------------------------


class MissionCreate(_Input):
    code: MissionCode
    name: Text200
    lander: Text200
    landing_site: Text200
    launch_window_start: AwareDatetime
    launch_window_end: AwareDatetime
    mass_budget_grams: Grams


class MissionPatch(_Input):
    code: MissionCode | None = None
    name: Text200 | None = None
    lander: Text200 | None = None
    landing_site: Text200 | None = None
    launch_window_start: AwareDatetime | None = None
    launch_window_end: AwareDatetime | None = None
    mass_budget_grams: Grams | None = None


class MissionStatusChange(_Input):
    status: MissionStatus
    reason: Annotated[str, Field(max_length=2000)] | None = None


class MissionOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    code: str
    name: str
    lander: str
    landing_site: str
    launch_window_start: datetime
    launch_window_end: datetime
    mass_budget_grams: int
    status: MissionStatus
    version: int
    created_at: datetime
    updated_at: datetime


# --- offerings ------------------------------------------------------------------------


class OfferingCreate(_Input):
    mission_id: MissionId
    sku: Sku
    name: Text200
    kind: OfferingKind
    audience: Audience
    unit: Unit
    unit_mass_grams: UnitMass
    capacity_units: Units
    prices: Prices
    min_quantity: Quantity = 1
    max_quantity: Quantity
    sale_starts_at: AwareDatetime
    sale_ends_at: AwareDatetime
    # Business payloads need content/export review by default (see docs/architecture.md).
    review_required: StrictBool | None = None
    review_hold_days: Days = 0
    cancellation_cutoff_days: Days = 0
    cancellation_fee_bps: Bps = 0
    tax_category: TaxCategory = "standard"
    sale_mode: SaleMode = "first_come"
    ballot_opens_at: AwareDatetime | None = None
    ballot_closes_at: AwareDatetime | None = None
    ballot_draw_at: AwareDatetime | None = None
    ballot_payment_seconds: PaymentSeconds | None = None
    ballot_max_quantity: Quantity | None = None
    waitlist_offer_seconds: OfferSeconds = 86_400


class OfferingPatch(_Input):
    sku: Sku | None = None
    name: Text200 | None = None
    kind: OfferingKind | None = None
    audience: Audience | None = None
    unit: Unit | None = None
    unit_mass_grams: UnitMass | None = None
    capacity_units: Units | None = None
    prices: Prices | None = None
    min_quantity: Quantity | None = None
    max_quantity: Quantity | None = None
    sale_starts_at: AwareDatetime | None = None
    sale_ends_at: AwareDatetime | None = None
    review_required: StrictBool | None = None
    review_hold_days: Days | None = None
    cancellation_cutoff_days: Days | None = None
    cancellation_fee_bps: Bps | None = None
    tax_category: TaxCategory | None = None
    sale_mode: SaleMode | None = None
    ballot_opens_at: AwareDatetime | None = None
    ballot_closes_at: AwareDatetime | None = None
    ballot_draw_at: AwareDatetime | None = None
    ballot_payment_seconds: PaymentSeconds | None = None
    ballot_max_quantity: Quantity | None = None
    waitlist_offer_seconds: OfferSeconds | None = None


class OfferingOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    mission_id: str
    sku: str
    name: str
    kind: OfferingKind
    audience: Audience
    unit: Unit
    unit_mass_grams: int
    capacity_units: int
    prices: dict[str, int]
    min_quantity: int
    max_quantity: int
    sale_starts_at: datetime
    sale_ends_at: datetime
    review_required: bool
    review_hold_days: int
    cancellation_cutoff_days: int
    cancellation_fee_bps: int
    tax_category: TaxCategory = "standard"
    tax_rate_bps: int | None = Field(
        default=None,
        description="Consumption tax rate in force today for the tax category (basis "
        "points; prices include it).",
    )
    sale_mode: SaleMode = "first_come"
    ballot_opens_at: datetime | None = None
    ballot_closes_at: datetime | None = None
    ballot_draw_at: datetime | None = None
    ballot_payment_seconds: int | None = None
    ballot_max_quantity: int | None = None
    waitlist_offer_seconds: int = Field(
        default=86_400,
        description="Sold out, first come: how long capacity that comes back is held for "
        "the first in the waiting list whose quantity fits.",
    )
    version: int
    created_at: datetime
    updated_at: datetime


# --- tax ------------------------------------------------------------------------------


class TaxRateIn(_Input):
    category: TaxCategory
    rate_bps: Bps
    effective_from: date = Field(description="First day (Japan time) the rate applies.")


class TaxRateOut(BaseModel):
    id: int
    category: TaxCategory
    rate_bps: int
    effective_from: date


class TaxRateList(BaseModel):
    items: list[TaxRateOut]


# --- availability ---------------------------------------------------------------------


class OfferingMission(BaseModel):
    id: str
    status: str
    launch_window_start: datetime | None = None


class OfferingForSaleOut(OfferingOut):
    """An offering with what a booking needs of its mission, in one read (peer services)."""

    mission: OfferingMission


class OfferingAvailability(BaseModel):
    offering_id: str
    mission_id: str
    capacity_units: int
    committed_units: int
    held_units: int
    units_left: int = Field(description="capacity - committed - unexpired holds")
    unit_mass_grams: int
    mission_grams_left: int
    bookable_units: int = Field(
        description="Units a new hold could take now: limited by the offering's units "
        "left and by the mission's grams left."
    )
    on_sale_now: bool
    as_of: datetime


class MissionAvailability(BaseModel):
    mission_id: str
    status: MissionStatus
    mass_budget_grams: int
    committed_grams: int
    held_grams: int
    grams_left: int = Field(description="mass budget - committed - unexpired holds")
    offerings: list[OfferingAvailability]
    as_of: datetime


# --- allocations (internal) -----------------------------------------------------------


class AllocationCreate(_Input):
    reference: Annotated[str, Field(min_length=1, max_length=200)]
    offering_id: OfferingId
    quantity: Quantity
    ttl_seconds: TtlSeconds = 900
    free_below: Quantity | None = Field(
        default=None,
        description="Hold only while fewer units than this are free before the hold "
        "(409 queue-ahead otherwise): someone waiting needs that many.",
    )


class AllocationExtend(_Input):
    ttl_seconds: TtlSeconds


class AllocationOut(BaseModel):
    id: str
    reference: str
    offering_id: str
    mission_id: str
    quantity: int
    mass_grams: int
    status: AllocationStatus
    expires_at: datetime
    created_at: datetime
    committed_at: datetime | None
    released_at: datetime | None


class AllocationList(BaseModel):
    items: list[AllocationOut]


# --- mission events (internal) --------------------------------------------------------


class MissionEventOut(BaseModel):
    seq: int
    mission_id: str
    status: MissionStatus
    previous_status: MissionStatus | None
    reason: str | None = None
    occurred_at: datetime


class MissionEventPage(BaseModel):
    items: list[MissionEventOut]
    next_after: int
