"""Money arithmetic on integer minor units: fees and milestone schedules. No floats."""

from collections.abc import Sequence

BPS_WHOLE = 10_000


def fee_minor(amount_minor: int, fee_bps: int) -> int:
    """The part of ``amount_minor`` kept as a fee of ``fee_bps`` basis points.

    Rounded DOWN (floor) to the minor unit: the fraction goes to the buyer, never to us.
    """
    if amount_minor < 0 or not 0 <= fee_bps <= BPS_WHOLE:
        raise ValueError("amount must be >= 0 and fee within 0..10000 bps")
    return amount_minor * fee_bps // BPS_WHOLE


def allocate_largest_remainder(total_minor: int, shares_bps: Sequence[int]) -> list[int]:
    """Split ``total_minor`` by ``shares_bps`` (summing to 10000) into integers that sum
    EXACTLY to the total: each share gets its floor, then the units left over go one by
    one to the shares with the largest remainders (ties: the earlier share first).
    """
    if sum(shares_bps) != BPS_WHOLE or any(s < 0 for s in shares_bps):
        raise ValueError("shares must be non-negative and sum to 10000 bps")
    if total_minor < 0:
        raise ValueError("total must be >= 0")
    floors = [total_minor * s // BPS_WHOLE for s in shares_bps]
    remainders = [total_minor * s % BPS_WHOLE for s in shares_bps]
    left = total_minor - sum(floors)
    order = sorted(range(len(shares_bps)), key=lambda i: (-remainders[i], i))
    for i in order[:left]:
        floors[i] += 1
    return floors


def cancellation_fee(paid_minor: int, total_minor: int, lines: Sequence[tuple[int, int]]) -> int:
    """The fee kept when a booking is cancelled: each line's ``fee_bps`` applies to that
    line's share of what was paid. ``lines`` are ``(amount_minor, fee_bps)``.

    One floor over the exact integer sum, so rounding happens once and favours the buyer:
    fee = floor(sum(paid * amount_i * bps_i) / (total * 10000)).
    """
    if paid_minor <= 0 or total_minor <= 0:
        return 0
    numerator = sum(paid_minor * amount * bps for amount, bps in lines)
    return min(paid_minor, numerator // (total_minor * BPS_WHOLE))
