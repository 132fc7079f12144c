"""Every word printed on a receipt, in Hindi and English, kept in one place for review."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Bi:
    hi: str
    en: str

    def joined(self, hindi: bool) -> str:
        return f"{self.hi} / {self.en}" if hindi else self.en


TITLE = Bi("बिजली रिचार्ज रसीद", "Electricity recharge receipt")
OFFICE = Bi("कार्यालय", "Office")
COUNTER = Bi("काउंटर", "Counter")
RECEIPT_NO = Bi("रसीद सं.", "Receipt no.")
DATE_TIME = Bi("दिनांक", "Date")
CONSUMER_NO = Bi("उपभोक्ता सं.", "Consumer no.")
CONSUMER_NAME = Bi("उपभोक्ता का नाम", "Consumer name")
METER_NO = Bi("मीटर सं.", "Meter no.")
AMOUNT = Bi("राशि", "Amount")
IN_WORDS = Bi("शब्दों में", "In words")
TENDERED = Bi("प्राप्त नकद", "Cash received")
CHANGE = Bi("लौटाई राशि", "Change")
PAYMENT_MODE = Bi("भुगतान का माध्यम", "Payment mode")
CASHIER = Bi("कैशियर", "Cashier")
FINGERPRINT = Bi("जर्नल फिंगरप्रिंट", "Journal fingerprint")
TXN_ID = Bi("लेनदेन आईडी", "Txn id")
SCAN = Bi("इस रसीद की जाँच के लिए QR स्कैन करें", "Scan the QR code to check this receipt")
KEEP = Bi("कृपया यह रसीद संभाल कर रखें", "Please keep this receipt")
REPRINTED_AT = Bi("पुनर्मुद्रण का समय", "Reprinted at")

PAYMENT_MODES = {"cash": Bi("नकद", "Cash"),
                 # A correction of a rejected receipt: the money came with that receipt.
                 "transfer": Bi("पिछली रसीद से, नया नकद नहीं", "From an earlier receipt, no new cash")}
ROUNDING = Bi("नकद पूर्णांकन", "Cash rounding")
CASH_DUE = Bi("देय नकद", "Cash due")
NO_NEW_CASH = Bi("नया नकद", "New cash")
NONE_TAKEN = Bi("नहीं लिया गया", "none taken")

# The status line. The English words are fixed by the issue and searched for by
# people and tests: keep them exactly.
PROVISIONAL = Bi("अस्थायी - सर्वर से जुड़ने पर राशि मीटर में जमा होगी",
                 "PROVISIONAL - credit will be applied when the server is reachable")
CONFIRMED = Bi("पुष्ट - राशि मीटर खाते में जमा हो गई", "CONFIRMED")
SERVER_REF = Bi("सर्वर संदर्भ", "Server ref")
VOID = Bi("रद्द - यह रिचार्ज रद्द किया गया, कोई राशि जमा नहीं होगी",
          "VOID - this recharge was cancelled; no credit will be applied")
REJECTED = Bi("अस्वीकृत - सर्वर ने यह रिचार्ज नहीं लिया, राशि जमा नहीं हुई; पर्यवेक्षक से मिलें",
              "REJECTED by the server - credit NOT applied; see the supervisor")

# What became of a receipt later, and what a replacement replaces.
def superseded(new_receipt: str) -> Bi:
    return Bi(f"प्रतिस्थापित - इसकी राशि रसीद {new_receipt} से भेजी गई; इस रसीद पर राशि जमा नहीं होगी",
              f"SUPERSEDED BY {new_receipt} - its money was sent again under that receipt; "
              "no credit on this one")


def replaces(old_receipt: str) -> Bi:
    return Bi(f"यह रसीद {old_receipt} के स्थान पर है - कोई नया नकद नहीं लिया गया",
              f"REPLACES receipt {old_receipt} - no new cash was taken")


def refunded(date: str, supervisor: str) -> Bi:
    return Bi(f"राशि लौटाई गई - {date} को, पर्यवेक्षक {supervisor}; राशि जमा नहीं हुई",
              f"REFUNDED on {date} by supervisor {supervisor} - cash paid back; no credit")


DUPLICATE = Bi("प्रतिलिपि", "DUPLICATE")
REPRINT = Bi("पुनर्मुद्रण", "reprint")


def duplicate(count: int) -> Bi:
    return Bi(f"{DUPLICATE.hi} - {REPRINT.hi} {count}", f"{DUPLICATE.en} - {REPRINT.en} {count}")
