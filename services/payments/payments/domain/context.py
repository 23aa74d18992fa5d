"""What the domain needs from the outside world, handed in by the app."""

from collections.abc import Callable
from dataclasses import dataclass

from lpx_common.db import Database
from payments.clients.stripe_api import StripeApi


@dataclass
class Ports:
    db: Database
    stripe: StripeApi
    # Called after a transaction that enqueued outbox messages commits (wakes the relay).
    outbox_written: Callable[[], None] = lambda: None
