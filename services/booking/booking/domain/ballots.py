"""Ballots (lotteries) for scarce offerings: the rules and the provably fair draw. No I/O.

The draw, in full (docs/ballots.md shows how to check it):

* ``seed``: 32 random bytes, written as 64 lowercase hex characters. It is made when the
  ballot is first seen and kept secret until the draw.
* ``commitment = SHA-256(seed)`` (of the seed's 64 ASCII characters, as hex) is public
  from then on, so before the application window closes.
* At the draw the application list is frozen. Its *ordered list* is one line
  ``"{application_id},{quantity}\\n"`` per application, sorted by application id;
  ``list_hash = SHA-256(ordered list)``.
* The ranking sorts the applications by ``HMAC-SHA256(key=seed, msg=application_id)``
  (hex, ascending; ties, which cannot happen in practice, by application id).
* Places go down the ranking: each application in rank order whose quantity still fits
  the capacity left is offered a place (a hold until the payment deadline and a booking
  to pay); a place not paid in time passes down the ranking the same way.

Nobody, the platform included, can steer the ranking once the commitment is out: the
seed is fixed by it, and the HMAC of an application id cannot be predicted without it.
"""

import hashlib
import hmac
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from lpx_common.errors import Conflict, Unprocessable
from lpx_common.states import TransitionTable


class BallotStatus(StrEnum):
    OPEN = "open"  # taking applications (or waiting for the draw)
    DRAWN = "drawn"  # seed revealed, ranking fixed; first places being offered
    ALLOCATED = "allocated"  # first places offered, the others told; lapsed places pass on
    CLOSED = "closed"  # nothing more will be offered (ranking exhausted or sale over)


BALLOT_LIFECYCLE = TransitionTable[BallotStatus](
    "ballot",
    {
        BallotStatus.OPEN: {BallotStatus.DRAWN},
        BallotStatus.DRAWN: {BallotStatus.ALLOCATED},
        BallotStatus.ALLOCATED: {BallotStatus.CLOSED},
        BallotStatus.CLOSED: set(),
    },
)


class ApplicationStatus(StrEnum):
    APPLIED = "applied"  # in the ballot (replaceable until the window closes)
    WITHDRAWN = "withdrawn"  # taken back before the draw (may apply again in the window)
    WAITING = "waiting"  # ranked, no place (yet): a lapsed place may still come to it
    OFFERED = "offered"  # a place is held for it until the payment deadline
    PAID = "paid"  # the place is bought
    LAPSED = "lapsed"  # the place was not paid in time (or was cancelled): it passed on
    NOT_DRAWN = "not_drawn"  # ranked, and the ballot closed before a place reached it


A = ApplicationStatus
APPLICATION_LIFECYCLE = TransitionTable[ApplicationStatus](
    "ballot application",
    {
        A.APPLIED: {A.WITHDRAWN, A.WAITING},
        A.WITHDRAWN: {A.APPLIED},
        A.WAITING: {A.OFFERED, A.NOT_DRAWN},
        A.OFFERED: {A.PAID, A.LAPSED},
        A.PAID: set(),
        A.LAPSED: set(),
        A.NOT_DRAWN: set(),
    },
)


def new_seed() -> str:
    return secrets.token_hex(32)


def commitment_of(seed: str) -> str:
    return hashlib.sha256(seed.encode("ascii")).hexdigest()


def ordered_list(applications: Iterable[tuple[str, int]]) -> str:
    """The frozen application list as published: one ``id,quantity`` line each, by id."""
    return "".join(f"{app_id},{quantity}\n" for app_id, quantity in sorted(applications))


def list_hash(applications: Iterable[tuple[str, int]]) -> str:
    return hashlib.sha256(ordered_list(applications).encode("ascii")).hexdigest()


def rank_key(seed: str, application_id: str) -> str:
    return hmac.new(seed.encode("ascii"), application_id.encode("ascii"), "sha256").hexdigest()


def ranking(seed: str, application_ids: Iterable[str]) -> list[str]:
    """Application ids, best place first."""
    return sorted(application_ids, key=lambda app_id: (rank_key(seed, app_id), app_id))


@dataclass(frozen=True)
class Draw:
    seed: str
    list_hash: str
    ranked: list[str]  # application ids, rank 1 first


def draw(seed: str, commitment: str, applications: Sequence[tuple[str, int]]) -> Draw:
    """The draw over ``applications`` ((id, quantity) pairs); refuses a seed that does not
    match its published commitment."""
    if commitment_of(seed) != commitment:
        raise ValueError("the seed does not match the published commitment")
    return Draw(seed, list_hash(applications), ranking(seed, [a for a, _ in applications]))


def first_places(ranked: Sequence[tuple[str, int]], units: int) -> list[str]:
    """Who gets a place when ``units`` are free: down the ranking, everyone whose quantity
    still fits (what the live allocation does when nothing lapses)."""
    winners = []
    for app_id, quantity in ranked:
        if quantity <= units:
            winners.append(app_id)
            units -= quantity
    return winners


@dataclass(frozen=True)
class Schedule:
    """The offering's ballot rules as the catalog states them."""

    opens_at: datetime
    closes_at: datetime
    draw_at: datetime
    payment_seconds: int
    max_quantity: int
    min_quantity: int


def check_can_apply(schedule: Schedule, quantity: int, now: datetime) -> None:
    if not schedule.opens_at <= now < schedule.closes_at:
        raise Conflict(
            f"Applications are taken from {schedule.opens_at.isoformat()} until "
            f"{schedule.closes_at.isoformat()}.",
            code="ballot-window-closed",
        )
    if not schedule.min_quantity <= quantity <= schedule.max_quantity:
        raise Unprocessable(
            f"An application may ask for {schedule.min_quantity} to {schedule.max_quantity} "
            f"unit(s); {quantity} asked.",
            code="quantity-out-of-range",
            errors=[{"field": "body.quantity", "message": "outside the ballot's limits"}],
        )


def check_can_withdraw(status: str, ballot_status: str) -> None:
    if ballot_status != BallotStatus.OPEN:
        raise Conflict("The draw has taken place; it is too late to withdraw.", code="ballot-drawn")
    APPLICATION_LIFECYCLE.check(status, ApplicationStatus.WITHDRAWN)
