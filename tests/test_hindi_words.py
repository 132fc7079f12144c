"""Hindi amount words: a hand-checked table, the shape of every number 1-99, and round trips."""

from __future__ import annotations

import random

import pytest

from receipts import amount_words
from receipts.hindi_words import UNDER_HUNDRED, number_words, rupees_words

# Checked by hand against a printed Hindi number chart.
NUMBERS = {
    0: "शून्य",
    1: "एक",
    5: "पाँच",
    6: "छह",
    9: "नौ",
    10: "दस",
    11: "ग्यारह",
    15: "पंद्रह",
    18: "अठारह",
    19: "उन्नीस",
    20: "बीस",
    21: "इक्कीस",
    23: "तेईस",
    25: "पच्चीस",
    28: "अट्ठाईस",
    29: "उनतीस",
    33: "तैंतीस",
    38: "अड़तीस",
    39: "उनतालीस",
    42: "बयालीस",
    44: "चौवालीस",
    49: "उनचास",
    50: "पचास",
    51: "इक्यावन",
    53: "तिरपन",
    56: "छप्पन",
    59: "उनसठ",
    64: "चौंसठ",
    67: "सड़सठ",
    69: "उनहत्तर",
    72: "बहत्तर",
    76: "छिहत्तर",
    78: "अठहत्तर",
    79: "उन्यासी",
    80: "अस्सी",
    83: "तिरासी",
    89: "नवासी",
    90: "नब्बे",
    92: "बानबे",
    95: "पचानबे",
    99: "निन्यानबे",
    100: "एक सौ",
    101: "एक सौ एक",
    110: "एक सौ दस",
    999: "नौ सौ निन्यानबे",
    1_000: "एक हज़ार",
    1_001: "एक हज़ार एक",
    2_500: "दो हज़ार पाँच सौ",
    10_000: "दस हज़ार",
    99_999: "निन्यानबे हज़ार नौ सौ निन्यानबे",
    1_00_000: "एक लाख",
    1_00_001: "एक लाख एक",
    1_99_999: "एक लाख निन्यानबे हज़ार नौ सौ निन्यानबे",
    12_34_567: "बारह लाख चौंतीस हज़ार पाँच सौ सड़सठ",
    1_00_00_000: "एक करोड़",
    10_20_30_405: "दस करोड़ बीस लाख तीस हज़ार चार सौ पाँच",
    99_99_99_999: "निन्यानबे करोड़ निन्यानबे लाख निन्यानबे हज़ार नौ सौ निन्यानबे",
    1_00_00_00_000: "एक सौ करोड़",
    2_05_00_00_000: "दो सौ पाँच करोड़",
}


@pytest.mark.parametrize("n,words", sorted(NUMBERS.items()))
def test_hand_checked_numbers(n: int, words: str) -> None:
    assert number_words(n) == words


AMOUNTS = {
    0: "शून्य रुपये मात्र",
    1: "एक पैसा मात्र",
    50: "पचास पैसे मात्र",
    1_00: "एक रुपया मात्र",  # 1 rupee, 0 paise: no paise are said
    1_01: "एक रुपया और एक पैसा मात्र",
    2_00: "दो रुपये मात्र",
    100_00: "एक सौ रुपये मात्र",
    100_75: "एक सौ रुपये और पचहत्तर पैसे मात्र",
    1_000_00: "एक हज़ार रुपये मात्र",
    1_00_000_00: "एक लाख रुपये मात्र",
    1_99_999_50: "एक लाख निन्यानबे हज़ार नौ सौ निन्यानबे रुपये और पचास पैसे मात्र",
    1_00_00_000_00: "एक करोड़ रुपये मात्र",
}


@pytest.mark.parametrize("paise,words", sorted(AMOUNTS.items()))
def test_hand_checked_amounts(paise: int, words: str) -> None:
    assert rupees_words(paise) == words


# Each decade's numbers 1-8 share an ending; an entry filed under the wrong
# index or misspelt at its end breaks it. x9 is "one less than the next ten": उन-.
DECADE_ENDINGS = {2: ("ईस", "ीस"), 3: ("तीस",), 4: ("लीस",), 5: ("न",), 6: ("सठ",), 7: ("हत्तर",),
                  8: ("सी",), 9: ("नबे",)}


@pytest.mark.parametrize("tens", sorted(DECADE_ENDINGS))
def test_every_number_in_a_decade_has_its_ending(tens: int) -> None:
    for unit in range(1, 9):
        word = UNDER_HUNDRED[tens * 10 + unit]
        assert word.endswith(DECADE_ENDINGS[tens]), (tens * 10 + unit, word)
    if tens < 9:
        nine = UNDER_HUNDRED[tens * 10 + 9]
        assert nine.startswith("उन") or nine == "नवासी", (tens * 10 + 9, nine)


def test_one_more_than_a_ten_starts_with_ik() -> None:
    for tens in range(2, 10):
        assert UNDER_HUNDRED[tens * 10 + 1].startswith(("इक", "इक्")), UNDER_HUNDRED[tens * 10 + 1]


def test_the_table_has_one_word_per_number() -> None:
    assert len(UNDER_HUNDRED) == 100
    assert len(set(UNDER_HUNDRED)) == 100
    assert all(" " not in w for w in UNDER_HUNDRED)


_SCALES = {"सौ": 100, "हज़ार": 1_000, "लाख": 1_00_000, "करोड़": 1_00_00_000}


def _parse(words: str) -> int:
    """Read Hindi number words back: an independent check of how they are put together."""
    total, group = 0, 0
    for word in words.split():
        if word in _SCALES:
            scale = _SCALES[word]
            if scale == 100:
                group *= 100
            elif scale == 1_00_00_000:
                total = (total + group) * scale
                group = 0
            else:
                total += group * scale
                group = 0
        else:
            group += UNDER_HUNDRED.index(word)
    return total + group


def test_many_numbers_read_back() -> None:
    rng = random.Random(20261127)
    values = list(range(0, 1200)) + [rng.randrange(0, 10**11) for _ in range(3000)]
    for n in values:
        assert _parse(number_words(n)) == n, (n, number_words(n))


def test_refuses_what_is_not_money() -> None:
    with pytest.raises(ValueError):
        number_words(-1)
    with pytest.raises(TypeError):
        rupees_words(1.5)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        rupees_words(True)  # type: ignore[arg-type]


ENGLISH = {
    0: "Zero Rupees Only",
    1: "One Paisa Only",
    1_00: "One Rupee Only",
    100_00: "One Hundred Rupees Only",
    1_000_00: "One Thousand Rupees Only",
    1_00_000_00: "One Lakh Rupees Only",
    1_99_999_50: "One Lakh Ninety-Nine Thousand Nine Hundred and Ninety-Nine Rupees and Fifty Paise Only",
    1_00_00_000_00: "One Crore Rupees Only",
}


@pytest.mark.parametrize("paise,words", sorted(ENGLISH.items()))
def test_english_words_indian_style(paise: int, words: str) -> None:
    assert amount_words.english(paise) == words
