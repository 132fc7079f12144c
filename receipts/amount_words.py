"""An amount in words, English (Indian style, through num2words ``en_IN``) and Hindi."""

from __future__ import annotations

from num2words import num2words

from counter_app.money import PAISE_PER_RUPEE
from receipts import hindi_words


def _english_number(n: int) -> str:
    # num2words writes "one lakh, ninety-nine thousand"; a receipt reads better
    # without the commas and in title case, as on a cheque.
    text = num2words(n, lang="en_IN").replace(",", "")
    return " ".join(word if word == "and" else "-".join(p.capitalize() for p in word.split("-"))
                    for word in text.split())


def english(paise: int) -> str:
    """``One Lakh Twenty-Three Thousand ... Rupees and Fifty Paise Only``."""
    if not isinstance(paise, int) or isinstance(paise, bool):
        raise TypeError("money is integer paise")
    if paise < 0:
        raise ValueError("an amount in words is zero or more")
    rupees, rest = divmod(paise, PAISE_PER_RUPEE)
    parts: list[str] = []
    if rupees or not rest:
        parts.append(f"{_english_number(rupees)} {'Rupee' if rupees == 1 else 'Rupees'}")
    if rest:
        if parts:
            parts.append("and")
        parts.append(f"{_english_number(rest)} {'Paisa' if rest == 1 else 'Paise'}")
    parts.append("Only")
    return " ".join(parts)


def hindi(paise: int) -> str:
    return hindi_words.rupees_words(paise)
