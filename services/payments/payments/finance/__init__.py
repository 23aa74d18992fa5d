"""Finance inside the payments service: company invoices, payouts, reconciliation.

Plugged into the payments app with ``finance.router`` (routes); event handlers run by the
payments event processor: ``handle_invoice_event`` (``INVOICE_EVENTS``),
``handle_payout_event`` (``PAYOUT_EVENTS``) and ``handle_ledger_event`` (after every
event); and ``booking_answer_recorder(db)``, the outbox relay's ``on_delivered`` hook that
keeps what booking answered, for the exception lists.
"""

from payments.finance import models as models  # registers the tables in Base.metadata
from payments.finance.api import router
from payments.finance.booking_view import booking_answer_recorder
from payments.finance.handlers import (
    INVOICE_EVENTS,
    PAYOUT_EVENTS,
    handle_invoice_event,
    handle_ledger_event,
    handle_payout_event,
)

__all__ = [
    "INVOICE_EVENTS",
    "PAYOUT_EVENTS",
    "booking_answer_recorder",
    "handle_invoice_event",
    "handle_ledger_event",
    "handle_payout_event",
    "router",
]
