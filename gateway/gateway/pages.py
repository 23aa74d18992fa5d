"""Storefront pages: missions on sale, offerings with prices and live availability, a
booking form, a booking's status and "my bookings".

Catalog data is rendered server-side through the same pooled client the proxy uses, as
an anonymous caller. Everything a signed-in customer does (sign-in, booking, checkout,
listing bookings) runs in the browser with ``fetch`` against the public API of this same
gateway, with the access token kept in ``sessionStorage`` (no cookies, so no CSRF).
"""

import asyncio
import logging
from typing import Any

import httpx
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles

from gateway.edge import ANONYMOUS
from gateway.proxy import Upstream
from gateway.templating import STATIC_DIR, templates
from lpx_common.auth import INTERNAL_TOKEN_HEADER, PublicRoute
from lpx_common.money import CURRENCY_EXPONENTS, to_major_string
from lpx_common.observability import outgoing_context_headers

log = logging.getLogger("gateway.pages")
router = APIRouter(include_in_schema=False, dependencies=[PublicRoute])
static_files = StaticFiles(directory=STATIC_DIR)

_SYMBOLS = {"JPY": "¥", "USD": "$"}
KIND_LABELS = {
    "name_engraving": "Name engraving",
    "memento_capsule": "Memento capsule",
    "memorial_capsule": "Memorial capsule",
    "brand_plate": "Brand plate",
    "passive_payload": "Passive payload",
    "active_payload": "Active payload",
    "rover_payload": "Rover-mounted payload",
    "data_package": "Data package",
}


def money(amount_minor: int | None, currency: str) -> str:
    if amount_minor is None or currency not in CURRENCY_EXPONENTS:
        return "—"
    major = to_major_string(amount_minor, currency)
    whole, _, frac = major.partition(".")
    sign = "-" if whole.startswith("-") else ""
    whole = f"{int(whole.lstrip('-')):,}"
    return f"{sign}{_SYMBOLS.get(currency, '')}{whole}{'.' + frac if frac else ''}"


templates.env.filters["money"] = money
templates.env.globals["kind_labels"] = KIND_LABELS


class CatalogUnavailable(Exception):
    pass


async def _catalog_get(request: Request, path: str, params: dict[str, Any] | None = None) -> Any:
    upstream: Upstream = request.app.state.upstreams["catalog"]
    token = request.app.state.token_mint.token(ANONYMOUS)
    try:
        response = await upstream.client.get(
            upstream.base_url + path,
            params=params,
            headers={INTERNAL_TOKEN_HEADER: token, **outgoing_context_headers()},
        )
    except httpx.HTTPError as exc:
        log.warning("catalog unreachable for a page: %s", type(exc).__name__)
        raise CatalogUnavailable from exc
    if response.status_code == 404:
        return None
    if response.status_code != 200:
        log.warning("catalog answered %s for a page", response.status_code)
        raise CatalogUnavailable
    return response.json()


def _page(request: Request, name: str, context: dict[str, Any], status: int = 200) -> Response:
    return templates.TemplateResponse(request, name, context, status_code=status)


def _unavailable(request: Request) -> Response:
    return _page(
        request,
        "message.html",
        {
            "title": "Back shortly",
            "message": "The catalog is unavailable right now; try again in a moment.",
        },
        503,
    )


@router.get("/", response_class=HTMLResponse)
async def home(request: Request) -> Response:
    try:
        page = await _catalog_get(
            request, "/v1/catalog/missions", {"status": "on_sale", "limit": 20}
        )
    except CatalogUnavailable:
        return _unavailable(request)
    return _page(request, "home.html", {"missions": page["items"] if page else []})


@router.get("/offerings", response_class=HTMLResponse)
async def offerings(request: Request, mission_id: str | None = None) -> Response:
    params: dict[str, Any] = {"on_sale_now": "true", "limit": 100}
    if mission_id:
        params["mission_id"] = mission_id[:40]
    try:
        page, missions = await asyncio.gather(
            _catalog_get(request, "/v1/catalog/offerings", params),
            _catalog_get(request, "/v1/catalog/missions", {"status": "on_sale", "limit": 100}),
        )
        items = page["items"] if page else []
        availability = await asyncio.gather(
            *(_catalog_get(request, f"/v1/catalog/offerings/{o['id']}/availability") for o in items)
        )
    except CatalogUnavailable:
        return _unavailable(request)
    mission_names = {m["id"]: m["name"] for m in (missions or {}).get("items", [])}
    rows = [
        {"offering": o, "availability": a, "mission_name": mission_names.get(o["mission_id"], "")}
        for o, a in zip(items, availability, strict=True)
    ]
    return _page(request, "offerings.html", {"rows": rows, "mission_id": mission_id})


@router.get("/book/{offering_id}", response_class=HTMLResponse)
async def book(request: Request, offering_id: str) -> Response:
    try:
        offering = await _catalog_get(request, f"/v1/catalog/offerings/{offering_id[:40]}")
        availability = offering and await _catalog_get(
            request, f"/v1/catalog/offerings/{offering['id']}/availability"
        )
        mission = offering and await _catalog_get(
            request, f"/v1/catalog/missions/{offering['mission_id']}"
        )
    except CatalogUnavailable:
        return _unavailable(request)
    if offering is None:
        return _page(
            request, "message.html", {"title": "Not found", "message": "No such offering."}, 404
        )
    return _page(
        request,
        "book.html",
        {"offering": offering, "availability": availability, "mission": mission},
    )


@router.get("/bookings/{booking_id}", response_class=HTMLResponse)
async def booking_page(request: Request, booking_id: str) -> Response:
    return _page(request, "booking.html", {"booking_id": booking_id[:40]})


@router.get("/my-bookings", response_class=HTMLResponse)
async def my_bookings(request: Request) -> Response:
    return _page(request, "my_bookings.html", {})


@router.get("/account", response_class=HTMLResponse)
async def account(request: Request) -> Response:
    return _page(request, "account.html", {})
