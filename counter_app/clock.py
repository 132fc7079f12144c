"""Time: UTC in storage, local time on screen and paper."""

from __future__ import annotations

import datetime as dt
from counter_app.i18n import _

UTC = dt.timezone.utc


def utc_now() -> dt.datetime:
    return dt.datetime.now(UTC)


def to_iso(moment: dt.datetime) -> str:
    """ISO 8601 in UTC with microseconds, so stored times sort as text."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def now_iso() -> str:
    return to_iso(utc_now())


def parse_iso(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def local(moment: dt.datetime | str) -> dt.datetime:
    """The same moment in this machine's zone, for display."""
    if isinstance(moment, str):
        moment = parse_iso(moment)
    return moment.astimezone()


def business_date(moment: dt.datetime | str) -> str:
    """The local calendar day a moment belongs to (YYYY-MM-DD)."""
    return local(moment).date().isoformat()


def format_local(moment: dt.datetime | str) -> str:
    """Local time with its zone, as printed on receipts: 27-11-2026 14:05:09 IST."""
    stamp = local(moment)
    return stamp.strftime("%d-%m-%Y %H:%M:%S ") + (stamp.tzname() or "")


def age_text(iso: str | None, now: dt.datetime | None = None) -> str:
    """How long ago a stored moment was, in the largest whole unit: "45 s", "3 min", "2 days"."""
    if not iso:
        return "-"
    seconds = int(((now or utc_now()) - parse_iso(iso)).total_seconds())
    if seconds < 90:
        return _("{n} s").format(n=seconds)
    if seconds < 90 * 60:
        return _("{n} min").format(n=seconds // 60)
    if seconds < 48 * 3600:
        return _("{n} h").format(n=seconds // 3600)
    return _("{n} days").format(n=seconds // 86400)


def skew_too_large(skew_s: float | None, warn_s: float) -> bool:
    """The rule for "this PC's clock is off": more than ``warn_s`` (setting ``clock_skew_warn_s``) from the server's."""
    return skew_s is not None and abs(skew_s) > warn_s
