"""What each email says: subject, plain text and HTML, in the customer's language.

Transactional emails (a booking held, paid, cancelled, refunded, expired; a payment that
failed; a milestone invoiced or overdue) go whatever the customer's news preferences are:
they are part of the contract, not marketing. A partner whose webhook endpoint was
disabled is told by email too (``webhook_endpoint.disabled``). The msgids below are the
English texts; the Japanese ones are in ``locale/ja/LC_MESSAGES/messages.po``.
"""

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from notifications.i18n import Texts

ENDPOINT_DISABLED = "webhook_endpoint.disabled"


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
    "milestone.invoiced": Wording(
        N_("Booking %(booking_id)s: invoice for %(milestone)s"),
        N_("We have issued an invoice of %(amount)s for %(milestone)s, due by %(due_date)s."),
        N_(
            "The invoice with our bank details follows from our billing system. "
            "Please pay it by bank transfer before the due date."
        ),
        N_("See your booking"),
    ),
    "milestone.overdue": Wording(
        N_("Booking %(booking_id)s: the payment for %(milestone)s is overdue"),
        N_(
            "The invoice of %(amount)s for %(milestone)s was due on %(due_date)s "
            "and we have not received the payment yet."
        ),
        N_("Please pay it as soon as you can. If you have just paid, please ignore this email."),
        N_("See your booking"),
    ),
    ENDPOINT_DISABLED: Wording(
        N_("Webhook endpoint %(endpoint_id)s has been disabled"),
        N_(
            "Every delivery to %(url)s has failed since %(failing_since)s, "
            "so we have stopped sending events to it."
        ),
        N_(
            "Fix the receiver, enable the endpoint again through the API or ask us to, "
            "then ask for the failed events to be sent again (redeliver-failed)."
        ),
        N_("Webhook documentation"),
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
    "waitlist.offered": Wording(
        N_("Your turn on the waiting list: booking %(booking_id)s holds your place"),
        N_("Capacity came back and it is yours first: it is held until %(hold_expires_at)s."),
        N_(
            "Pay before then to confirm the booking; an offer not paid in time passes to the "
            "next person in line."
        ),
        N_("Review and pay"),
    ),
    "waitlist.lapsed": Wording(
        N_("Booking %(booking_id)s: your waiting-list offer has lapsed"),
        N_("Your offer was not paid for in time, so it passed to the next person in line."),
        N_("You can join the waiting list again while the offering is sold out."),
        N_("See the offering"),
    ),
}

COMMON = (
    N_("Hello %(name)s,"),
    N_("Hello,"),
    N_("Booking"),
    N_("Status"),
    N_("Total (tax included)"),
    N_("Qty"),
    N_("Milestone"),
    N_("Amount due"),
    N_("Due date"),
    N_("Endpoint"),
    N_("Last error"),
    N_("This is a message about your booking; it is sent whatever your news preferences."),
    N_("This is a message about your webhook endpoint."),
    N_("Lunar Payload Exchange"),
)

_STATUS = {
    "held": N_("held"),
    "confirmed": N_("confirmed"),
    "cancelled": N_("cancelled"),
    "refunded": N_("refunded"),
    "expired": N_("expired"),
    "refund_due": N_("refund due"),
    "approved": N_("approved"),
    "disabled": N_("disabled"),
    "not_drawn": N_("not drawn"),
    "lapsed": N_("lapsed"),
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
    if template == ENDPOINT_DISABLED:
        return f"{base}/docs"
    if template == "ballot.lost" and data.get("offering_id"):
        return f"{base}/ballots/{data['offering_id']}"
    if template == "waitlist.lapsed" and data.get("offering_id"):
        return f"{base}/waitlists/{data['offering_id']}"
    if template == "booking.expired" or not data.get("booking_id"):
        return f"{base}/offerings"
    return f"{base}/bookings/{data['booking_id']}"


def _facts(template: str, t: Texts, data: dict[str, Any], values: dict[str, str]) -> list[Any]:
    """The (label, value) rows under the greeting."""
    if template == ENDPOINT_DISABLED:
        return [
            (t.gettext("Endpoint"), f"{data.get('endpoint_id', '')} — {data.get('url', '')}"),
            (t.gettext("Status"), t.gettext(_STATUS["disabled"])),
            (t.gettext("Last error"), str(data.get("last_error") or "—")),
        ]
    status = str(data.get("status", ""))
    rows = [(t.gettext("Booking"), values["booking_id"])] if values["booking_id"] else []
    rows.append((t.gettext("Status"), t.gettext(_STATUS.get(status, status))))
    if template.startswith("milestone."):
        rows += [
            (t.gettext("Milestone"), values["milestone"]),
            (t.gettext("Amount due"), values["amount"]),
            (t.gettext("Due date"), values["due_date"]),
        ]
    return rows


def compose(template: str, lang: str, data: dict[str, Any], storefront_url: str) -> Composed:
    """The email for ``template`` (an event type) about the booking (or the endpoint)
    in ``data``."""
    t = Texts(lang)
    wording = WORDING[template]
    currency = str(data.get("currency") or "JPY")
    milestone = data.get("milestone") if isinstance(data.get("milestone"), dict) else {}
    values = {
        "booking_id": str(data.get("booking_id") or ""),
        "rank": data.get("rank") or "",
        "hold_expires_at": t.when(data.get("hold_expires_at")),
        "paid": t.money(data.get("paid_minor"), currency),
        "refunded": t.money(data.get("refunded_minor") or data.get("amount_minor"), currency),
        "milestone": str(milestone.get("label", "")),
        "amount": t.money(milestone.get("amount_minor"), currency),
        "due_date": t.day(milestone.get("due_date")),
        "endpoint_id": str(data.get("endpoint_id", "")),
        "url": str(data.get("url", "")),
        "failing_since": t.when(data.get("failing_since")),
    }
    lines = [
        {
            "name": str(line.get("name", "")),
            "quantity": int(line.get("quantity", 0)),
            "amount": t.money(line.get("amount_minor"), currency),
        }
        for line in data.get("lines") or []
    ]
    name = (data.get("contact") or {}).get("name")
    partner = template == ENDPOINT_DISABLED
    footer = (
        "This is a message about your webhook endpoint."
        if partner
        else "This is a message about your booking; it is sent whatever your news preferences."
    )
    context = {
        "_": t.gettext,
        "greeting": t.gettext("Hello %(name)s,", name=name) if name else t.gettext("Hello,"),
        "intro": t.gettext(wording.intro, **values),
        "next_steps": t.gettext(wording.next_steps),
        "link_label": t.gettext(wording.link_label),
        "link": _link(template, data, storefront_url),
        "facts": _facts(template, t, data, values),
        "total": None if partner else t.money(data.get("total_minor"), currency),
        "lines": lines,
        "footer": t.gettext(footer),
        "lang": t.lang,
    }
    return Composed(
        subject=t.gettext(wording.subject, **values),
        text=_templates.get_template("email.txt").render(context),
        html=_templates.get_template("email.html").render(context),
    )
