from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.offering_for_sale_out_audience import OfferingForSaleOutAudience
from ..models.offering_for_sale_out_kind import OfferingForSaleOutKind
from ..models.offering_for_sale_out_sale_mode import OfferingForSaleOutSaleMode
from ..models.offering_for_sale_out_tax_category import OfferingForSaleOutTaxCategory
from ..models.offering_for_sale_out_unit import OfferingForSaleOutUnit
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.offering_for_sale_out_prices import OfferingForSaleOutPrices
    from ..models.offering_mission import OfferingMission


T = TypeVar("T", bound="OfferingForSaleOut")


@_attrs_define
class OfferingForSaleOut:
    """An offering with what a booking needs of its mission, in one read (peer services).

    Attributes:
        audience (OfferingForSaleOutAudience):
        cancellation_cutoff_days (int):
        cancellation_fee_bps (int):
        capacity_units (int):
        created_at (datetime.datetime):
        id (str):
        kind (OfferingForSaleOutKind):
        max_quantity (int):
        min_quantity (int):
        mission (OfferingMission):
        mission_id (str):
        name (str):
        prices (OfferingForSaleOutPrices):
        review_hold_days (int):
        review_required (bool):
        sale_ends_at (datetime.datetime):
        sale_starts_at (datetime.datetime):
        sku (str):
        unit (OfferingForSaleOutUnit):
        unit_mass_grams (int):
        updated_at (datetime.datetime):
        version (int):
        ballot_closes_at (datetime.datetime | None | Unset):
        ballot_draw_at (datetime.datetime | None | Unset):
        ballot_max_quantity (int | None | Unset):
        ballot_opens_at (datetime.datetime | None | Unset):
        ballot_payment_seconds (int | None | Unset):
        sale_mode (OfferingForSaleOutSaleMode | Unset):  Default: OfferingForSaleOutSaleMode.FIRST_COME.
        tax_category (OfferingForSaleOutTaxCategory | Unset):  Default: OfferingForSaleOutTaxCategory.STANDARD.
        tax_rate_bps (int | None | Unset): Consumption tax rate in force today for the tax category (basis points;
            prices include it).
        waitlist_offer_seconds (int | Unset): Sold out, first come: how long capacity that comes back is held for the
            first in the waiting list whose quantity fits. Default: 86400.
    """

    audience: OfferingForSaleOutAudience
    cancellation_cutoff_days: int
    cancellation_fee_bps: int
    capacity_units: int
    created_at: datetime.datetime
    id: str
    kind: OfferingForSaleOutKind
    max_quantity: int
    min_quantity: int
    mission: OfferingMission
    mission_id: str
    name: str
    prices: OfferingForSaleOutPrices
    review_hold_days: int
    review_required: bool
    sale_ends_at: datetime.datetime
    sale_starts_at: datetime.datetime
    sku: str
    unit: OfferingForSaleOutUnit
    unit_mass_grams: int
    updated_at: datetime.datetime
    version: int
    ballot_closes_at: datetime.datetime | None | Unset = UNSET
    ballot_draw_at: datetime.datetime | None | Unset = UNSET
    ballot_max_quantity: int | None | Unset = UNSET
    ballot_opens_at: datetime.datetime | None | Unset = UNSET
    ballot_payment_seconds: int | None | Unset = UNSET
    sale_mode: OfferingForSaleOutSaleMode | Unset = OfferingForSaleOutSaleMode.FIRST_COME
    tax_category: OfferingForSaleOutTaxCategory | Unset = OfferingForSaleOutTaxCategory.STANDARD
    tax_rate_bps: int | None | Unset = UNSET
    waitlist_offer_seconds: int | Unset = 86400
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        audience = self.audience.value

        cancellation_cutoff_days = self.cancellation_cutoff_days

        cancellation_fee_bps = self.cancellation_fee_bps

        capacity_units = self.capacity_units

        created_at = self.created_at.isoformat()

        id = self.id

        kind = self.kind.value

        max_quantity = self.max_quantity

        min_quantity = self.min_quantity

        mission = self.mission.to_dict()

        mission_id = self.mission_id

        name = self.name

        prices = self.prices.to_dict()

        review_hold_days = self.review_hold_days

        review_required = self.review_required

        sale_ends_at = self.sale_ends_at.isoformat()

        sale_starts_at = self.sale_starts_at.isoformat()

        sku = self.sku

        unit = self.unit.value

        unit_mass_grams = self.unit_mass_grams

        updated_at = self.updated_at.isoformat()

        version = self.version

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

        sale_mode: str | Unset = UNSET
        if not isinstance(self.sale_mode, Unset):
            sale_mode = self.sale_mode.value

        tax_category: str | Unset = UNSET
        if not isinstance(self.tax_category, Unset):
            tax_category = self.tax_category.value

        tax_rate_bps: int | None | Unset
        if isinstance(self.tax_rate_bps, Unset):
            tax_rate_bps = UNSET
        else:
            tax_rate_bps = self.tax_rate_bps

        waitlist_offer_seconds = self.waitlist_offer_seconds

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "audience": audience,
                "cancellation_cutoff_days": cancellation_cutoff_days,
                "cancellation_fee_bps": cancellation_fee_bps,
                "capacity_units": capacity_units,
                "created_at": created_at,
                "id": id,
                "kind": kind,
                "max_quantity": max_quantity,
                "min_quantity": min_quantity,
                "mission": mission,
                "mission_id": mission_id,
                "name": name,
                "prices": prices,
                "review_hold_days": review_hold_days,
                "review_required": review_required,
                "sale_ends_at": sale_ends_at,
                "sale_starts_at": sale_starts_at,
                "sku": sku,
                "unit": unit,
                "unit_mass_grams": unit_mass_grams,
                "updated_at": updated_at,
                "version": version,
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
        if sale_mode is not UNSET:
            field_dict["sale_mode"] = sale_mode
        if tax_category is not UNSET:
            field_dict["tax_category"] = tax_category
        if tax_rate_bps is not UNSET:
            field_dict["tax_rate_bps"] = tax_rate_bps
        if waitlist_offer_seconds is not UNSET:
            field_dict["waitlist_offer_seconds"] = waitlist_offer_seconds

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.offering_for_sale_out_prices import OfferingForSaleOutPrices  # noqa: PLC0415
        from ..models.offering_mission import OfferingMission  # noqa: PLC0415

        d = dict(src_dict)
        audience = OfferingForSaleOutAudience(d.pop("audience"))

        cancellation_cutoff_days = d.pop("cancellation_cutoff_days")

        cancellation_fee_bps = d.pop("cancellation_fee_bps")

        capacity_units = d.pop("capacity_units")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        id = d.pop("id")

        kind = OfferingForSaleOutKind(d.pop("kind"))

        max_quantity = d.pop("max_quantity")

        min_quantity = d.pop("min_quantity")

        mission = OfferingMission.from_dict(d.pop("mission"))

        mission_id = d.pop("mission_id")

        name = d.pop("name")

        prices = OfferingForSaleOutPrices.from_dict(d.pop("prices"))

        review_hold_days = d.pop("review_hold_days")

        review_required = d.pop("review_required")

        sale_ends_at = datetime.datetime.fromisoformat(d.pop("sale_ends_at"))

        sale_starts_at = datetime.datetime.fromisoformat(d.pop("sale_starts_at"))

        sku = d.pop("sku")

        unit = OfferingForSaleOutUnit(d.pop("unit"))

        unit_mass_grams = d.pop("unit_mass_grams")

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        version = d.pop("version")

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

        _sale_mode = d.pop("sale_mode", UNSET)
        sale_mode: OfferingForSaleOutSaleMode | Unset
        if isinstance(_sale_mode, Unset):
            sale_mode = UNSET
        else:
            sale_mode = OfferingForSaleOutSaleMode(_sale_mode)

        _tax_category = d.pop("tax_category", UNSET)
        tax_category: OfferingForSaleOutTaxCategory | Unset
        if isinstance(_tax_category, Unset):
            tax_category = UNSET
        else:
            tax_category = OfferingForSaleOutTaxCategory(_tax_category)

        def _parse_tax_rate_bps(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        tax_rate_bps = _parse_tax_rate_bps(d.pop("tax_rate_bps", UNSET))

        waitlist_offer_seconds = d.pop("waitlist_offer_seconds", UNSET)

        offering_for_sale_out = cls(
            audience=audience,
            cancellation_cutoff_days=cancellation_cutoff_days,
            cancellation_fee_bps=cancellation_fee_bps,
            capacity_units=capacity_units,
            created_at=created_at,
            id=id,
            kind=kind,
            max_quantity=max_quantity,
            min_quantity=min_quantity,
            mission=mission,
            mission_id=mission_id,
            name=name,
            prices=prices,
            review_hold_days=review_hold_days,
            review_required=review_required,
            sale_ends_at=sale_ends_at,
            sale_starts_at=sale_starts_at,
            sku=sku,
            unit=unit,
            unit_mass_grams=unit_mass_grams,
            updated_at=updated_at,
            version=version,
            ballot_closes_at=ballot_closes_at,
            ballot_draw_at=ballot_draw_at,
            ballot_max_quantity=ballot_max_quantity,
            ballot_opens_at=ballot_opens_at,
            ballot_payment_seconds=ballot_payment_seconds,
            sale_mode=sale_mode,
            tax_category=tax_category,
            tax_rate_bps=tax_rate_bps,
            waitlist_offer_seconds=waitlist_offer_seconds,
        )

        offering_for_sale_out.additional_properties = d
        return offering_for_sale_out

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
