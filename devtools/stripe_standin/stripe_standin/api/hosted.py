"""The hosted payment page: ``GET /checkout/{id}`` shows a card form, ``POST`` pays.

Plain, accessible HTML with stable ids (``#card-number``, ``#card-expiry``,
``#card-cvc``, ``#pay``) so a person or a browser test can pay with a test card. Like
Stripe Checkout it honours the session's ``locale``: ``ja`` or ``en``, or ``auto`` (the
default) for the browser's ``Accept-Language``.
"""

from html import escape
from typing import Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from stripe_standin import operations as ops
from stripe_standin.deps import StoreDep
from stripe_standin.errors import StripeError
from stripe_standin.store import ZERO_DECIMAL

router = APIRouter()

TEXTS = {
    "en": {
        "closed": "This checkout is {status}; it can no longer be paid.",
        "number": "Card number",
        "expiry": "Expiry (MM / YY)",
        "cvc": "CVC",
        "pay": "Pay {amount}",
        "hint": "Test mode: 4242 4242 4242 4242 succeeds, 4000 0000 0000 0002 is declined.",
        "due": "Amount due:",
        "declined": "Your card was declined.",
    },
    "ja": {
        "closed": "この決済は{status}のため、お支払いできません。",
        "number": "カード番号",
        "expiry": "有効期限（MM / YY）",
        "cvc": "セキュリティコード",
        "pay": "{amount}を支払う",
        "hint": "テストモード：4242 4242 4242 4242 は成功、4000 0000 0000 0002 は拒否されます。",
        "due": "お支払い金額：",
        "declined": "カードが拒否されました。別のカードをお試しください。",
    },
}


def _language(session: dict[str, Any], accept_language: str) -> str:
    chosen = str(session.get("locale") or "auto").split("-")[0]
    if chosen in TEXTS:
        return chosen
    for part in accept_language.split(","):
        tag = part.split(";")[0].strip().split("-")[0].lower()
        if tag in TEXTS:
            return tag
    return "en"


def _amount(amount: int, currency: str) -> str:
    if currency in ZERO_DECIMAL:
        return f"{amount:,} {currency.upper()}"
    return f"{amount // 100:,}.{amount % 100:02d} {currency.upper()}"


def _page(
    session: dict[str, Any],
    lang: str,
    *,
    error: str | None = None,
    status: int = 200,
) -> HTMLResponse:
    text = TEXTS[lang]
    title = escape(session.get("description") or "Lunar Payload Exchange")
    amount = _amount(session["amount_total"], session["currency"])
    if session["status"] != "open":
        closed = escape(text["closed"].format(status=session["status"]))
        body = f'<p id="session-status" role="status">{closed}</p>'
    else:
        alert = (
            f'<p id="card-error" role="alert" class="error">{escape(error)}</p>' if error else ""
        )
        body = f"""{alert}
<form method="post" action="/checkout/{escape(session["id"])}" id="payment-form">
  <p><label for="card-number">{text["number"]}</label><br>
  <input id="card-number" name="card_number" inputmode="numeric" autocomplete="cc-number"
         placeholder="4242 4242 4242 4242" required></p>
  <p><label for="card-expiry">{text["expiry"]}</label><br>
  <input id="card-expiry" name="card_expiry" autocomplete="cc-exp" placeholder="12 / 34"
         required></p>
  <p><label for="card-cvc">{text["cvc"]}</label><br>
  <input id="card-cvc" name="card_cvc" inputmode="numeric" autocomplete="cc-csc"
         placeholder="123" required></p>
  <button id="pay" type="submit">{escape(text["pay"].format(amount=amount))}</button>
</form>
<p class="hint">{escape(text["hint"])}</p>"""
    html = f"""<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(text["pay"].format(amount=amount))} — {title}</title>
<style>body{{font-family:system-ui,sans-serif;max-width:28rem;margin:2rem auto;padding:0 1rem}}
input{{font-size:1rem;padding:.4rem;width:100%;box-sizing:border-box}}
button{{font-size:1rem;padding:.6rem 1.2rem;margin-top:.5rem}}
.error{{color:#a00;font-weight:bold}}.hint{{color:#555;font-size:.85rem}}</style></head>
<body><main>
<h1>{title}</h1>
<p id="amount">{text["due"]} <strong>{escape(amount)}</strong></p>
{body}
</main></body></html>"""
    return HTMLResponse(html, status_code=status)


@router.get("/checkout/{session_id}", response_class=HTMLResponse)
async def show_checkout(session_id: str, request: Request, store: StoreDep) -> Response:
    session = store.objects.get(session_id)
    if session is None or session["object"] != "checkout.session":
        return HTMLResponse(
            "<!doctype html><title>Not found</title><p>No such checkout.</p>", status_code=404
        )
    async with store.lock:
        ops.sweep_expired(store)
    return _page(session, _language(session, request.headers.get("accept-language", "")))


@router.post("/checkout/{session_id}", response_class=HTMLResponse)
async def pay_checkout(
    session_id: str,
    request: Request,
    store: StoreDep,
    card_number: str = Form(""),
    card_expiry: str = Form(""),
    card_cvc: str = Form(""),
) -> Response:
    session = store.objects.get(session_id)
    if session is None or session["object"] != "checkout.session":
        return HTMLResponse(
            "<!doctype html><title>Not found</title><p>No such checkout.</p>", status_code=404
        )
    async with store.lock:
        try:
            ops.pay_session(store, session, card_number, card_expiry, card_cvc)
        except StripeError as exc:
            # A decline keeps the session open: the buyer may try another card.
            lang = _language(session, request.headers.get("accept-language", ""))
            declined = exc.body.get("code") == "card_declined" and lang != "en"
            message = TEXTS[lang]["declined"] if declined else exc.body["message"]
            return _page(session, lang, error=message, status=exc.status)
    return RedirectResponse(
        session["success_url"].replace("{CHECKOUT_SESSION_ID}", session_id), status_code=303
    )
