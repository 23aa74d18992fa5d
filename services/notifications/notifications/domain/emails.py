"""What each email says: subject, plain text and HTML, in the customer's language.

Transactional emails (a booking held, paid, cancelled, refunded, expired; a payment that
failed) go whatever the customer's news preferences are: they are part of
the contract, not marketing. The msgids below are the English texts; the Japanese ones
are in ``locale/ja/LC_MESSAGES/messages.po``.
"""

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from notifications.i18n import Texts


def N_(message: str) -> str:
    """Marks a msgid for extraction; it is translated when the email is composed."""
    return message


@dataclass(frozen=True)
class Wording:
    subject: str
    intro: str
    next_steps: str
    link_label: str


WORDING: dict[str, Wording] = {
    "booking.held": Wording(
        N_("Booking %(booking_id)s: your place is held"),
        N_("We are holding your place on the mission until %(hold_expires_at)s."),
        N_("Pay before the hold runs out to confirm the booking. Until then nothing is charged."),
        N_("Review and pay"),
    ),
    "booking.confirmed": Wording(
        N_("Booking %(booking_id)s is confirmed"),
        N_("Thank you. We received your payment of %(paid)s and your place is confirmed."),
        N_("We will write again when the mission launches and when it lands."),
        N_("See your booking"),
    ),
    "booking.cancelled": Wording(
        N_("Booking %(booking_id)s is cancelled"),
        N_("Your booking has been cancelled."),
        N_("If you paid, what is due to you is refunded to your card; we will tell you."),
        N_("See your booking"),
    ),
    "booking.refunded": Wording(
        N_("Booking %(booking_id)s is refunded"),
        N_("We have refunded %(refunded)s for this booking."),
        N_("Your card issuer may take a few days to show the refund."),
        N_("See your booking"),
    ),
    "booking.expired": Wording(
        N_("Booking %(booking_id)s: the hold has ended"),
        N_("The hold ran out before payment, so the place was released."),
        N_("You can book again while places are left."),
        N_("Browse the offerings"),
    ),
    "payment.failed": Wording(
        N_("Booking %(booking_id)s: the payment did not go through"),
        N_("Your card payment was declined; nothing was charged."),
        N_("You can try again with another card before the hold runs out."),
        N_("Review and pay"),
    ),
    "ballot.won": Wording(
        N_("You were drawn: booking %(booking_id)s holds your place"),
        N_("You were drawn in the ballot. Your place is held until %(hold_expires_at)s."),
        N_("Pay before then to confirm it; a place not paid in time passes to the next applicant."),
        N_("Review and pay"),
    ),
    "ballot.lost": Wording(
        N_("Ballot result: you were not drawn this time"),
        N_(
            "You were not drawn in the ballot; you keep your place in the ranking "
            "(number %(rank)s)."
        ),
        N_(
            "If a winner does not pay in time, the place passes down the ranking; we will "
            "write to you if it reaches you."
        ),
        N_("See the draw"),
    ),
}

COMMON = (
    N_("Hello %(name)s,"),
    N_("Booking"),
    N_("Status"),
    N_("Total (tax included)"),
    N_("Qty"),
    N_("This is a message about your booking; it is sent whatever your news preferences."),
    N_("Lunar Payload Exchange"),
)

_STATUS = {
    "held": N_("held"),
    "confirmed": N_("confirmed"),
    "cancelled": N_("cancelled"),
    "refunded": N_("refunded"),
    "expired": N_("expired"),
    "refund_due": N_("refund due"),
    "not_drawn": N_("not drawn"),
}

_templates = Environment(
    loader=FileSystemLoader(Path(__file__).parents[1] / "templates"),
    autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False),
    undefined=StrictUndefined,
    keep_trailing_newline=True,
)


@dataclass(frozen=True)
class Composed:
    subject: str
    text: str
    html: str


def _link(template: str, data: dict[str, Any], storefront_url: str) -> str:
    base = storefront_url.rstrip("/")
    if template == "ballot.lost" and data.get("offering_id"):
        return f"{base}/ballots/{data['offering_id']}"
    if template == "booking.expired" or not data.get("booking_id"):
        return f"{base}/offerings"
    return f"{base}/bookings/{data['booking_id']}"


def compose(template: str, lang: str, data: dict[str, Any], storefront_url: str) -> Composed:
    """The email for ``template`` (an event type) about the booking in ``data``."""
    t = Texts(lang)
    wording = WORDING[template]
    currency = str(data.get("currency") or "JPY")
    values = {
        "booking_id": data.get("booking_id") or "",
        "rank": data.get("rank") or "",
        "hold_expires_at": t.when(data.get("hold_expires_at")),
        "paid": t.money(data.get("paid_minor"), currency),
        "refunded": t.money(data.get("refunded_minor") or data.get("amount_minor"), currency),
    }
    lines = [
        {
            "name": str(line.get("name", "")),
            "quantity": int(line.get("quantity", 0)),
            "amount": t.money(line.get("amount_minor"), currency),
        }
        for line in data.get("lines") or []
    ]
    context = {
        "_": t.gettext,
        "greeting": t.gettext("Hello %(name)s,", name=(data.get("contact") or {}).get("name", "")),
        "intro": t.gettext(wording.intro, **values),
        "next_steps": t.gettext(wording.next_steps),
        "link_label": t.gettext(wording.link_label),
        "link": _link(template, data, storefront_url),
        "booking_id": values["booking_id"],
        "status": t.gettext(_STATUS.get(str(data.get("status")), str(data.get("status", "")))),
        "total": t.money(data.get("total_minor"), currency),
        "lines": lines,
        "lang": t.lang,
    }
    return Composed(
        subject=t.gettext(wording.subject, **values),
        text=_templates.get_template("email.txt").render(context),
        html=_templates.get_template("email.html").render(context),
    )
