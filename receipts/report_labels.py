"""Every word of the X and Z reports, in Hindi and English, kept in one place for review."""

from __future__ import annotations

from receipts.labels import Bi

Z_TITLE = Bi("दैनिक समापन (Z) रिपोर्ट सं.", "Z REPORT No.")
X_TITLE = Bi("पाली रिपोर्ट (X) - पाली अभी खुली है", "X REPORT - shift still open")
BUSINESS_DAY = Bi("कारोबारी दिन", "Business day")
COUNTER = Bi("काउंटर", "Counter")
CLOSED_AT = Bi("दिन बंद किया गया", "Closed")
PRINTED_AT = Bi("मुद्रित", "Printed")
OPENED_AT = Bi("पाली शुरू", "Opened")
SHIFT = Bi("पाली", "Shift")

CASH_POSITION = Bi("नकद स्थिति", "Cash position")
GROSS = Bi("नकद रिचार्ज (कुल)", "Gross cash recharges")
ROUNDING = Bi("नकद पूर्णांकन", "Cash rounding")
VOIDS_BACK = Bi("रद्द रिचार्ज - लौटाया गया नकद", "Voids - cash given back")
REFUNDS_PAID = Bi("वापस किया गया नकद", "Refunds paid")
FLOATS = Bi("शुरुआती नकद (फ्लोट)", "Opening floats")
EXPECTED = Bi("दराज़ में होना चाहिए (फ्लोट सहित)", "Expected in drawers (incl. floats)")
EXPECTED_SO_FAR = Bi("अभी दराज़ में होना चाहिए", "Expected in the drawer now")
COUNTED = Bi("गिना गया", "Counted")
VARIANCE = Bi("अंतर", "Variance")
TRANSFERS = Bi("सुधार - पिछली रसीद से भेजी राशि (नया नकद नहीं)", "Corrections sent again (no new cash)")
RECEIPTS_ISSUED = Bi("जारी रसीदें", "Receipts issued")

COUNT = Bi("मूल्यवर्ग के अनुसार गिनती", "Count by denomination")
VALUE = Bi("मूल्य", "Value")
PIECES = Bi("संख्या", "Pieces")
AMOUNT = Bi("राशि", "Amount")
TOTAL = Bi("कुल", "Total")
NO_COUNT = Bi("कोई गिनती नहीं", "No count recorded")

PER_SHIFT = Bi("पाली के अनुसार", "Per shift")
PER_CASHIER = Bi("कैशियर के अनुसार", "Per cashier")
CASHIER = Bi("कैशियर", "Cashier")
RECEIPTS = Bi("रसीदें", "Receipts")
GROSS_SHORT = Bi("कुल", "Gross")
VOIDS = Bi("रद्द", "Voids")
REFUNDS = Bi("वापसी", "Refunds")
REPRINTS = Bi("पुनर्मुद्रण", "Reprints")
FLOAT = Bi("फ्लोट", "Float")
EXPECTED_SHORT = Bi("अपेक्षित", "Expected")

VOIDS_LIST = Bi("रद्द रिचार्ज", "Voids")
REFUNDS_LIST = Bi("वापस किया गया नकद", "Refunds")
SUPERSEDED_LIST = Bi("प्रतिस्थापित रसीदें (सुधार के बाद दोबारा भेजी गईं)", "Receipts superseded (sent again corrected)")
RECEIPT = Bi("रसीद", "Receipt")
CONSUMER = Bi("उपभोक्ता", "Consumer")
CASH_BACK = Bi("लौटाया नकद", "Cash given back")
CASH_PAID = Bi("दिया नकद", "Cash paid")
REASON = Bi("कारण", "Reason")
SUPERVISOR = Bi("पर्यवेक्षक", "Supervisor")
REPLACED_BY = Bi("नई रसीद", "Replaced by")
NONE = Bi("कोई नहीं", "None")

SERVER_STATUS = Bi("दिन के लेनदेन की सर्वर स्थिति", "Server status of the day's transactions")
STATUS = Bi("स्थिति", "Status")
COUNT_N = Bi("संख्या", "Count")
UNSETTLED = Bi("काउंटर पर भुगतान, अभी जमा नहीं", "Paid at the counter, not yet credited")
DATE = Bi("दिनांक", "Date")
ALL_SETTLED = Bi("कोई नहीं: इस दिन तक का हर लेनदेन सर्वर से मिलान हो चुका है",
                 "None: every transaction up to this day is settled with the server")
SIGNATURES = Bi("कैशियर के हस्ताक्षर ____________________     पर्यवेक्षक के हस्ताक्षर ____________________",
                "Cashier signature ____________________     Supervisor signature ____________________")

# The public statuses, as the reports name them.
STATUSES = {
    "pending": Bi("अस्थायी (भेजना बाकी)", "pending"),
    "confirmed": Bi("पुष्ट", "confirmed"),
    "rejected": Bi("अस्वीकृत", "rejected"),
    "void": Bi("रद्द", "void"),
    "superseded": Bi("प्रतिस्थापित", "superseded"),
    "refunded": Bi("वापस", "refunded"),
}


def variance_note(shift_id: int, cashier: str, variance: str, who: str, note: str) -> Bi:
    return Bi(f"पाली {shift_id} ({cashier}): अंतर {variance}, स्वीकृति {who}: {note}",
              f"Shift {shift_id} ({cashier}): variance {variance}, signed off by {who}: {note}")


# A reason is printed in words, never as its code (the same words as the window's, in both languages).
VOID_REASONS = {
    "wrong_consumer": Bi("गलत उपभोक्ता संख्या", "Wrong consumer number"),
    "wrong_amount": Bi("गलत राशि", "Wrong amount"),
    "customer_cancelled": Bi("ग्राहक ने रद्द किया", "Customer cancelled"),
    "other": Bi("अन्य", "Other"),
}
REJECT_REASONS = {
    "unknown_consumer": Bi("सर्वर इस उपभोक्ता संख्या को नहीं जानता", "The server does not know this consumer number"),
    "invalid_amount": Bi("सर्वर ने राशि अस्वीकार की", "The server refused the amount"),
    "already_voided": Bi("पहले ही रद्द", "Already voided"),
}
REFUSED_BY_SERVER = Bi("सर्वर ने अस्वीकार किया", "Refused by the server")


def void_reason(code: str) -> Bi:
    return VOID_REASONS.get(code, VOID_REASONS["other"])


def reject_reason(code: str | None) -> Bi | None:
    return REJECT_REASONS.get(code, REFUSED_BY_SERVER) if code else None
