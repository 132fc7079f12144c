"""Money is integer paise. Rupees exist only at the edges: input and display."""

from __future__ import annotations

import re

from counter_app.errors import InputError
from counter_app.i18n import N_, _
from counter_app.i18n import _

PAISE_PER_RUPEE = 100

# Digits, optionally grouped the Indian way (1,000 · 10,000 · 1,00,000 · 12,34,567), then at most two
# decimals. Western grouping (100,000) would be read as a different number by half the people who see
# it, so commas are accepted only where Indian grouping puts them.
_RUPEES = re.compile(r"^(?P<whole>\d{1,2}(?:,\d{2})*,\d{3}|\d+)(?:\.(?P<frac>\d{1,2}))?$", re.ASCII)
_GROUPED = re.compile(r"^[\d,]*,[\d,]*(?:\.\d*)?$", re.ASCII)

ACCEPTED = N_('a rupee amount with at most two decimals, like "500" or "499.50"')
#: The names ``parse_rupees(what=...)`` is given, for the catalog (shown translated).
WHAT = (N_("amount"), N_("tendered amount"), N_("float"), N_("denomination"))


def parse_rupees(text: str, *, what: str = "amount", field: str | None = None) -> int:
    """Parse what a person typed as rupees into paise.

    Refuses anything that is not plain digits with at most two decimals: signs,
    exponents and words are refused rather than guessed at.
    """
    raw = (text or "").strip()
    match = _RUPEES.match(raw)
    if not match:
        shown = text if text else "(empty)"
        if _GROUPED.match(raw):
            raise InputError(_("The {what} {shown} is not valid: write it without commas, or with commas the "
                               "Indian way (1,000 or 1,00,000).").format(what=_(what), shown=repr(shown)),
                             field=field or what)
        raise InputError(_("The {what} {shown} is not valid: enter {accepted}.").format(
            what=_(what), shown=repr(shown), accepted=_(ACCEPTED)), field=field or what)
    whole = int(match["whole"].replace(",", ""))
    frac = (match["frac"] or "").ljust(2, "0")
    return whole * PAISE_PER_RUPEE + int(frac)


def group_indian(whole: int) -> str:
    """Group digits the Indian way: 1,23,45,678."""
    digits = str(whole)
    if len(digits) <= 3:
        return digits
    head, tail = digits[:-3], digits[-3:]
    pairs = []
    while len(head) > 2:
        pairs.insert(0, head[-2:])
        head = head[:-2]
    if head:
        pairs.insert(0, head)
    return ",".join(pairs + [tail])


def format_rupees(paise: int, *, symbol: str = "Rs ") -> str:
    """Show paise as rupees with Indian grouping, e.g. ``Rs 1,23,456.00``."""
    if not isinstance(paise, int):
        raise TypeError("money is integer paise")
    sign = "-" if paise < 0 else ""
    whole, frac = divmod(abs(paise), PAISE_PER_RUPEE)
    return f"{sign}{symbol}{group_indian(whole)}.{frac:02d}"


def parse_denominations(text: str) -> tuple[int, ...]:
    """Parse the ``denominations`` setting ("2000,500,...,0.50") into paise, largest first."""
    values = []
    for part in (text or "").split(","):
        if part.strip():
            values.append(parse_rupees(part.strip(), what="denomination", field="value"))
    if not values or min(values) <= 0 or len(set(values)) != len(values):
        raise InputError(_("Denominations {text} are not valid: give different rupee values separated by "
                           'commas, like "2000,500,200,100,50,20,10,5,2,1,0.50".').format(
                               text=repr(text)), field="value")
    return tuple(sorted(values, reverse=True))
