"""Waiting lists for sold-out first-come offerings: the rules. No I/O.

* A customer joins with the quantity they want (within the offering's per-booking limits)
  once the offering is sold out for that quantity, or while others already wait.
* Capacity that comes back (a hold runs out, a booking is cancelled, an operator adds
  units) goes down the line in order of joining: each entry whose quantity still fits is
  offered it, as a hold lasting the offering's ``waitlist_offer_seconds`` and a booking to
  pay. An offer not paid in time lapses and what it held goes on down the line.
* While anyone waits whose quantity fits what is free, nobody else may book it: a
  newcomer's hold carries the smallest quantity waiting, and the catalog refuses it when
  that many units (or more) are free.
"""

from collections.abc import Iterable
from datetime import datetime
from enum import StrEnum

from lpx_common.errors import Conflict, Unprocessable
from lpx_common.states import TransitionTable


class EntryStatus(StrEnum):
    WAITING = "waiting"  # in line
    OFFERED = "offered"  # capacity is held for it until the offer's deadline
    ACCEPTED = "accepted"  # the offer's booking was paid
    LAPSED = "lapsed"  # the offer was not paid in time (or its booking was cancelled)
    LEFT = "left"  # the customer left the line
    CLOSED = "closed"  # the sale ended (or the mission left sale) before a turn came


E = EntryStatus
ENTRY_LIFECYCLE = TransitionTable[EntryStatus](
    "waiting list entry",
    {
        E.WAITING: {E.OFFERED, E.LEFT, E.CLOSED},
        E.OFFERED: {E.ACCEPTED, E.LAPSED},
        E.ACCEPTED: set(),
        E.LAPSED: set(),
        E.LEFT: set(),
        E.CLOSED: set(),
    },
)
# An entry in these states keeps the customer's place (one per customer and offering).
ACTIVE = frozenset({E.WAITING.value, E.OFFERED.value})


def check_can_join(
    *,
    sale_mode: str,
    audience: str,
    on_sale_now: bool,
    bookable_units: int,
    someone_waiting: bool,
    quantity: int,
    min_quantity: int,
    max_quantity: int,
) -> None:
    if sale_mode != "first_come" or audience != "consumer":
        raise Conflict(
            "Only first-come consumer offerings have a waiting list.", code="no-waiting-list"
        )
    if not min_quantity <= quantity <= max_quantity:
        raise Unprocessable(
            f"You may wait for {min_quantity} to {max_quantity} unit(s); {quantity} asked.",
            code="quantity-out-of-range",
            errors=[{"field": "body.quantity", "message": "outside the offering's limits"}],
        )
    if not on_sale_now:
        raise Conflict("The offering is not on sale now.", code="not-on-sale")
    if bookable_units >= quantity and not someone_waiting:
        raise Conflict(
            f"{bookable_units} unit(s) are available: book them directly.",
            code="not-sold-out",
        )


def sale_over(sale_ends_at: datetime | None, mission_status: str, now: datetime) -> bool:
    """Nothing more can be offered: the sale has ended, or the mission has left sale for
    good (missions never go back on sale)."""
    ended = sale_ends_at is not None and sale_ends_at <= now
    return ended or mission_status not in ("draft", "on_sale")


def smallest_waiting(quantities: Iterable[int]) -> int | None:
    """What a newcomer's hold must leave for the line: fewer units free than this."""
    return min(quantities, default=None)


def offers(line: Iterable[tuple[str, int]], free_units: int) -> list[str]:
    """Who is offered ``free_units``: down the line, each entry whose quantity still fits
    (what the live pass does when the catalog answers as expected)."""
    chosen = []
    for entry_id, quantity in line:
        if quantity <= free_units:
            chosen.append(entry_id)
            free_units -= quantity
    return chosen
