from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.offering_patch_audience_type_0 import OfferingPatchAudienceType0
from ..models.offering_patch_kind_type_0 import OfferingPatchKindType0
from ..models.offering_patch_sale_mode_type_0 import OfferingPatchSaleModeType0
from ..models.offering_patch_tax_category_type_0 import OfferingPatchTaxCategoryType0
from ..models.offering_patch_unit_type_0 import OfferingPatchUnitType0
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.offering_patch_prices_type_0 import OfferingPatchPricesType0


T = TypeVar("T", bound="OfferingPatch")


@_attrs_define
class OfferingPatch:
    """
    Attributes:
        audience (None | OfferingPatchAudienceType0 | Unset):
        ballot_closes_at (datetime.datetime | None | Unset):
        ballot_draw_at (datetime.datetime | None | Unset):
        ballot_max_quantity (int | None | Unset):
        ballot_opens_at (datetime.datetime | None | Unset):
        ballot_payment_seconds (int | None | Unset):
        cancellation_cutoff_days (int | None | Unset):
        cancellation_fee_bps (int | None | Unset):
        capacity_units (int | None | Unset):
        kind (None | OfferingPatchKindType0 | Unset):
        max_quantity (int | None | Unset):
        min_quantity (int | None | Unset):
        name (None | str | Unset):
        prices (None | OfferingPatchPricesType0 | Unset):
        review_hold_days (int | None | Unset):
        review_required (bool | None | Unset):
        sale_ends_at (datetime.datetime | None | Unset):
        sale_mode (None | OfferingPatchSaleModeType0 | Unset):
        sale_starts_at (datetime.datetime | None | Unset):
        sku (None | str | Unset):
        tax_category (None | OfferingPatchTaxCategoryType0 | Unset):
        unit (None | OfferingPatchUnitType0 | Unset):
        unit_mass_grams (int | None | Unset):
        waitlist_offer_seconds (int | None | Unset):
    """

    audience: None | OfferingPatchAudienceType0 | Unset = UNSET
    ballot_closes_at: datetime.datetime | None | Unset = UNSET
    ballot_draw_at: datetime.datetime | None | Unset = UNSET
    ballot_max_quantity: int | None | Unset = UNSET
    ballot_opens_at: datetime.datetime | None | Unset = UNSET
    ballot_payment_seconds: int | None | Unset = UNSET
    cancellation_cutoff_days: int | None | Unset = UNSET
    cancellation_fee_bps: int | None | Unset = UNSET
    capacity_units: int | None | Unset = UNSET
    kind: None | OfferingPatchKindType0 | Unset = UNSET
    max_quantity: int | None | Unset = UNSET
    min_quantity: int | None | Unset = UNSET
    name: None | str | Unset = UNSET
    prices: None | OfferingPatchPricesType0 | Unset = UNSET
    review_hold_days: int | None | Unset = UNSET
    review_required: bool | None | Unset = UNSET
    sale_ends_at: datetime.datetime | None | Unset = UNSET
    sale_mode: None | OfferingPatchSaleModeType0 | Unset = UNSET
    sale_starts_at: datetime.datetime | None | Unset = UNSET
    sku: None | str | Unset = UNSET
    tax_category: None | OfferingPatchTaxCategoryType0 | Unset = UNSET
    unit: None | OfferingPatchUnitType0 | Unset = UNSET
    unit_mass_grams: int | None | Unset = UNSET
    waitlist_offer_seconds: int | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        from ..models.offering_patch_prices_type_0 import OfferingPatchPricesType0  # noqa: PLC0415

        audience: None | str | Unset
        if isinstance(self.audience, Unset):
            audience = UNSET
        elif isinstance(self.audience, OfferingPatchAudienceType0):
            audience = self.audience.value
        else:
            audience = self.audience

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

        cancellation_cutoff_days: int | None | Unset
        if isinstance(self.cancellation_cutoff_days, Unset):
            cancellation_cutoff_days = UNSET
        else:
            cancellation_cutoff_days = self.cancellation_cutoff_days

        cancellation_fee_bps: int | None | Unset
        if isinstance(self.cancellation_fee_bps, Unset):
            cancellation_fee_bps = UNSET
        else:
            cancellation_fee_bps = self.cancellation_fee_bps

        capacity_units: int | None | Unset
        if isinstance(self.capacity_units, Unset):
            capacity_units = UNSET
        else:
            capacity_units = self.capacity_units

        kind: None | str | Unset
        if isinstance(self.kind, Unset):
            kind = UNSET
        elif isinstance(self.kind, OfferingPatchKindType0):
            kind = self.kind.value
        else:
            kind = self.kind

        max_quantity: int | None | Unset
        if isinstance(self.max_quantity, Unset):
            max_quantity = UNSET
        else:
            max_quantity = self.max_quantity

        min_quantity: int | None | Unset
        if isinstance(self.min_quantity, Unset):
            min_quantity = UNSET
        else:
            min_quantity = self.min_quantity

        name: None | str | Unset
        if isinstance(self.name, Unset):
            name = UNSET
        else:
            name = self.name

        prices: dict[str, Any] | None | Unset
        if isinstance(self.prices, Unset):
            prices = UNSET
        elif isinstance(self.prices, OfferingPatchPricesType0):
            prices = self.prices.to_dict()
        else:
            prices = self.prices

        review_hold_days: int | None | Unset
        if isinstance(self.review_hold_days, Unset):
            review_hold_days = UNSET
        else:
            review_hold_days = self.review_hold_days

        review_required: bool | None | Unset
        if isinstance(self.review_required, Unset):
            review_required = UNSET
        else:
            review_required = self.review_required

        sale_ends_at: None | str | Unset
        if isinstance(self.sale_ends_at, Unset):
            sale_ends_at = UNSET
        elif isinstance(self.sale_ends_at, datetime.datetime):
            sale_ends_at = self.sale_ends_at.isoformat()
        else:
            sale_ends_at = self.sale_ends_at

        sale_mode: None | str | Unset
        if isinstance(self.sale_mode, Unset):
            sale_mode = UNSET
        elif isinstance(self.sale_mode, OfferingPatchSaleModeType0):
            sale_mode = self.sale_mode.value
        else:
            sale_mode = self.sale_mode

        sale_starts_at: None | str | Unset
        if isinstance(self.sale_starts_at, Unset):
            sale_starts_at = UNSET
        elif isinstance(self.sale_starts_at, datetime.datetime):
            sale_starts_at = self.sale_starts_at.isoformat()
        else:
            sale_starts_at = self.sale_starts_at

        sku: None | str | Unset
        if isinstance(self.sku, Unset):
            sku = UNSET
        else:
            sku = self.sku

        tax_category: None | str | Unset
        if isinstance(self.tax_category, Unset):
            tax_category = UNSET
        elif isinstance(self.tax_category, OfferingPatchTaxCategoryType0):
            tax_category = self.tax_category.value
        else:
            tax_category = self.tax_category

        unit: None | str | Unset
        if isinstance(self.unit, Unset):
            unit = UNSET
        elif isinstance(self.unit, OfferingPatchUnitType0):
            unit = self.unit.value
        else:
            unit = self.unit

        unit_mass_grams: int | None | Unset
        if isinstance(self.unit_mass_grams, Unset):
            unit_mass_grams = UNSET
        else:
            unit_mass_grams = self.unit_mass_grams

        waitlist_offer_seconds: int | None | Unset
        if isinstance(self.waitlist_offer_seconds, Unset):
            waitlist_offer_seconds = UNSET
        else:
            waitlist_offer_seconds = self.waitlist_offer_seconds

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if audience is not UNSET:
            field_dict["audience"] = audience
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
        if capacity_units is not UNSET:
            field_dict["capacity_units"] = capacity_units
        if kind is not UNSET:
            field_dict["kind"] = kind
        if max_quantity is not UNSET:
            field_dict["max_quantity"] = max_quantity
        if min_quantity is not UNSET:
            field_dict["min_quantity"] = min_quantity
        if name is not UNSET:
            field_dict["name"] = name
        if prices is not UNSET:
            field_dict["prices"] = prices
        if review_hold_days is not UNSET:
            field_dict["review_hold_days"] = review_hold_days
        if review_required is not UNSET:
            field_dict["review_required"] = review_required
        if sale_ends_at is not UNSET:
            field_dict["sale_ends_at"] = sale_ends_at
        if sale_mode is not UNSET:
            field_dict["sale_mode"] = sale_mode
        if sale_starts_at is not UNSET:
            field_dict["sale_starts_at"] = sale_starts_at
        if sku is not UNSET:
            field_dict["sku"] = sku
        if tax_category is not UNSET:
            field_dict["tax_category"] = tax_category
        if unit is not UNSET:
            field_dict["unit"] = unit
        if unit_mass_grams is not UNSET:
            field_dict["unit_mass_grams"] = unit_mass_grams
        if waitlist_offer_seconds is not UNSET:
            field_dict["waitlist_offer_seconds"] = waitlist_offer_seconds

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.offering_patch_prices_type_0 import OfferingPatchPricesType0  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_audience(data: object) -> None | OfferingPatchAudienceType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                audience_type_0 = OfferingPatchAudienceType0(data)

                return audience_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | OfferingPatchAudienceType0 | Unset, data)

        audience = _parse_audience(d.pop("audience", UNSET))

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

        def _parse_cancellation_cutoff_days(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        cancellation_cutoff_days = _parse_cancellation_cutoff_days(d.pop("cancellation_cutoff_days", UNSET))

        def _parse_cancellation_fee_bps(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        cancellation_fee_bps = _parse_cancellation_fee_bps(d.pop("cancellation_fee_bps", UNSET))

        def _parse_capacity_units(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        capacity_units = _parse_capacity_units(d.pop("capacity_units", UNSET))

        def _parse_kind(data: object) -> None | OfferingPatchKindType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                kind_type_0 = OfferingPatchKindType0(data)

                return kind_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | OfferingPatchKindType0 | Unset, data)

        kind = _parse_kind(d.pop("kind", UNSET))

        def _parse_max_quantity(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        max_quantity = _parse_max_quantity(d.pop("max_quantity", UNSET))

        def _parse_min_quantity(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        min_quantity = _parse_min_quantity(d.pop("min_quantity", UNSET))

        def _parse_name(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        name = _parse_name(d.pop("name", UNSET))

        def _parse_prices(data: object) -> None | OfferingPatchPricesType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                prices_type_0 = OfferingPatchPricesType0.from_dict(data)

                return prices_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | OfferingPatchPricesType0 | Unset, data)

        prices = _parse_prices(d.pop("prices", UNSET))

        def _parse_review_hold_days(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        review_hold_days = _parse_review_hold_days(d.pop("review_hold_days", UNSET))

        def _parse_review_required(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        review_required = _parse_review_required(d.pop("review_required", UNSET))

        def _parse_sale_ends_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                sale_ends_at_type_0 = datetime.datetime.fromisoformat(data)

                return sale_ends_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        sale_ends_at = _parse_sale_ends_at(d.pop("sale_ends_at", UNSET))

        def _parse_sale_mode(data: object) -> None | OfferingPatchSaleModeType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                sale_mode_type_0 = OfferingPatchSaleModeType0(data)

                return sale_mode_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | OfferingPatchSaleModeType0 | Unset, data)

        sale_mode = _parse_sale_mode(d.pop("sale_mode", UNSET))

        def _parse_sale_starts_at(data: object) -> datetime.datetime | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                sale_starts_at_type_0 = datetime.datetime.fromisoformat(data)

                return sale_starts_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None | Unset, data)

        sale_starts_at = _parse_sale_starts_at(d.pop("sale_starts_at", UNSET))

        def _parse_sku(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        sku = _parse_sku(d.pop("sku", UNSET))

        def _parse_tax_category(data: object) -> None | OfferingPatchTaxCategoryType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                tax_category_type_0 = OfferingPatchTaxCategoryType0(data)

                return tax_category_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | OfferingPatchTaxCategoryType0 | Unset, data)

        tax_category = _parse_tax_category(d.pop("tax_category", UNSET))

        def _parse_unit(data: object) -> None | OfferingPatchUnitType0 | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                unit_type_0 = OfferingPatchUnitType0(data)

                return unit_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | OfferingPatchUnitType0 | Unset, data)

        unit = _parse_unit(d.pop("unit", UNSET))

        def _parse_unit_mass_grams(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        unit_mass_grams = _parse_unit_mass_grams(d.pop("unit_mass_grams", UNSET))

        def _parse_waitlist_offer_seconds(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        waitlist_offer_seconds = _parse_waitlist_offer_seconds(d.pop("waitlist_offer_seconds", UNSET))

        offering_patch = cls(
            audience=audience,
            ballot_closes_at=ballot_closes_at,
            ballot_draw_at=ballot_draw_at,
            ballot_max_quantity=ballot_max_quantity,
            ballot_opens_at=ballot_opens_at,
            ballot_payment_seconds=ballot_payment_seconds,
            cancellation_cutoff_days=cancellation_cutoff_days,
            cancellation_fee_bps=cancellation_fee_bps,
            capacity_units=capacity_units,
            kind=kind,
            max_quantity=max_quantity,
            min_quantity=min_quantity,
            name=name,
            prices=prices,
            review_hold_days=review_hold_days,
            review_required=review_required,
            sale_ends_at=sale_ends_at,
            sale_mode=sale_mode,
            sale_starts_at=sale_starts_at,
            sku=sku,
            tax_category=tax_category,
            unit=unit,
            unit_mass_grams=unit_mass_grams,
            waitlist_offer_seconds=waitlist_offer_seconds,
        )

        return offering_patch
