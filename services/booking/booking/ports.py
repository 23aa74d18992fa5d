"""What the handlers need from the outside world, handed in by the app."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from booking.clients.catalog import CatalogClient
from booking.clients.payments import PaymentsClient
from booking.config import Settings
from lpx_common.db import Database


@dataclass
class Ports:
    db: Database
    settings: Settings
    catalog: CatalogClient
    payments: PaymentsClient
    # Called after a transaction that wrote outbox messages commits (wakes the relay).
    outbox_written: Callable[[], None] = lambda: None
    # Called when a waiting list may have something to offer (wakes its worker).
    waitlist_changed: Callable[[], None] = lambda: None
    # Called after a commit that changed these bookings (wakes reads waiting on them).
    bookings_changed: Callable[[Iterable[str]], None] = lambda ids: None
