"""Amounts in Hindi words, Indian style: सौ, हज़ार, लाख, करोड़.

Released num2words has no Hindi, and Hindi numbers 1 to 99 cannot be built from
tens and units (२३ is तेईस, not "बीस तीन"), so each is listed. Where a number
has several accepted spellings the one in common dictionary use is chosen and
kept consistent (the -नबे endings of the nineties, हज़ार with the nukta).
"""

from __future__ import annotations

from receipts import amount_parts

# Index = the number. Read this against a printed table before changing it.
UNDER_HUNDRED = (
    "शून्य", "एक", "दो", "तीन", "चार", "पाँच", "छह", "सात", "आठ", "नौ",                      # 0-9
    "दस", "ग्यारह", "बारह", "तेरह", "चौदह", "पंद्रह", "सोलह", "सत्रह", "अठारह", "उन्नीस",      # 10-19
    "बीस", "इक्कीस", "बाईस", "तेईस", "चौबीस", "पच्चीस", "छब्बीस", "सत्ताईस", "अट्ठाईस", "उनतीस",  # 20-29
    "तीस", "इकतीस", "बत्तीस", "तैंतीस", "चौंतीस", "पैंतीस", "छत्तीस", "सैंतीस", "अड़तीस", "उनतालीस",  # 30-39
    "चालीस", "इकतालीस", "बयालीस", "तैंतालीस", "चौवालीस", "पैंतालीस", "छियालीस", "सैंतालीस",
    "अड़तालीस", "उनचास",                                                                    # 40-49
    "पचास", "इक्यावन", "बावन", "तिरपन", "चौवन", "पचपन", "छप्पन", "सत्तावन", "अट्ठावन", "उनसठ",   # 50-59
    "साठ", "इकसठ", "बासठ", "तिरसठ", "चौंसठ", "पैंसठ", "छियासठ", "सड़सठ", "अड़सठ", "उनहत्तर",     # 60-69
    "सत्तर", "इकहत्तर", "बहत्तर", "तिहत्तर", "चौहत्तर", "पचहत्तर", "छिहत्तर", "सतहत्तर", "अठहत्तर",
    "उन्यासी",                                                                              # 70-79
    "अस्सी", "इक्यासी", "बयासी", "तिरासी", "चौरासी", "पचासी", "छियासी", "सत्तासी", "अट्ठासी", "नवासी",  # 80-89
    "नब्बे", "इक्यानबे", "बानबे", "तिरानबे", "चौरानबे", "पचानबे", "छियानबे", "सत्तानबे", "अट्ठानबे",
    "निन्यानबे",                                                                            # 90-99
)
assert len(UNDER_HUNDRED) == 100

HUNDRED, THOUSAND, LAKH, CRORE = "सौ", "हज़ार", "लाख", "करोड़"
RUPEE, RUPEES, PAISA, PAISE = "रुपया", "रुपये", "पैसा", "पैसे"
AND, ONLY = "और", "मात्र"


def number_words(n: int) -> str:
    """A whole number in Hindi words: 199999 -> एक लाख निन्यानबे हज़ार नौ सौ निन्यानबे."""
    if not isinstance(n, int) or isinstance(n, bool):
        raise TypeError("number_words takes an int")
    if n < 0:
        raise ValueError("number_words takes a number of zero or more")
    if n < 100:
        return UNDER_HUNDRED[n]
    parts: list[str] = []
    crores, n = divmod(n, 1_00_00_000)
    if crores:
        # Past 99 crore the count of crores is itself said in words: "एक सौ करोड़".
        parts.append(f"{number_words(crores)} {CRORE}")
    for size, name in ((1_00_000, LAKH), (1_000, THOUSAND), (100, HUNDRED)):
        count, n = divmod(n, size)
        if count:
            parts.append(f"{UNDER_HUNDRED[count]} {name}")
    if n:
        parts.append(UNDER_HUNDRED[n])
    return " ".join(parts)


def rupees_words(paise: int) -> str:
    """An amount for a receipt: "एक सौ रुपये और पचास पैसे मात्र"."""
    return amount_parts.compose(paise, number_words, _WORDS)


_WORDS = amount_parts.Words(rupee=RUPEE, rupees=RUPEES, paisa=PAISA, paise=PAISE, and_=AND, only=ONLY)
