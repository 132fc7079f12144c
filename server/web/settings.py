"""What the operations pages can be told at start (``counter-server run`` flags)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class WebSettings:
    # A counter that has not called the API for this long is flagged silent on the counters page.
    silent_after: dt.timedelta = dt.timedelta(minutes=30)
    # Local time of the people reading the pages; days in collections start at its midnight.
    timezone: str = "Asia/Kolkata"
    # Always mark the session cookie Secure (the server sits behind TLS).
    secure_cookies: bool = False
    # Proxies whose X-Forwarded-Proto header is believed (it says whether the browser used TLS).
    trusted_proxies: frozenset[str] = field(default_factory=frozenset)
    session_ttl: dt.timedelta = dt.timedelta(hours=12)
    # The audit reads every receipt number and journal entry; pages show a result at most this old
    # and refresh it in the background.
    audit_max_age: dt.timedelta = dt.timedelta(minutes=5)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)
