"""Consumption tax of a booking: once per rate, never per line (the qualified-invoice
rounding rule), in integer minor units.

Prices are tax included (総額表示). For each rate, the tax inside the sum of that rate's
tax-included amounts is ``floor(sum x rate / (1 + rate))``, with the rate in basis
points: ``floor(sum * rate_bps / (10000 + rate_bps))``. Rounding happens once per rate,
down (the fraction never goes to the tax office at the buyer's expense), so the tax of a
booking does not depend on how its lines are split.
"""

from collections.abc import Iterable
from dataclasses import dataclass

BPS_WHOLE = 10_000


@dataclass(frozen=True)
class TaxRow:
    rate_bps: int
    taxable_minor: int  # tax-included sum of the lines at this rate
    tax_minor: int


def tax_included(amount_minor: int, rate_bps: int) -> int:
    """The tax inside one tax-included amount at one rate, floored."""
    if amount_minor < 0 or not 0 <= rate_bps <= BPS_WHOLE:
        raise ValueError("amount must be >= 0 and the rate within 0..10000 bps")
    return amount_minor * rate_bps // (BPS_WHOLE + rate_bps)


def tax_per_rate(lines: Iterable[tuple[int, int]]) -> list[TaxRow]:
    """``lines`` are ``(rate_bps, tax-included amount_minor)``; one row per rate, highest
    rate first."""
    sums: dict[int, int] = {}
    for rate_bps, amount_minor in lines:
        sums[rate_bps] = sums.get(rate_bps, 0) + amount_minor
    return [
        TaxRow(rate, total, tax_included(total, rate))
        for rate, total in sorted(sums.items(), key=lambda item: -item[0])
    ]
