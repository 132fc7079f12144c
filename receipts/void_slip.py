"""The void slip handed to the customer with their money: bilingual, signed QR like a receipt.

It says which receipt was cancelled, for which consumer, how much cash was given
back, when and by which supervisor. Its QR code is signed with the counter's key
under its own tag (``CV1``), so a slip can be checked offline and never passes
for a receipt. Drawn with the receipt's layout (receipts.layout), on the 80 mm roll.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from counter_app import clock
from counter_app.money import format_rupees
from receipts import amount_words, labels
from receipts import fonts as fonts_mod
from receipts.fonts import Fonts
from receipts.labels import Bi
from receipts.layout import Sheet
from receipts.render import DOT, ROLL, ROLL_WIDTH, issuer, proof

TITLE = Bi("रद्दीकरण पर्ची", "VOID SLIP")
CANCELLED = Bi("यह रिचार्ज रद्द किया गया - राशि मीटर में जमा नहीं होगी",
               "This recharge was cancelled - no credit will be applied")
VOIDED_RECEIPT = Bi("रद्द रसीद सं.", "Receipt voided")
VOIDED_AT = Bi("रद्द करने का समय", "Voided at")
SUPERVISOR = Bi("पर्यवेक्षक", "Supervisor")
REASON = Bi("कारण", "Reason")
AMOUNT = Bi("रिचार्ज राशि", "Recharge amount")
KEEP = Bi("कृपया यह पर्ची संभाल कर रखें", "Please keep this slip")
SCAN = Bi("इस पर्ची की जाँच के लिए QR स्कैन करें", "Scan the QR code to check this slip")
CASH_BACK = Bi("लौटाया गया नकद", "Cash given back")


def given_back(amount: str) -> Bi:
    return Bi(f"ग्राहक को {amount} नकद लौटाया गया", f"CASH GIVEN BACK {amount}")


@dataclass(frozen=True)
class VoidSlipData:
    utility_name: str
    utility_name_hi: str
    office: str
    counter_id: str
    receipt_no: str
    txn_id: str
    consumer_no: str
    amount_paise: int
    cash_back_paise: int
    voided_at: str            # UTC ISO
    supervisor: str
    reason: str
    consumer_name: str | None = None
    qr_payload: str | None = None
    fingerprint: str | None = None   # of the void's journal entry


def _both(s: Sheet, item: Bi, size: float, hindi: bool, *, bold: bool = False) -> None:
    s.text(item.en, size, bold=bold, align="center")
    if hindi:
        s.text(item.hi, size, bold=bold, align="center")


def layout(data: VoidSlipData, fonts: Fonts) -> Sheet:
    hindi = fonts.hindi
    g = ROLL
    s = Sheet(fonts, g.left, g.width, g.scale, dot=DOT)
    issuer(s, data, g.top, hindi)
    _both(s, TITLE, 11, hindi, bold=True)
    s.space(1 * mm)
    back = given_back(format_rupees(data.cash_back_paise))
    s.box([(line, 10, True) for line in ([back.en, back.hi] if hindi else [back.en])], inverted=True)
    s.box([(line, 8.5, True) for line in ([CANCELLED.en, CANCELLED.hi] if hindi else [CANCELLED.en])])
    s.space(1 * mm)
    s.row(VOIDED_RECEIPT.joined(hindi), data.receipt_no, 8.5, bold_value=True)
    s.row(labels.CONSUMER_NO.joined(hindi), data.consumer_no, 8.5, bold_value=True)
    if data.consumer_name:
        s.row(labels.CONSUMER_NAME.joined(hindi), data.consumer_name, 8.5)
    s.row(AMOUNT.joined(hindi), format_rupees(data.amount_paise), 8.5)
    s.rule()
    s.row(CASH_BACK.joined(hindi), format_rupees(data.cash_back_paise), 12, bold_value=True, bold_label=True)
    s.text(f"{labels.IN_WORDS.en}: {amount_words.english(data.cash_back_paise)}", 8)
    if hindi:
        s.text(f"{labels.IN_WORDS.hi}: {amount_words.hindi(data.cash_back_paise)}", 8.5)
    s.space(1 * mm)
    s.row(VOIDED_AT.joined(hindi), clock.format_local(data.voided_at), 8.5)
    s.row(SUPERVISOR.joined(hindi), data.supervisor, 8.5)
    s.row(REASON.joined(hindi), data.reason, 8.5)
    s.rule()
    proof(s, data, g, hindi, KEEP, SCAN)
    return s


def render_pdf(data: VoidSlipData, fonts: Fonts | None = None) -> bytes:
    """The void slip as an 80 mm roll PDF, as long as it needs."""
    fonts = fonts if fonts is not None else fonts_mod.load()
    sheet = layout(data, fonts)
    height = math.ceil(sheet.height / DOT) * DOT
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(ROLL_WIDTH, height), pageCompression=1, initialFontName=fonts_mod.LATIN)
    canvas.setTitle(f"Void slip {data.receipt_no}")
    canvas.setAuthor(data.utility_name)
    canvas.setSubject(f"{data.counter_id} {data.receipt_no} void")
    canvas.setCreator("counter-app")
    sheet.draw(canvas, height)
    canvas.showPage()
    canvas.save()
    return out.getvalue()


__all__ = ["VoidSlipData", "render_pdf", "layout"]
