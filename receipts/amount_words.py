"""An amount in words, English (Indian style, through num2words ``en_IN``) and Hindi."""

from __future__ import annotations

from num2words import num2words

from receipts import amount_parts, hindi_words


def _english_number(n: int) -> str:
    # num2words writes "one lakh, ninety-nine thousand"; a receipt reads better
    # without the commas and in title case, as on a cheque.
    text = num2words(n, lang="en_IN").replace(",", "")
    return " ".join(word if word == "and" else "-".join(p.capitalize() for p in word.split("-"))
                    for word in text.split())


ENGLISH = amount_parts.Words(rupee="Rupee", rupees="Rupees", paisa="Paisa", paise="Paise", and_="and",
                            only="Only")


def english(paise: int) -> str:
    """``One Lakh Twenty-Three Thousand ... Rupees and Fifty Paise Only``."""
    return amount_parts.compose(paise, _english_number, ENGLISH)


def hindi(paise: int) -> str:
    return hindi_words.rupees_words(paise)
