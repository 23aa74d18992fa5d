"""Webhook signatures, the way Stripe signs its own webhooks.

``LPX-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>``; while
an old secret still overlaps a rolled one, a second ``v1=`` carries its signature too.
A receiver recomputes the HMAC over the raw body with its secret, compares in constant
time with any ``v1``, and refuses a ``t`` too far from its own clock (replays).
"""

import hashlib
import hmac
import secrets
import time
from collections.abc import Iterable

SIGNATURE_HEADER = "LPX-Signature"
EVENT_ID_HEADER = "LPX-Event-Id"
SECRET_PREFIX = "whsec_"


def new_secret() -> str:
    return SECRET_PREFIX + secrets.token_urlsafe(32)


def signature(secret: str, timestamp: int, body: bytes) -> str:
    signed = f"{timestamp}.".encode() + body
    return hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()


def header(secrets_: Iterable[str], timestamp: int, body: bytes) -> str:
    parts = [f"t={timestamp}"] + [f"v1={signature(s, timestamp, body)}" for s in secrets_]
    return ",".join(parts)


def verify(
    secret: str, header_value: str, body: bytes, *, tolerance: int = 300, now: float | None = None
) -> bool:
    """What a partner runs (the README shows the same in a few lines)."""
    try:
        pairs = [p.split("=", 1) for p in header_value.split(",")]
        timestamp = int(next(v for k, v in pairs if k == "t"))
    except (ValueError, StopIteration):
        return False
    if abs((now if now is not None else time.time()) - timestamp) > tolerance:
        return False
    expected = signature(secret, timestamp, body)
    return any(k == "v1" and hmac.compare_digest(v, expected) for k, v in pairs)
