"""``POST /webhooks/stripe``: authenticated by Stripe's signature alone."""

from fastapi import APIRouter, Request
from prometheus_client import Counter

from lpx_common.auth import PublicRoute
from payments.deps import PortsDep, SettingsDep
from payments.domain import events
from payments.schemas import WebhookAck

router = APIRouter(tags=["webhooks"])

WEBHOOKS = Counter("stripe_webhooks_total", "Stripe webhook deliveries", ["outcome"])


@router.post("/webhooks/stripe", dependencies=[PublicRoute], response_model=WebhookAck)
async def stripe_webhook(request: Request, ports: PortsDep, settings: SettingsDep) -> WebhookAck:
    """Verify, store once, acknowledge; processing happens in the background."""
    payload = await request.body()
    try:
        event = events.verify_and_parse(
            payload,
            request.headers.get("stripe-signature"),
            settings.stripe_webhook_secret.get_secret_value(),
            settings.stripe_webhook_tolerance_seconds,
        )
    except events.BadSignature:
        WEBHOOKS.labels("refused").inc()
        raise
    if not events.acted_on(event["type"]):
        # Stripe sends several events for one payment; one no handler acts on would
        # only be stored, leased and marked ignored (a third of a purchase's events).
        WEBHOOKS.labels("ignored").inc()
        return WebhookAck(duplicate=False)
    stored = await events.store_event(ports, event)
    WEBHOOKS.labels("stored" if stored else "duplicate").inc()
    if stored:
        request.app.state.event_processor.notify()
    return WebhookAck(duplicate=not stored)
