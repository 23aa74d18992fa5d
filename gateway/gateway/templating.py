"""Jinja2 templates of the storefront and docs pages (no build step), with the i18n
extension bound to the request's language (gateway.i18n).

The context processor runs for every page before it renders: it picks the request's
language (so the shared environment's ``_()`` answers in it) and adds what every page
shows (the language switch, the footer's legal links, the messages app.js uses).
"""

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.templating import Jinja2Templates

from gateway import i18n, legal
from gateway.i18n import _

HERE = Path(__file__).parent
STATIC_DIR = HERE / "static"


def js_messages() -> dict[str, str]:
    """Texts app.js shows, in the page's language (embedded as JSON, never executed)."""
    return {
        "status.held": _("Reserved, waiting for payment"),
        "status.under_review": _("Under review"),
        "status.approved": _("Approved"),
        "status.confirmed": _("Confirmed"),
        "status.expired": _("Expired (not paid in time)"),
        "status.cancelled": _("Cancelled"),
        "status.rejected": _("Rejected"),
        "status.refund_due": _("Cancelled, refund on its way"),
        "status.refunded": _("Refunded"),
        "status.flown": _("Flown"),
        "status.delivered": _("Delivered"),
        "status.mission_lost": _("Mission lost"),
        "next.held": _("Pay before the hold ends, or the reserved capacity goes back on sale."),
        "next.confirmed": _(
            "Paid and confirmed. It flies on the mission you booked; we email your "
            "certificate after landing."
        ),
        "next.expired": _("The hold ended before payment. Nothing was charged."),
        "next.cancelled": _("Cancelled. Nothing more will happen."),
        "next.refund_due": _("Your refund is on its way to your card (usually 5 to 10 days)."),
        "next.refunded": _("The refund has been sent to your card."),
        "next.flown": _("Launched. We email your certificate after landing."),
        "next.delivered": _("Delivered. Thank you for flying with us."),
        "next.mission_lost": _("The mission was lost. See our email about what happens next."),
        "next.other": _("We will email you when anything changes."),
        "left": _("%(n)s left"),
        "hold_ends_in": _("Hold ends in %(time)s"),
        "hold_ended": _("The hold has ended."),
        "minutes": _("%(m)s min %(s)s s"),
        "sign_in_again": _("Please sign in again."),
        "failed": _("Something went wrong (%(status)s). Please try again."),
        "loading": _("Loading…"),
        "fee_preview": _(
            "If you cancel now, %(fee)s is kept as the cancellation fee and %(refund)s is refunded."
        ),
        "delivery": _(
            "Flown on %(mission)s, launch window %(start)s to %(end)s. Your certificate of "
            "carriage is emailed within 30 days after landing."
        ),
        "cancel_terms": _(
            "You may cancel until %(cutoff)s. After payment, %(fee)s is kept as the "
            "cancellation fee and %(refund)s is refunded. After that date no cancellation."
        ),
        "cancel_terms_nocutoff": _(
            "You may cancel before launch; after payment %(fee)s is kept as the fee."
        ),
        "cancel_not_possible": _("This booking can no longer be cancelled."),
        "refund_line": _("Refunded: %(refund)s"),
        "refund_pending_line": _("Refund on its way: %(refund)s"),
        "fee_line": _("Cancellation fee kept: %(fee)s"),
        "paid_line": _("Paid: %(paid)s"),
        "tax_line": _("of which consumption tax %(rate)s: %(tax)s"),
        "no_tax": _("not taxable"),
        "booking_ref": _("Booking %(id)s"),
        "made_on": _("Booked on %(date)s"),
        "open": _("Open"),
        "what": _("What"),
        "total": _("Total (tax included)"),
        "state": _("State"),
        # Problems a customer can meet, by the code ending their problem+json type.
        "problem.insufficient-capacity": _("Not enough left for that quantity."),
        "problem.quantity-out-of-range": _("That quantity cannot be booked."),
        "problem.outside-sale-window": _("This offering is not on sale right now."),
        "problem.mission-not-on-sale": _("This mission is not on sale right now."),
        "problem.hold-expired": _("The hold has ended. Please book again."),
        "problem.checkout-expired": _("The payment page has expired. Please book again."),
        "problem.not-payable": _("This booking cannot be paid any more."),
        "problem.cancellation-cutoff-passed": _("The cancellation deadline has passed."),
        "problem.invalid-inscription": _(
            "The name or dedication cannot be engraved: use up to 40 letters, digits, kana "
            "or kanji, spaces and . , ' - & ! ?"
        ),
        "problem.validation-error": _("Please check the form: some fields are not valid."),
        "problem.unauthorized": _("Please sign in again."),
        "problem.session-ended": _("Please sign in again."),
        "problem.invalid-credentials": _("The email or password is not right."),
        "problem.email-taken": _("An account with this email already exists."),
        "problem.rate-limited": _("Too many attempts; please wait a moment."),
        "problem.waiting-list-ahead": _(
            "Others are waiting for this offering: what comes back is offered to them first. "
            "Join the waiting list."
        ),
        "problem.already-waiting": _("You are already on this waiting list."),
        "problem.not-sold-out": _("Places are still available: you can book now."),
        "problem.offer-outstanding": _(
            "A place is held for you: pay for it, or cancel that booking to give it up."
        ),
    }


def _common(request: Request) -> dict[str, Any]:
    lang = i18n.locale_of(request)
    i18n.use_locale(lang)
    settings = request.app.state.settings
    texts = legal.load(settings.legal_file)
    return {
        "lang": lang,
        "other_lang": "en" if lang == "ja" else "ja",
        "seller_name": legal.pick(texts.seller.name, lang),
        "js_messages": js_messages(),
        "here": request.url.path + (f"?{request.url.query}" if request.url.query else ""),
    }


templates = Jinja2Templates(directory=HERE / "templates", context_processors=[_common])
env = templates.env
env.add_extension("jinja2.ext.i18n")
env.install_gettext_callables(  # type: ignore[attr-defined]
    gettext=i18n.gettext, ngettext=i18n.ngettext, newstyle=True
)
env.filters["money"] = i18n.money
env.filters["number"] = i18n.number
env.filters["jst_date"] = i18n.jst_date
env.filters["jst_datetime"] = i18n.jst_datetime
env.globals["pick"] = legal.pick
