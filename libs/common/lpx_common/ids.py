"""Opaque, prefixed, time-sortable identifiers such as ``bkg_01JD...``.

The body is a monotonic ULID (48-bit millisecond time + 80 random bits, Crockford
base32): ids sort by creation time, and ids made in the same millisecond by one process
still sort in creation order, which cursor pagination relies on.
"""

import os
import threading
import time

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
