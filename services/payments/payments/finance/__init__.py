"""Finance inside the payments service: company invoices, payouts, reconciliation.

Plugged into the payments app with ``finance.router`` (routes); event handlers run by the
payments event processor: ``handle_invoice_event`` (``INVOICE_EVENTS``),
``handle_payout_event`` (``PAYOUT_EVENTS``) and ``handle_ledger_event`` (after every
event). Booking's statuses come from booking's own status feed (``booking_view``).
"""

from payments.finance import models as models  # registers the tables in Base.metadata
from payments.finance.api import router
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
    "handle_invoice_event",
    "handle_ledger_event",
    "handle_payout_event",
    "router",
]
