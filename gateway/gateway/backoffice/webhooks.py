"""Admins: partners' webhook endpoints. Each endpoint's state (enabled, failing since,
disabled and why), the events sent to it and the delivery log (every request, its
answer and latency), redelivering what failed since a time, and disabling or enabling
an endpoint, all through the notifications API a partner uses itself."""

from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any

import httpx
from fastapi import APIRouter, Request
from fastapi.responses import Response

from gateway.backoffice.api import Api, ApiProblem
from gateway.backoffice.change import Confirm, change
from gateway.backoffice.render import page, problem_words, shown_status, status_word
from gateway.backoffice.session import AdminStaff, Staff, form_of, ident
from gateway.i18n import JST, N_, _, jst_datetime
from lpx_common.clock import utcnow

router = APIRouter(prefix="/backoffice/admin/webhooks")
ENDPOINTS = "/v1/notifications/webhook-endpoints"
SHOWN = 50  # the newest deliveries and log rows on an endpoint's page
DELIVERY_STATUSES = ("pending", "succeeded", "failed")


def state_word(status: str) -> str:
    """An endpoint's state as people say it (the shared status words have no "enabled")."""
    return _("Enabled") if status == "enabled" else status_word(status)


def _not_available(request: Request, staff: Staff, exc: ApiProblem, title: str) -> Response:
    return page(
        request,
        "message.html",
        staff,
        {"title": title, "detail": problem_words(exc)},
        shown_status(exc),
    )


def _refused(request: Request, staff: Staff, text: str) -> Response:
    """A form the page could not have sent (a tampered or mistyped field)."""
    return page(request, "message.html", staff, {"title": N_("Not done"), "text": text}, 422)


@router.get("")
async def endpoints(request: Request, staff: AdminStaff) -> Response:
    api = Api(request, staff)
    partner_id = request.query_params.get("partner_id") or None
    status = request.query_params.get("status") or None
    problem, items, partners = None, [], []
    try:
        partners = await api.all_items("/v1/admin/partners", limit_pages=5)
        if partner_id is not None:
            ident(partner_id)
        if status not in (None, "enabled", "disabled"):
            status = None
        items = await api.all_items(ENDPOINTS, limit_pages=5, partner_id=partner_id, status=status)
    except ApiProblem as exc:
        problem = problem_words(exc)
    names = {p["id"]: p["name"] for p in partners}
    return page(
        request,
        "webhooks/endpoints.html",
        staff,
        {
            "endpoints": items,
            "partners": partners,
            "names": names,
            "partner_id": partner_id or "",
            "status": status or "",
            "problem": problem,
            "state_word": state_word,
        },
    )


def _count(value: str | None) -> int:
    return int(value) if value and value.isdigit() and len(value) < 10 else 0


def _since_default(endpoint: dict[str, Any]) -> str:
    """The redeliver form starts at the failure streak (or a day ago), in JST."""
    since = endpoint.get("failing_since") or endpoint.get("disabled_at")
    moment = datetime.fromisoformat(since) if since else utcnow() - timedelta(days=1)
    return moment.astimezone(JST).strftime("%Y-%m-%dT%H:%M")


@router.get("/{endpoint_id}")
async def endpoint(request: Request, staff: AdminStaff, endpoint_id: str) -> Response:
    api = Api(request, staff)
    base = f"{ENDPOINTS}/{ident(endpoint_id)}"
    shown = request.query_params.get("deliveries")
    shown = shown if shown in DELIVERY_STATUSES else None
    try:
        found = await api.get(base)
        deliveries = await api.get(base + "/deliveries", status=shown, order="newest", limit=SHOWN)
        attempts = await api.get(base + "/attempts", order="newest", limit=SHOWN)
        partner = await api.get(f"/v1/admin/partners/{found['partner_id']}")
    except ApiProblem as exc:
        return _not_available(request, staff, exc, N_("Not available"))
    notices = {
        "disabled": _("The endpoint is disabled."),
        "enabled": _("The endpoint is enabled."),
        "redelivered": _(
            "%(n)s failed events will be sent again.", n=_count(request.query_params.get("n"))
        ),
    }
    return page(
        request,
        "webhooks/endpoint.html",
        staff,
        {
            "endpoint": found,
            "partner": partner,
            "deliveries": deliveries["items"],
            "attempts": attempts["items"],
            "shown": shown or "",
            "statuses": DELIVERY_STATUSES,
            "since": _since_default(found),
            "state_word": state_word,
            "notice": notices.get(request.query_params.get("done", "")),
        },
    )


def _shown_as_not_done(
    request: Request, staff: Staff
) -> Callable[[ApiProblem], Awaitable[Response]]:
    """A refusal keeps the API's own status (a gone endpoint is a 404 page, not a 422)."""

    async def show(exc: ApiProblem) -> Response:
        return _not_available(request, staff, exc, N_("Not done"))

    return show


@router.post("/{endpoint_id}/status")
async def change_status(request: Request, staff: AdminStaff, endpoint_id: str) -> Response:
    target = (await form_of(request)).get("state")
    back = f"/backoffice/admin/webhooks/{ident(endpoint_id)}"
    if target not in ("enabled", "disabled"):
        return _refused(request, staff, N_("Choose to enable or to disable."))
    disabling = target == "disabled"
    return await change(
        request,
        staff,
        action=back + "/status",
        confirm=Confirm(
            title=_("Disable endpoint %(id)s?", id=endpoint_id)
            if disabling
            else _("Enable endpoint %(id)s?", id=endpoint_id),
            lines=[
                _("No event is sent to it until it is enabled again; what is waiting fails.")
                if disabling
                else _("Events are sent to it again; failed ones only if you redeliver them.")
            ],
            button=_("Disable the endpoint") if disabling else _("Enable the endpoint"),
            back=back,
            fields={"state": target},
        ),
        call=lambda api: api.call("PATCH", f"{ENDPOINTS}/{endpoint_id}", json={"status": target}),
        audit_as="webhook_endpoint.disable" if disabling else "webhook_endpoint.enable",
        target=endpoint_id,
        then=f"{back}?done={target}",
        failed=_shown_as_not_done(request, staff),
    )


@router.post("/{endpoint_id}/redeliver-failed")
async def redeliver_failed(request: Request, staff: AdminStaff, endpoint_id: str) -> Response:
    form = await form_of(request)
    back = f"/backoffice/admin/webhooks/{ident(endpoint_id)}"
    try:
        since = datetime.fromisoformat(form.get("since", "")).replace(tzinfo=JST)
    except ValueError:
        return _refused(request, staff, N_("Give the time as shown, in JST."))

    def redelivered(answer: httpx.Response) -> int:
        return int(answer.json()["redelivered"])

    return await change(
        request,
        staff,
        action=back + "/redeliver-failed",
        confirm=Confirm(
            title=_(
                "Send again every event that failed since %(since)s?", since=jst_datetime(since)
            ),
            lines=[
                _("The partner may receive events it already has; it deduplicates on the event id.")
            ],
            button=_("Send them again"),
            back=back,
            fields={"since": form.get("since", "")},
        ),
        call=lambda api: api.call(
            "POST", f"{ENDPOINTS}/{endpoint_id}/redeliver-failed", json={"since": since.isoformat()}
        ),
        audit_as="webhook_endpoint.redeliver_failed",
        target=endpoint_id,
        detail=lambda answer: {"since": since.isoformat(), "redelivered": redelivered(answer)},
        then=lambda answer: f"{back}?done=redelivered&n={redelivered(answer)}",
        failed=_shown_as_not_done(request, staff),
    )
