"""Consumption tax rates: public to read, operators add a rate from a future day."""

from typing import Any

from fastapi import APIRouter, status

from catalog.api.access import Operator, Reader
from catalog.deps import DbDep
from catalog.domain import tax
from catalog.schemas import TaxRateIn, TaxRateList, TaxRateOut

router = APIRouter(prefix="/v1/catalog/tax-rates", tags=["tax"])


@router.get("", response_model=TaxRateList, summary="Consumption tax rates by category and day")
async def list_tax_rates(db: DbDep, _: Reader) -> Any:
    return TaxRateList(items=[TaxRateOut(**r) for r in await tax.all_rates(db)])


@router.post(
    "",
    response_model=TaxRateOut,
    status_code=status.HTTP_201_CREATED,
    summary="Add a rate for a category from a day on (e.g. a change of the law)",
)
async def add_tax_rate(body: TaxRateIn, db: DbDep, _: Operator) -> Any:
    return TaxRateOut(**await tax.add_rate(db, body.category, body.rate_bps, body.effective_from))
