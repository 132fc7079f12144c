"""How an amount is said, in any language: "<n> rupees and <m> paise only"."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from counter_app.money import PAISE_PER_RUPEE


@dataclass(frozen=True)
class Words:
    rupee: str
    rupees: str
    paisa: str
    paise: str
    and_: str
    only: str


def compose(paise: int, number: Callable[[int], str], words: Words) -> str:
    """Whole rupees, then paise if any; zero is "zero rupees", never an empty line."""
    if not isinstance(paise, int) or isinstance(paise, bool):
        raise TypeError("money is integer paise")
    if paise < 0:
        raise ValueError("an amount in words is zero or more")
    rupees, rest = divmod(paise, PAISE_PER_RUPEE)
    parts: list[str] = []
    if rupees or not rest:
        parts.append(f"{number(rupees)} {words.rupee if rupees == 1 else words.rupees}")
    if rest:
        if parts:
            parts.append(words.and_)
        parts.append(f"{number(rest)} {words.paisa if rest == 1 else words.paise}")
    parts.append(words.only)
    return " ".join(parts)
