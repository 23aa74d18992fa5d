"""Ballots: applications and the draw (places offered after it: ``ballot_places``).

Booking runs ballots because a place is a booking to pay (its hold, expiry, checkout and
cancellation are the booking's own); the catalog stays the only authority on capacity:
every place is a hold there, so a ballot can never sell more than there is.

Crash safety: the draw is one transaction (applications frozen, ranks written, seed
revealed), so it happens once.
"""

import logging

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from booking.clients.catalog import OfferingView
from booking.domain import ballots as rules
from booking.domain.ballots import ApplicationStatus, BallotStatus
from booking.models import Ballot, BallotApplication
from booking.ports import Ports
from booking.schemas import BallotApplicationIn
from lpx_common.auth import Principal
from lpx_common.clock import utcnow
from lpx_common.errors import Conflict, NotFound, Unprocessable
from lpx_common.ids import new_id
from lpx_common.pagination import keyset_page

log = logging.getLogger("booking.ballots")
S = ApplicationStatus


def schedule_of(offering: OfferingView) -> rules.Schedule:
    """The offering's ballot rules; 404 for an offering not sold by ballot."""
    if (
        offering.sale_mode != "ballot"
        or offering.ballot_opens_at is None
        or offering.ballot_closes_at is None
        or offering.ballot_draw_at is None
        or offering.ballot_payment_seconds is None
        or offering.ballot_max_quantity is None
    ):
        raise NotFound(f"Offering {offering.id} is not sold by ballot.", code="not-a-ballot")
    return rules.Schedule(
        opens_at=offering.ballot_opens_at,
        closes_at=offering.ballot_closes_at,
        draw_at=offering.ballot_draw_at,
        payment_seconds=offering.ballot_payment_seconds,
        max_quantity=offering.ballot_max_quantity,
        min_quantity=offering.min_quantity,
    )


async def ballot_of(ports: Ports, offering_id: str) -> tuple[Ballot, OfferingView]:
    """The offering's ballot, made with its seed and commitment the first time anyone
    asks (so the commitment is public before the window closes)."""
    offering = await ports.catalog.offering(offering_id)
    schedule = schedule_of(offering)
    async with ports.db.read() as session:
        ballot = await session.get(Ballot, offering_id)
    if ballot is not None:
        return ballot, offering
    now = utcnow()
    seed = rules.new_seed()
    try:
        async with ports.db.transaction() as session:
            session.add(
                Ballot(
                    offering_id=offering_id,
                    status=BallotStatus.OPEN.value,
                    seed=seed,
                    commitment=rules.commitment_of(seed),
                    draw_at=schedule.draw_at,
                    created_at=now,
                    updated_at=now,
                )
            )
    except IntegrityError:
        pass  # another request made it first: that one stands
    async with ports.db.read() as session:
        made = await session.get(Ballot, offering_id)
    assert made is not None
    return made, offering


# --- applications -------------------------------------------------------------------


async def apply(
    ports: Ports, principal: Principal, offering_id: str, body: BallotApplicationIn
) -> tuple[BallotApplication, Ballot]:
    """Apply, or replace one's application, while the window is open."""
    if not principal.email:
        raise Unprocessable(
            "Applying needs an account with an email address.", code="email-required"
        )
    ballot, offering = await ballot_of(ports, offering_id)
    now = utcnow()
    rules.check_can_apply(schedule_of(offering), body.quantity, now)
    if body.currency not in offering.prices:
        raise Unprocessable(
            f"This offering has no price in {body.currency}.",
            code="price-unavailable",
            errors=[{"field": "body.currency", "message": "no price"}],
        )
    try:
        async with ports.db.transaction() as session:
            await _open_ballot(session, offering_id)
            app = await session.scalar(
                select(BallotApplication)
                .where(
                    BallotApplication.offering_id == offering_id,
                    BallotApplication.customer_id == principal.subject,
                )
                .with_for_update()
            )
            if app is None:
                app = BallotApplication(
                    id=new_id("bap"),
                    offering_id=offering_id,
                    customer_id=principal.subject,
                    status=S.APPLIED.value,
                    created_at=now,
                )
                session.add(app)
            elif app.status == S.WITHDRAWN:
                rules.APPLICATION_LIFECYCLE.check(app.status, S.APPLIED)
                app.status = S.APPLIED.value
            app.quantity = body.quantity
            app.contact_name = body.name
            app.contact_email = principal.email
            app.currency = body.currency
            app.locale = body.locale
            app.updated_at = now
    except IntegrityError as exc:  # two first applications at once: the other won
        raise Conflict("Your application is being recorded; retry.", code="retry") from exc
    return app, ballot


async def _open_ballot(session: AsyncSession, offering_id: str) -> None:
    """Share-lock the ballot row (the draw takes it exclusively) and check it is open."""
    ballot = await session.scalar(
        select(Ballot).where(Ballot.offering_id == offering_id).with_for_update(read=True)
    )
    if ballot is None or ballot.status != BallotStatus.OPEN:
        raise Conflict(
            "The draw has taken place; applications can no longer change.", code="ballot-drawn"
        )


async def withdraw(ports: Ports, principal: Principal, offering_id: str) -> BallotApplication:
    async with ports.db.transaction() as session:
        ballot = await session.get(Ballot, offering_id)
        app = await _own(session, principal, offering_id, lock=True)
        if ballot is None:  # pragma: no cover - an application implies its ballot
            raise NotFound("No such ballot.", code="ballot-not-found")
        if app.status == S.WITHDRAWN:
            return app  # withdrawn already: nothing to do
        await _open_ballot(session, offering_id)
        rules.check_can_withdraw(app.status, ballot.status)
        app.status = S.WITHDRAWN.value
        app.updated_at = utcnow()
    return app


async def own_application(
    ports: Ports, principal: Principal, offering_id: str
) -> tuple[BallotApplication, Ballot]:
    async with ports.db.read() as session:
        app = await _own(session, principal, offering_id, lock=False)
        ballot = await session.get(Ballot, offering_id)
    assert ballot is not None
    return app, ballot


async def _own(
    session: AsyncSession, principal: Principal, offering_id: str, *, lock: bool
) -> BallotApplication:
    query = select(BallotApplication).where(
        BallotApplication.offering_id == offering_id,
        BallotApplication.customer_id == principal.subject,
    )
    app = await session.scalar(query.with_for_update() if lock else query)
    if app is None:
        raise NotFound("You have not applied to this ballot.", code="application-not-found")
    return app


async def applications(
    ports: Ports, offering_id: str, *, ranked: bool, limit: int, cursor: str | None
) -> tuple[list[BallotApplication], str | None]:
    """A page of applications: by rank (drawn ones only) or by id (all)."""
    query = select(BallotApplication).where(BallotApplication.offering_id == offering_id)
    order = [BallotApplication.id]
    if ranked:
        query = query.where(BallotApplication.rank.is_not(None))
        order = [BallotApplication.rank, BallotApplication.id]
    async with ports.db.read() as session:
        return await keyset_page(session, query, order, limit=limit, cursor=cursor)


async def drawn_list(ports: Ports, offering_id: str) -> tuple[Ballot, list[BallotApplication]]:
    """The published draw: the ballot and every ranked application (the list the
    list hash covers). 409 before the draw."""
    async with ports.db.read() as session:
        ballot = await session.get(Ballot, offering_id)
        if ballot is None:
            raise NotFound("No such ballot.", code="ballot-not-found")
        if ballot.status == BallotStatus.OPEN:
            raise Conflict("The draw has not taken place yet.", code="ballot-not-drawn")
        rows = list(
            await session.scalars(
                select(BallotApplication)
                .where(
                    BallotApplication.offering_id == offering_id,
                    BallotApplication.rank.is_not(None),
                )
                .order_by(BallotApplication.id)
            )
        )
    return ballot, rows


# --- the draw -----------------------------------------------------------------------


async def draw(ports: Ports, offering_id: str) -> bool:
    """Draw the ballot if its time has come; False when there was nothing to do."""
    offering = await ports.catalog.offering(offering_id)
    draw_at = schedule_of(offering).draw_at
    now = utcnow()
    async with ports.db.transaction() as session:
        ballot = await session.scalar(
            select(Ballot).where(Ballot.offering_id == offering_id).with_for_update()
        )
        if ballot is None or ballot.status != BallotStatus.OPEN:
            return False
        if draw_at > now:  # the schedule moved before applications opened
            ballot.draw_at = draw_at
            return False
        apps = list(
            await session.scalars(
                select(BallotApplication).where(
                    BallotApplication.offering_id == offering_id,
                    BallotApplication.status == S.APPLIED,
                )
            )
        )
        result = rules.draw(ballot.seed, ballot.commitment, [(a.id, a.quantity) for a in apps])
        by_id = {a.id: a for a in apps}
        for rank, app_id in enumerate(result.ranked, start=1):
            app = by_id[app_id]
            rules.APPLICATION_LIFECYCLE.check(app.status, S.WAITING)
            app.status, app.rank, app.updated_at = S.WAITING.value, rank, now
        rules.BALLOT_LIFECYCLE.check(ballot.status, BallotStatus.DRAWN)
        ballot.status = BallotStatus.DRAWN.value
        ballot.list_hash = result.list_hash
        ballot.application_count = len(apps)
        ballot.drawn_at = now
        ballot.updated_at = now
    log.info("ballot %s drawn: %d applications", offering_id, len(apps))
    return True
