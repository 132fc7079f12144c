"""How the pages write money, times and local days: Indian grouping, local time, UTC bounds of a day."""

from __future__ import annotations

import datetime as dt

from counter_app import clock, money


def rupees(paise: int | None) -> str:
    """1,00,000.00 (no symbol: the column says Rs)."""
    return money.format_rupees(paise or 0, symbol="")


def plain_rupees(paise: int) -> str:
    """100000.00, for CSV: a spreadsheet reads it as a number."""
    sign = "-" if paise < 0 else ""
    whole, frac = divmod(abs(paise), money.PAISE_PER_RUPEE)
    return f"{sign}{whole}.{frac:02d}"


def count(value: int | None) -> str:
    return money.group_indian(value or 0)


def local_time(iso: str | None, zone: dt.tzinfo, fmt: str = "%d-%m-%Y %H:%M") -> str:
    if not iso:
        return "never"
    return clock.parse_iso(iso).astimezone(zone).strftime(fmt)


def ago(iso: str | None, now: dt.datetime) -> str:
    """'5 min ago', '3 h ago', '2 days ago'."""
    if not iso:
        return "never"
    seconds = int((now - clock.parse_iso(iso)).total_seconds())
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{seconds // 60} min ago"
    if seconds < 48 * 3600:
        return f"{seconds // 3600} h ago"
    return f"{seconds // 86400} days ago"


def day_bounds(first: dt.date, last: dt.date, zone: dt.tzinfo) -> tuple[str, str]:
    """UTC ISO bounds [start, end) of the local days first..last."""
    start = dt.datetime.combine(first, dt.time(), zone)
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time(), zone)
    return clock.to_iso(start), clock.to_iso(end)


def today(zone: dt.tzinfo, now: dt.datetime | None = None) -> dt.date:
    return (now or clock.utc_now()).astimezone(zone).date()


def utc_offset_minutes(day: dt.date, zone: dt.tzinfo) -> int:
    offset = dt.datetime.combine(day, dt.time(12), zone).utcoffset() or dt.timedelta()
    return int(offset.total_seconds() // 60)
