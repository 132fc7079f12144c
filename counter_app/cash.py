"""Cash: counted by denomination as a cashier counts a drawer, and rounded as cash is paid.

Denominations and the cash rounding are settings (``denominations``,
``cash_rounding_paise``). Values are paise inside; a count line names a value in
rupees as people say it: ``2000x1`` (one Rs 2,000 note), ``0.50x2`` (two 50-paise coins).
"""

from __future__ import annotations

import re

import sqlite_utils

from counter_app import settings
from counter_app.errors import InputError
from counter_app.money import PAISE_PER_RUPEE, parse_denominations, parse_rupees
from counter_app.i18n import _

# The Indian notes and coins a counter takes (Rs 20 and 10 exist as both; a count
# line names the value, not the form), and the 50-paise coin.
DEFAULT_DENOMINATIONS = "2000,500,200,100,50,20,10,5,2,1,0.50"
__all__ = ["DEFAULT_DENOMINATIONS", "parse_denominations", "denominations", "parse_count", "count_total_paise",
           "count_json", "count_text", "parse_float", "rounding_for", "label"]
_ITEM = re.compile(r"^\s*(\d+(?:\.\d{1,2})?)\s*[xX×*]\s*(\d+)\s*$", re.ASCII)


def label(paise: int) -> str:
    """A denomination as written on a count: 2000, 1, 0.50."""
    whole, frac = divmod(paise, PAISE_PER_RUPEE)
    return f"{whole}.{frac:02d}" if frac else str(whole)


def denominations(db: sqlite_utils.Database) -> tuple[int, ...]:
    return parse_denominations(settings.get(db, "denominations"))


def parse_count(text: str, allowed: tuple[int, ...], *, field: str = "count") -> dict[int, int]:
    """Parse "2000x1,500x10,0.50x2" into {200000: 1, 50000: 10, 50: 2} (value in paise -> pieces)."""
    counts: dict[int, int] = {}
    items = [part for part in (text or "").split(",") if part.strip()]
    if not items:
        raise InputError(_('Give the count as value x pieces, like "500x10,100x4,0.50x2".'), field=field)
    for part in items:
        match = _ITEM.match(part)
        if not match:
            raise InputError(_('Count item {strip} is not valid: write value x pieces, like "500x10" or '
                               '"0.50x2".').format(strip=repr(part.strip())), field=field)
        value, pieces = parse_rupees(match[1], field=field), int(match[2])
        if value not in allowed:
            raise InputError(_("Rs {value} is not a denomination; use one of {join}.").format(
                value=match[1], join=', '.join(label(v) for v in allowed)), field=field)
        counts[value] = counts.get(value, 0) + pieces
    return counts


def count_total_paise(counts: dict[int, int]) -> int:
    return sum(value * pieces for value, pieces in counts.items())


def count_json(counts: dict[int, int]) -> dict[str, int]:
    """A count as stored and journaled: rupee labels ("2000", "0.50"), largest first."""
    return {label(value): pieces for value, pieces in sorted(counts.items(), reverse=True)}


def count_text(counts: dict[int, int]) -> str:
    """A count as typed on the command line: "2000x1,0.50x2"."""
    return ",".join(f"{label(v)}x{n}" for v, n in sorted(counts.items(), reverse=True) if n)


def parse_float(text: str, allowed: tuple[int, ...], *, field: str = "float") -> tuple[int, dict[int, int] | None]:
    """An opening float: a denomination count or a plain rupee amount."""
    if "x" in (text or "").lower() or "×" in (text or ""):
        counts = parse_count(text, allowed, field=field)
        return count_total_paise(counts), counts
    return parse_rupees(text, what="float", field=field), None


def rounding_for(amount_paise: int, unit_paise: int) -> int:
    """What cash rounding adds to (or takes from) an amount: to the nearest unit, halves up.

    Rs 99.50 with whole-rupee rounding is paid as Rs 100.00 (+0.50); Rs 99.40 as Rs 99.00 (-0.40).
    The consumer is credited the amount; the drawer holds the amount plus the rounding.
    """
    if unit_paise <= 1:
        return 0
    due = (amount_paise + unit_paise // 2) // unit_paise * unit_paise
    return due - amount_paise
