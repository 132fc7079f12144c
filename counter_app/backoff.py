"""When to try the server again: exponential backoff with full jitter, never before Retry-After.

Full jitter (a uniform wait between zero and the exponential ceiling) spreads a
thousand counters that lost the server at the same moment over the whole
window, so they do not come back as a herd.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import random

BASE_S = 2.0


def full_jitter(failures: int, *, cap_s: float, rng: random.Random, base_s: float = BASE_S) -> float:
    """Seconds to wait after ``failures`` consecutive failures (1 or more)."""
    ceiling = min(cap_s, base_s * 2 ** min(max(failures - 1, 0), 30))
    return rng.uniform(0, ceiling)


def parse_retry_after(value: str | None, *, now: dt.datetime) -> float | None:
    """``Retry-After`` as seconds from ``now``: delta-seconds or an HTTP date; None if absent or garbled."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.timezone.utc)
    return max(0.0, (when - now).total_seconds())


def next_delay(failures: int, *, cap_s: float, rng: random.Random, retry_after_s: float | None = None) -> float:
    """The wait before the next attempt: jittered, capped, but never shorter than the server asked."""
    delay = full_jitter(failures, cap_s=cap_s, rng=rng)
    if retry_after_s is not None:
        delay = max(delay, retry_after_s)
    return delay
