"""Cash counted by denomination, as a cashier counts a drawer."""

from __future__ import annotations

import re

from counter_app.errors import InputError
from counter_app.money import PAISE_PER_RUPEE, parse_rupees

# Indian notes and coins in circulation at counters (Rs 20 and 10 exist as both;
# a count line names the value, not the form).
DENOMINATIONS_RUPEES = (500, 200, 100, 50, 20, 10, 5, 2, 1)
_ITEM = re.compile(r"^\s*(\d+)\s*[xX×*]\s*(\d+)\s*$", re.ASCII)


def parse_count(text: str, *, field: str = "count") -> dict[int, int]:
    """Parse "500x10,100x4,20x3" into {500: 10, 100: 4, 20: 3} (rupee value -> pieces)."""
    counts: dict[int, int] = {}
    items = [part for part in (text or "").split(",") if part.strip()]
    if not items:
        raise InputError('Give the count as value x pieces, like "500x10,100x4,20x3".', field=field)
    for part in items:
        match = _ITEM.match(part)
        if not match:
            raise InputError(f'Count item {part.strip()!r} is not valid: write value x pieces, like "500x10".',
                             field=field)
        value, pieces = int(match[1]), int(match[2])
        if value not in DENOMINATIONS_RUPEES:
            raise InputError(f"Rs {value} is not a denomination; use one of "
                             f"{', '.join(map(str, DENOMINATIONS_RUPEES))}.", field=field)
        counts[value] = counts.get(value, 0) + pieces
    return counts


def count_total_paise(counts: dict[int, int]) -> int:
    return sum(value * pieces for value, pieces in counts.items()) * PAISE_PER_RUPEE


def parse_float(text: str, *, field: str = "float") -> tuple[int, dict[int, int] | None]:
    """An opening float: a denomination count or a plain rupee amount."""
    if "x" in (text or "").lower() or "×" in (text or ""):
        counts = parse_count(text, field=field)
        return count_total_paise(counts), counts
    return parse_rupees(text, what="float", field=field), None
