from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.offering_create_audience import OfferingCreateAudience
from ..models.offering_create_kind import OfferingCreateKind
from ..models.offering_create_sale_mode import OfferingCreateSaleMode
from ..models.offering_create_tax_category import OfferingCreateTaxCategory
from ..models.offering_create_unit import OfferingCreateUnit
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.offering_create_prices import OfferingCreatePrices


T = TypeVar("T", bound="OfferingCreate")


@_attrs_define
class OfferingCreate:
    """
    Attributes:
        audience (OfferingCreateAudience):
        capacity_units (int):
        kind (OfferingCreateKind):
        max_quantity (int):
        mission_id (str):
        name (str):
        prices (OfferingCreatePrices):
        sale_ends_at (datetime.datetime):
        sale_starts_at (datetime.datetime):
        sku (str):
        unit (OfferingCreateUnit):
        unit_mass_grams (int):
        ballot_closes_at (datetime.datetime | None | Unset):
        ballot_draw_at (datetime.datetime | None | Unset):
        ballot_max_quantity (int | None | Unset):
        ballot_opens_at (datetime.datetime | None | Unset):
        ballot_payment_seconds (int | None | Unset):
        cancellation_cutoff_days (int | Unset):  Default: 0.
        cancellation_fee_bps (int | Unset):  Default: 0.
        min_quantity (int | Unset):  Default: 1.
        review_hold_days (int | Unset):  Default: 0.
        review_required (bool | None | Unset):
        sale_mode (OfferingCreateSaleMode | Unset):  Default: OfferingCreateSaleMode.FIRST_COME.
        tax_category (OfferingCreateTaxCategory | Unset):  Default: OfferingCreateTaxCategory.STANDARD.
        waitlist_offer_seconds (int | Unset):  Default: 86400.
    """

    audience: OfferingCreateAudience
    capacity_units: int
    kind: OfferingCreateKind
    max_quantity: int
    mission_id: str
    name: str
    prices: OfferingCreatePrices
    sale_ends_at: datetime.datetime
    sale_starts_at: datetime.datetime
    sku: str
    unit: OfferingCreateUnit
    unit_mass_grams: int
    ballot_closes_at: datetime.datetime | None | Unset = UNSET
    ballot_draw_at: datetime.datetime | None | Unset = UNSET
    ballot_max_quantity: int | None | Unset = UNSET
    ballot_opens_at: datetime.datetime | None | Unset = UNSET
    ballot_payment_seconds: int | None | Unset = UNSET
    cancellation_cutoff_days: int | Unset = 0
    cancellation_fee_bps: int | Unset = 0
    min_quantity: int | Unset = 1
    review_hold_days: int | Unset = 0
    review_required: bool | None | Unset = UNSET
    sale_mode: OfferingCreateSaleMode | Unset = OfferingCreateSaleMode.FIRST_COME
    tax_category: OfferingCreateTaxCategory | Unset = OfferingCreateTaxCategory.STANDARD
    waitlist_offer_seconds: int | Unset = 86400

    def to_dict(self) -> dict[str, Any]:
        audience = self.audience.value

        capacity_units = self.capacity_units

        kind = self.kind.value

        max_quantity = self.max_quantity

        mission_id = self.mission_id

        name = self.name

        prices = self.prices.to_dict()

        sale_ends_at = self.sale_ends_at.isoformat()

        sale_starts_at = self.sale_starts_at.isoformat()

        sku = self.sku

        unit = self.unit.value

        unit_mass_grams = self.unit_mass_grams

        ballot_closes_at: None | str | Unset
        if isinstance(self.ballot_closes_at, Unset):
            ballot_closes_at = UNSET
        elif isinstance(self.ballot_closes_at, datetime.datetime):
            ballot_closes_at = self.ballot_closes_at.isoformat()
        else:
            ballot_closes_at = self.ballot_closes_at

        ballot_draw_at: None | str | Unset
        if isinstance(self.ballot_draw_at, Unset):
            ballot_draw_at = UNSET
        elif isinstance(self.ballot_draw_at, datetime.datetime):
            ballot_draw_at = self.ballot_draw_at.isoformat()
        else:
            ballot_draw_at = self.ballot_draw_at

        ballot_max_quantity: int | None | Unset
        if isinstance(self.ballot_max_quantity, Unset):
            ballot_max_quantity = UNSET
        else:
            ballot_max_quantity = self.ballot_max_quantity

        ballot_opens_at: None | str | Unset
        if isinstance(self.ballot_opens_at, Unset):
            ballot_opens_at = UNSET
        elif isinstance(self.ballot_opens_at, datetime.datetime):
            ballot_opens_at = self.ballot_opens_at.isoformat()
        else:
            ballot_opens_at = self.ballot_opens_at

        ballot_payment_seconds: int | None | Unset
        if isinstance(self.ballot_payment_seconds, Unset):
            ballot_payment_seconds = UNSET
        else:
            ballot_payment_seconds = self.ballot_payment_seconds

        cancellation_cutoff_days = self.cancellation_cutoff_days

        cancellation_fee_bps = self.cancellation_fee_bps

        min_quantity = self.min_quantity

        review_hold_days = self.review_hold_days

        review_required: bool | None | Unset
        if isinstance(self.review_required, Unset):
            review_required = UNSET
        else:
            review_required = self.review_required

        sale_mode: str | Unset = UNSET
        if not isinstance(self.sale_mode, Unset):
            sale_mode = self.sale_mode.value

        tax_category: str | Unset = UNSET
        if not isinstance(self.tax_category, Unset):
            tax_category = self.tax_category.value

        waitlist_offer_seconds = self.waitlist_offer_seconds

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "audience": audience,
                "capacity_units": capacity_units,
                "kind": kind,
                "max_quantity": max_quantity,
                "mission_id": mission_id,
                "name": name,
                "prices": prices,
                "sale_ends_at": sale_ends_at,
                "sale_starts_at": sale_starts_at,
                "sku": sku,
                "unit": unit,
                "unit_mass_grams": unit_mass_grams,
            }
        )
        if ballot_closes_at is not UNSET:
            field_dict["ballot_closes_at"] = ballot_closes_at
        if ballot_draw_at is not UNSET:
            field_dict["ballot_draw_at"] = ballot_draw_at
        if ballot_max_quantity is not UNSET:
            field_dict["ballot_max_quantity"] = ballot_max_quantity
        if ballot_opens_at is not UNSET:
            field_dict["ballot_opens_at"] = ballot_opens_at
        if ballot_payment_seconds is not UNSET:
            field_dict["ballot_payment_seconds"] = ballot_payment_seconds
        if cancellation_cutoff_days is not UNSET:
            field_dict["cancellation_cutoff_days"] = cancellation_cutoff_days
        if cancellation_fee_bps is not UNSET:
            field_dict["cancellation_fee_bps"] = cancellation_fee_bps
        if min_quantity is not UNSET:
            field_dict["min_quantity"] = min_quantity
        if review_hold_days is not UNSET:
            field_dict["review_hold_days"] = review_hold_days
        if review_required is not UNSET:
            field_dict["review_required"] = review_required
        if sale_mode is not UNSET:
            field_dict["sale_mode"] = sale_mode
        if tax_category is not UNSET:
            field_dict["tax_category"] = tax_category
        if waitlist_offer_seconds is not UNSET:
            field_dict["waitlist_offer_seconds"] = waitlist_offer_seconds

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.offering_create_prices import OfferingCreatePrices  # noqa: PLC0415

        d = dict(src_dict)
        audience = OfferingCreateAudience(d.pop("audience"))

        capacity_units = d.pop("capacity_units")

        kind = OfferingCreateKind(d.pop("kind"))

        max_quantity = d.pop("max_quantity")

        mission_id = d.pop("mission_id")

        name = d.pop("name")

        prices = OfferingCreatePrices.from_dict(d.pop("prices"))

        sale_ends_at = datetime.datetime.fromisoformat(d.pop("sale_ends_at"))

        sale_starts_at = datetime.datetime.fromisoformat(d.pop("sale_starts_at"))

        sku = d.pop("sku")

        unit = OfferingCreateUnit(d.pop("unit"))

        unit_mass_grams = d.pop("unit_mass_grams")

        def _parse_ballot_closes_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                ballot_closes_at_type_0 = datetime.datetime.fromisoformat(data)

                return ballot_closes_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        ballot_closes_at = _parse_ballot_closes_at(d.pop("ballot_closes_at", UNSET))

        def _parse_ballot_draw_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                ballot_draw_at_type_0 = datetime.datetime.fromisoformat(data)

                return ballot_draw_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        ballot_draw_at = _parse_ballot_draw_at(d.pop("ballot_draw_at", UNSET))

        def _parse_ballot_max_quantity(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        ballot_max_quantity = _parse_ballot_max_quantity(d.pop("ballot_max_quantity", UNSET))

        def _parse_ballot_opens_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                ballot_opens_at_type_0 = datetime.datetime.fromisoformat(data)

                return ballot_opens_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        ballot_opens_at = _parse_ballot_opens_at(d.pop("ballot_opens_at", UNSET))

        def _parse_ballot_payment_seconds(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        ballot_payment_seconds = _parse_ballot_payment_seconds(d.pop("ballot_payment_seconds", UNSET))

        cancellation_cutoff_days = d.pop("cancellation_cutoff_days", UNSET)

        cancellation_fee_bps = d.pop("cancellation_fee_bps", UNSET)

        min_quantity = d.pop("min_quantity", UNSET)

        review_hold_days = d.pop("review_hold_days", UNSET)

        def _parse_review_required(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        review_required = _parse_review_required(d.pop("review_required", UNSET))

        _sale_mode = d.pop("sale_mode", UNSET)
        sale_mode: OfferingCreateSaleMode | Unset
        if isinstance(_sale_mode, Unset):
            sale_mode = UNSET
        else:
            sale_mode = OfferingCreateSaleMode(_sale_mode)

        _tax_category = d.pop("tax_category", UNSET)
        tax_category: OfferingCreateTaxCategory | Unset
        if isinstance(_tax_category, Unset):
            tax_category = UNSET
        else:
            tax_category = OfferingCreateTaxCategory(_tax_category)

        waitlist_offer_seconds = d.pop("waitlist_offer_seconds", UNSET)

        offering_create = cls(
            audience=audience,
            capacity_units=capacity_units,
            kind=kind,
            max_quantity=max_quantity,
            mission_id=mission_id,
            name=name,
            prices=prices,
            sale_ends_at=sale_ends_at,
            sale_starts_at=sale_starts_at,
            sku=sku,
            unit=unit,
            unit_mass_grams=unit_mass_grams,
            ballot_closes_at=ballot_closes_at,
            ballot_draw_at=ballot_draw_at,
            ballot_max_quantity=ballot_max_quantity,
            ballot_opens_at=ballot_opens_at,
            ballot_payment_seconds=ballot_payment_seconds,
            cancellation_cutoff_days=cancellation_cutoff_days,
            cancellation_fee_bps=cancellation_fee_bps,
            min_quantity=min_quantity,
            review_hold_days=review_hold_days,
            review_required=review_required,
            sale_mode=sale_mode,
            tax_category=tax_category,
            waitlist_offer_seconds=waitlist_offer_seconds,
        )

        return offering_create
