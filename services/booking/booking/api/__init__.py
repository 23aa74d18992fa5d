"""HTTP routes of the booking service: thin, they parse, call the domain and shape answers."""

from fastapi import APIRouter

from booking.api import ballots, bookings, internal, waitlists

router = APIRouter()
router.include_router(bookings.router)
router.include_router(internal.router)
router.include_router(ballots.router)
router.include_router(waitlists.router)
