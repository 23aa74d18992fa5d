"""Opaque, prefixed, time-sortable identifiers such as ``bkg_01JD...``.

The body is a monotonic ULID (48-bit millisecond time + 80 random bits, Crockford
base32): ids sort by creation time, and ids made in the same millisecond by one process
still sort in creation order, which cursor pagination relies on.
"""

import os
import re
import threading
import time
from typing import Annotated, Any

from pydantic import AfterValidator, WithJsonSchema

_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_RANDOM_MAX = (1 << 80) - 1
_lock = threading.Lock()
_last_ms = 0
_last_random = 0


def _ulid() -> int:
    global _last_ms, _last_random
    with _lock:
        now_ms = int(time.time() * 1000)
        if now_ms <= _last_ms and _last_random < _RANDOM_MAX:
            now_ms, random_part = _last_ms, _last_random + 1
        else:
            random_part = int.from_bytes(os.urandom(10), "big") >> 1  # headroom to increment
        _last_ms, _last_random = now_ms, random_part
    return (now_ms << 80) | random_part


def new_id(prefix: str) -> str:
    value = _ulid()
    chars = []
    for _ in range(26):
        value, index = divmod(value, 32)
        chars.append(_ALPHABET[index])
    return f"{prefix}_{''.join(reversed(chars))}"


# --- validating ids a client sends ------------------------------------------------------
#
# An id from outside is checked against its format before anything uses it: in a path,
# a query or a body. Besides giving the caller a clear 422, this is what keeps a value
# like "../../internal/x" or "a#b" from ever reaching a database query or, worse, the
# URL of a call to a peer service.

ID_BODY_LENGTH = 26
_OUR_ID = r"[0-9A-HJKMNP-TV-Z]{26}"
# Stripe ids: a short lowercase prefix, "_", then letters and digits (24 today; Stripe
# says the length may grow, so up to 128 is accepted).
_STRIPE_ID = r"[A-Za-z0-9]{1,128}"
MAX_ID_LENGTH = 160


def _id_type(pattern: str, description: str, example: str) -> Any:
    compiled = re.compile(pattern)
    message = f"must be {description}"

    def check(value: str) -> str:
        if len(value) > MAX_ID_LENGTH or compiled.fullmatch(value) is None:
            raise ValueError(message)
        return value

    return Annotated[
        str,
        AfterValidator(check),
        WithJsonSchema(
            {"type": "string", "pattern": f"^{pattern}$", "examples": [example]},
        ),
    ]


def prefixed_id(*prefixes: str) -> Any:
    """A ``str`` type (for a path, query or body field) admitting only our own ids with
    one of ``prefixes``: ``<prefix>_`` and 26 Crockford base32 characters."""
    alternatives = "|".join(re.escape(p) for p in prefixes)
    return _id_type(
        f"(?:{alternatives})_{_OUR_ID}",
        " or ".join(f"'{p}_'" for p in prefixes)
        + f" followed by {ID_BODY_LENGTH} Crockford base32 characters",
        f"{prefixes[0]}_01JD5Z6Q8W3R4T5Y6V7J8Q9P0A",
    )


def stripe_id(prefix: str) -> Any:
    """A ``str`` type admitting a Stripe object id such as ``po_1Nq…``."""
    return _id_type(
        f"{re.escape(prefix)}_{_STRIPE_ID}",
        f"a Stripe id: '{prefix}_' followed by letters and digits",
        f"{prefix}_1NqExample0000000000000",
    )


# The ids services receive from clients and from each other. One list, so that every
# service checks an id of a given kind the same way.
AccountId = prefixed_id("cus", "stf")
AllocationId = prefixed_id("alc")
ApiKeyId = prefixed_id("key")
BookingId = prefixed_id("bkg")
InvoiceId = prefixed_id("inv")
MilestoneId = prefixed_id("mst")
MissionId = prefixed_id("msn")
OfferingId = prefixed_id("off")
PartnerId = prefixed_id("ptn")
PaymentId = prefixed_id("pay")
RefundId = prefixed_id("rfd")
StripePayoutId = stripe_id("po")
