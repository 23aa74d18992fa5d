"""Storefront pages: missions on sale, offerings with tax-included prices and live
availability, the booking form, the final confirmation screen, a booking's page, "my
bookings", sign-in, the legal pages and the language switch.

Catalog data is rendered server-side through the same pooled client the proxy uses, as
an anonymous caller. What a signed-in customer does (sign-in, booking, checkout, their
bookings) runs in the browser with ``fetch`` against the public API of this same
gateway, with the tokens in ``localStorage`` and sent as ``Authorization: Bearer`` (no
cookies carry credentials, so there is nothing for a cross-site request to ride on).
Every text comes from the message catalogs (gateway.i18n).
"""

import asyncio
import logging
from typing import Any

import httpx
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from gateway import i18n, legal
from gateway.edge import ANONYMOUS
from gateway.i18n import N_, _
from gateway.proxy import Upstream
from gateway.templating import STATIC_DIR, templates
from lpx_common.auth import INTERNAL_TOKEN_HEADER, PublicRoute
from lpx_common.observability import outgoing_context_headers

log = logging.getLogger("gateway.pages")
router = APIRouter(include_in_schema=False, dependencies=[PublicRoute])
static_files = StaticFiles(directory=STATIC_DIR)

# Kinds whose buyer types a name or a few words that fly with the item.
INSCRIBED_KINDS = ("name_engraving", "memento_capsule", "memorial_capsule")


def kind_label(kind: str) -> str:
    labels = {
        "name_engraving": _("Name engraving"),
        "memento_capsule": _("Memento capsule"),
        "memorial_capsule": _("Memorial capsule"),
        "brand_plate": _("Brand plate"),
        "passive_payload": _("Passive payload"),
        "active_payload": _("Active payload"),
        "rover_payload": _("Rover-mounted payload"),
        "data_package": _("Data package"),
    }
    return labels.get(kind, kind)


def unit_label(unit: str) -> str:
    return _("per kg") if unit == "kg" else _("per item")


def tax_included(amount_minor: int, rate_bps: int) -> int:
    """The consumption tax inside a tax-included amount, floored (integer yen)."""
    return amount_minor * rate_bps // (10_000 + rate_bps) if rate_bps > 0 else 0


def rate_label(rate_bps: int) -> str:
    return f"{rate_bps // 100}%" if rate_bps % 100 == 0 else f"{rate_bps / 100:g}%"


templates.env.globals |= {
    "kind_label": kind_label,
    "unit_label": unit_label,
    "tax_included": tax_included,
    "rate_label": rate_label,
}


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
    if response.status_code in (404, 422):  # 422: not even a well-formed id
        return None
    if response.status_code != 200:
        log.warning("catalog answered %s for a page", response.status_code)
        raise CatalogUnavailable
    return response.json()


def _page(request: Request, name: str, context: dict[str, Any], status: int = 200) -> Response:
    response = templates.TemplateResponse(request, name, context, status_code=status)
    response.headers["Content-Language"] = i18n.current_locale()
    response.headers["Vary"] = "Accept-Language, Cookie"
    return response


def _message(request: Request, title: str, message: str, status: int) -> Response:
    # Titles and messages are passed as msgids and translated in the template.
    return _page(request, "message.html", {"title": title, "message": message}, status)


def _unavailable(request: Request) -> Response:
    return _message(
        request,
        N_("Back shortly"),
        N_("The catalog is unavailable right now; try again in a moment."),
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
        # One availability call per mission, not per offering: a page of 100 offerings
        # must not become 100 concurrent catalog calls queueing for the upstream pool.
        mission_ids = sorted({o["mission_id"] for o in items})
        per_mission = await asyncio.gather(
            *(_catalog_get(request, f"/v1/catalog/missions/{m}/availability") for m in mission_ids)
        )
    except CatalogUnavailable:
        return _unavailable(request)
    availability = {
        a["offering_id"]: a for whole in per_mission if whole for a in whole["offerings"]
    }
    mission_names = {m["id"]: m["name"] for m in (missions or {}).get("items", [])}
    rows = [
        {
            "offering": o,
            "availability": availability.get(o["id"]),
            "mission_name": mission_names.get(o["mission_id"], ""),
        }
        for o in items
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
        return _message(request, N_("Not found"), N_("No such offering."), 404)
    return _page(
        request,
        "book.html",
        {
            "offering": offering,
            "availability": availability,
            "mission": mission,
            "inscribed": offering["kind"] in INSCRIBED_KINDS,
        },
    )


def ballot_messages() -> dict[str, str]:
    """Texts the ballot page's script shows, in the page's language."""
    return {
        "applied": _(
            "You applied for %(n)s. You can change or withdraw your application until "
            "applications close."
        ),
        "withdrawn": _(
            "You withdrew your application. You can apply again until applications close."
        ),
        "waiting": _("Not drawn this time. You keep your place in the ranking: number %(rank)s."),
        "offered": _("You were drawn (number %(rank)s)! Your place is held until %(until)s."),
        "paid": _("You were drawn and your place is paid. Thank you!"),
        "lapsed": _("Your place was not paid in time and passed to the next in the ranking."),
        "not_drawn": _("Not drawn. The ballot is over."),
        "none": _("You have not applied yet."),
        "closed": _("Applications are closed."),
        "saved": _("Your application is saved."),
        "change": _("Change my application"),
    }


@router.get("/ballots/{offering_id}", response_class=HTMLResponse)
async def ballot(request: Request, offering_id: str) -> Response:
    """A ballot offering: its schedule, the draw's commitment and (in the browser) one's
    own application: apply, replace, withdraw, and the result with the place to pay."""
    try:
        offering = await _catalog_get(request, f"/v1/catalog/offerings/{offering_id[:40]}")
        mission = offering and await _catalog_get(
            request, f"/v1/catalog/missions/{offering['mission_id']}"
        )
    except CatalogUnavailable:
        return _unavailable(request)
    if offering is None or offering.get("sale_mode") != "ballot":
        return _message(request, N_("Not found"), N_("No such ballot."), 404)
    i18n.use_locale(i18n.locale_of(request))  # the script's texts are made before rendering
    return _page(
        request,
        "ballot.html",
        {
            "offering": offering,
            "mission": mission,
            "payment_hours": offering["ballot_payment_seconds"] // 3600,
            "ballot_messages": ballot_messages(),
        },
    )


def waitlist_messages() -> dict[str, str]:
    """Texts the waiting-list page's script shows, in the page's language."""
    return {
        "waiting": _("You are number %(position)s in line, waiting for %(n)s."),
        "offered": _(
            "It is your turn! Your place (%(n)s) is held until %(until)s. Pay before then."
        ),
        "accepted": _("You got it and it is paid. Thank you!"),
        "lapsed": _("Your offer was not paid in time and passed to the next in line."),
        "left": _("You left the waiting list."),
        "closed": _("The sale has ended before your turn came; the waiting list is closed."),
        "none": _("You are not on the waiting list."),
        "joined": _("You are on the waiting list. We will email you when it is your turn."),
        "in_line": _("%(n)s waiting"),
        "ask_leave": _("Leave the waiting list? You would lose your place."),
    }


@router.get("/waitlists/{offering_id}", response_class=HTMLResponse)
async def waitlist(request: Request, offering_id: str) -> Response:
    """A first-come offering's waiting list: join it while sold out, see one's place,
    leave, and pay an offer when capacity comes back (the script does the calls)."""
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
    if (
        offering is None
        or offering.get("sale_mode", "first_come") != "first_come"
        or offering["audience"] != "consumer"
    ):
        return _message(request, N_("Not found"), N_("No such waiting list."), 404)
    i18n.use_locale(i18n.locale_of(request))  # the script's texts are made before rendering
    return _page(
        request,
        "waitlist.html",
        {
            "offering": offering,
            "availability": availability,
            "mission": mission,
            "offer_hours": f"{round(offering.get('waitlist_offer_seconds', 86_400) / 3600, 2):g}",
            "waitlist_messages": waitlist_messages(),
        },
    )


@router.get("/bookings/{booking_id}/confirm", response_class=HTMLResponse)
async def confirm_page(request: Request, booking_id: str) -> Response:
    texts = legal.load(request.app.state.settings.legal_file)
    return _page(
        request,
        "confirm.html",
        {"booking_id": booking_id[:40], "terms_version": texts.terms_version},
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


LEGAL_PAGES = {
    "tokushoho": N_("Legal notice (Specified Commercial Transactions Act)"),
    "terms": N_("Terms of sale"),
    "privacy": N_("Privacy policy"),
}


@router.get("/legal/{name}", response_class=HTMLResponse)
async def legal_page(request: Request, name: str) -> Response:
    if name not in LEGAL_PAGES:
        return _message(request, N_("Not found"), N_("No such page."), 404)
    texts = legal.load(request.app.state.settings.legal_file)
    return _page(
        request,
        "legal.html",
        {
            "name": name,
            "title": LEGAL_PAGES[name],
            "texts": texts,
            "sections": getattr(texts, name),
        },
    )


@router.get("/lang/{lang}")
async def switch_language(lang: str, next: str = "/") -> Response:
    """The visible language switch: remembered for a year in a cookie that carries no
    credential (a forged request can only change the language)."""
    safe = next.startswith("/") and not next.startswith("//") and "\\" not in next
    target = next if safe else "/"
    response = RedirectResponse(target, status_code=303)
    if lang in i18n.LOCALES:
        response.set_cookie(
            i18n.COOKIE, lang, max_age=365 * 86400, samesite="lax", httponly=True, path="/"
        )
    return response
