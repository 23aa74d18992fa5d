"""The event types an operator enables on the Stripe webhook endpoint (payments README)
are the ones payments acts on: one missing there is never sent, so a payment, refund,
dispute, invoice or payout would never move; one too many is sent and dropped."""

import re
from pathlib import Path

from payments.main import stripe_event_types

README = Path(__file__).parents[2] / "services" / "payments" / "README.md"


def test_the_documented_webhook_events_are_the_ones_payments_acts_on() -> None:
    block = re.search(
        r"<!-- stripe-events -->(.*?)<!-- /stripe-events -->", README.read_text(), re.S
    )
    assert block, "the README's list of webhook event types is gone"
    documented = re.findall(r"`([a-z_.]+)`", block.group(1))
    assert documented == sorted(set(documented)), "keep the list sorted and without repeats"
    assert documented == stripe_event_types()
