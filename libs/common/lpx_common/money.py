"""Currency facts. Amounts are always integers in minor units; never floats."""

from typing import Annotated

from pydantic import Strict

# ISO 4217 minor-unit exponents for the currencies the platform sells in.
CURRENCY_EXPONENTS: dict[str, int] = {"JPY": 0, "USD": 2}

SUPPORTED_CURRENCIES = frozenset(CURRENCY_EXPONENTS)


def to_major_string(amount_minor: int, currency: str) -> str:
    """``12345, "USD"`` -> ``"123.45"``; ``3000, "JPY"`` -> ``"3000"``. Exact, no float."""
    exponent = CURRENCY_EXPONENTS[currency]
    if exponent == 0:
        return str(amount_minor)
    sign = "-" if amount_minor < 0 else ""
    whole, frac = divmod(abs(amount_minor), 10**exponent)
    return f"{sign}{whole}.{frac:0{exponent}d}"


# Every amount and quantity that crosses an API is a JSON integer and nothing else:
# "100", true, 1000.0 and 1.0000000000000001 are refused (422), never coerced. Bounds
# (gt/ge/le) are added per field with ``Field``.
StrictMinorUnits = Annotated[int, Strict()]
StrictCount = Annotated[int, Strict()]
