"""Exponential backoff with jitter, for emails and webhook deliveries alike."""

import random


def backoff_seconds(attempts: int, base: float, cap: float) -> float:
    """The wait after ``attempts`` failures: base·2^(n-1), capped, with ±20 % jitter so
    that many failures at once do not come back at once."""
    delay = min(cap, base * 2 ** max(0, attempts - 1))
    return delay * random.uniform(0.8, 1.2)
