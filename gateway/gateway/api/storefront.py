"""Storefront documents: a booking's receipt and qualified invoice as PDF.

Reached as ``/v1/storefront/...``, so the edge has already identified the caller and
put its internal token on the request; the booking is read from booking with that same
token, so a customer gets documents of their own bookings only (booking decides).
"""

import logging
from typing import Any, Literal

import httpx
from fastapi import APIRouter, Request, Response

from gateway import i18n, legal
from gateway.documents import invoice_pdf, receipt_pdf
from gateway.proxy import Upstream
from lpx_common.auth import INTERNAL_TOKEN_HEADER, Authenticated
from lpx_common.clock import utcnow
from lpx_common.errors import Conflict, NotFound, Problem
from lpx_common.ids import BookingId
from lpx_common.observability import outgoing_context_headers

log = logging.getLogger("gateway.storefront")
router = APIRouter(prefix="/v1/storefront", tags=["storefront"])


async def _booking(request: Request, booking_id: str) -> dict[str, Any]:
    upstream: Upstream = request.app.state.upstreams["booking"]
    try:
        response = await upstream.client.get(
            f"{upstream.base_url}/v1/bookings/{booking_id}",
            headers={
                INTERNAL_TOKEN_HEADER: request.headers.get(INTERNAL_TOKEN_HEADER, ""),
                **outgoing_context_headers(),
            },
        )
    except httpx.HTTPError as exc:
        log.warning("booking unreachable for a document: %s", type(exc).__name__)
        raise Problem(
            "Bookings are unavailable right now; try again shortly.",
            status=503,
            code="booking-unavailable",
            headers={"Retry-After": "2"},
        ) from exc
    if response.status_code in (403, 404):
        raise NotFound("No such booking.", code="booking-not-found")
    if response.status_code != 200:
        raise Problem("Bookings could not answer.", status=502, code="booking-failed")
    return response.json()


@router.get(
    "/bookings/{booking_id}/{document}.pdf",
    summary="A booking's receipt (領収書) or qualified invoice (適格請求書) as PDF",
    responses={200: {"content": {"application/pdf": {}}}},
)
async def booking_document(
    booking_id: BookingId,
    document: Literal["receipt", "invoice"],
    request: Request,
    principal: Authenticated,
) -> Response:
    if principal.kind == "anonymous":
        raise Problem(
            "Sign in to download documents.",
            status=401,
            code="unauthorized",
            headers={"WWW-Authenticate": 'Bearer realm="lpx"'},
        )
    booking = await _booking(request, booking_id[:40])
    if not booking.get("paid_minor"):
        raise Conflict(
            "Nothing has been paid for this booking yet, so there is no receipt or invoice.",
            code="not-paid",
        )
    i18n.use_locale(i18n.locale_of(request))
    texts = legal.load(request.app.state.settings.legal_file)
    make = receipt_pdf if document == "receipt" else invoice_pdf
    body = make(booking, texts, utcnow())
    return Response(
        body,
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="{document}-{booking["id"]}.pdf"',
            "Cache-Control": "private, no-store",
        },
    )
