"""Request plumbing shared by the stand-in's routers: auth, form params, idempotency."""

import base64
import hmac
from typing import Annotated, Any
from urllib.parse import parse_qsl

from fastapi import Depends, Request

from stripe_standin.config import StandinSettings
from stripe_standin.errors import StripeError
from stripe_standin.forms import parse_form
from stripe_standin.store import Store
from stripe_standin.webhooks import WebhookDeliverer


def get_store(request: Request) -> Store:
    return request.app.state.store


def get_settings(request: Request) -> StandinSettings:
    return request.app.state.settings


def get_deliverer(request: Request) -> WebhookDeliverer:
    return request.app.state.deliverer


def require_secret_key(request: Request) -> None:
    """Stripe's auth: ``Authorization: Bearer sk_…`` (or HTTP Basic with the key as user)."""
    settings: StandinSettings = request.app.state.settings
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() == "basic":
        try:
            token = base64.b64decode(token).decode().split(":", 1)[0]
        except ValueError:
            token = ""
    elif scheme.lower() != "bearer":
        token = ""
    if not token:
        raise StripeError(
            "You did not provide an API key. You need to provide your API key in the "
            "Authorization header, using Bearer auth "
            "(e.g. 'Authorization: Bearer YOUR_SECRET_KEY').",
            status=401,
        )
    if not hmac.compare_digest(token.encode(), settings.api_key.encode()):
        shown = token[:8] + "*" * max(0, len(token) - 12) + token[-4:]
        raise StripeError(f"Invalid API Key provided: {shown}", status=401)


async def form_params(request: Request) -> dict[str, Any]:
    """Query string and form body merged, with Stripe's bracket notation decoded."""
    pairs = list(request.query_params.multi_items())
    if request.method in ("POST", "DELETE"):
        body = (await request.body()).decode()
        pairs += parse_qsl(body, keep_blank_values=True)
    return parse_form(pairs)


StoreDep = Annotated[Store, Depends(get_store)]
SettingsDep = Annotated[StandinSettings, Depends(get_settings)]
DelivererDep = Annotated[WebhookDeliverer, Depends(get_deliverer)]
Params = Annotated[dict[str, Any], Depends(form_params)]
SecretKey = Depends(require_secret_key)
