"""The receipt design, drawn with reportlab: an 80 mm roll (height fitted) or an A4 page.

``render_pdf`` is pure: it takes a plain :class:`ReceiptData` and returns PDF
bytes, touching no database and no file, so the window, the CLI, the thermal
printer and later reports all print the same design.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass

from reportlab import rl_config
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from counter_app import clock
from counter_app.money import format_rupees
from receipts import amount_words, labels, qr
from receipts import fonts as fonts_mod
from receipts.fonts import Fonts
from receipts.layout import Sheet

# ASCII85 wraps every stream in 7-bit text for mail systems of the 1990s; reportlab
# does it in pure Python (a third of the save time) and it makes files larger.
rl_config.useA85 = 0

ROLL_WIDTH = 80 * mm
ROLL_PRINTABLE = 72 * mm
ROLL_DOTS = 576  # 72 mm at 203 dpi: the thermal printer's line
DOT = ROLL_PRINTABLE / ROLL_DOTS
FORMATS = ("roll", "a4")
STATUSES = ("pending", "confirmed", "void", "rejected", "superseded", "refunded")


@dataclass(frozen=True)
class ReceiptData:
    """Everything printed on one receipt, already looked up; money in paise, times UTC ISO."""

    utility_name: str
    utility_name_hi: str
    office: str
    counter_id: str
    receipt_no: str
    txn_id: str
    created_at: str
    consumer_no: str
    amount_paise: int
    tendered_paise: int
    change_paise: int
    payment_mode: str
    cashier: str
    status: str = "pending"
    consumer_name: str | None = None
    meter_no: str | None = None
    server_ref: str | None = None
    reject_reason: str | None = None
    reprint_no: int = 0  # 0 for the original; n for the n-th duplicate
    reprinted_at: str | None = None
    qr_payload: str | None = None
    fingerprint: str | None = None
    rounding_paise: int = 0           # cash rounding: cash due = amount + rounding
    superseded_by: str | None = None  # the receipt that replaced this rejected one
    replaces: str | None = None       # the rejected receipt this one replaces (no new cash)
    refunded_at: str | None = None    # UTC, when the cash was paid back
    refunded_by: str | None = None    # the supervisor who paid it

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"unknown receipt status {self.status!r}")


@dataclass(frozen=True)
class Geometry:
    page_width: float
    left: float
    width: float
    scale: float  # font sizes are given for the roll and multiplied by this
    top: float
    bottom: float
    qr_module: float


ROLL = Geometry(page_width=ROLL_WIDTH, left=(ROLL_WIDTH - ROLL_PRINTABLE) / 2, width=ROLL_PRINTABLE,
                scale=1.0, top=3 * mm, bottom=6 * mm, qr_module=0)
A4_PAGE = Geometry(page_width=A4[0], left=(A4[0] - 120 * mm) / 2, width=120 * mm,
                   scale=1.35, top=20 * mm, bottom=20 * mm, qr_module=0.6 * mm)


def status_lines(data: ReceiptData, hindi: bool = True) -> list[str]:
    """The status box: English first (its words are fixed), then Hindi."""
    def both(item: labels.Bi, extra: str = "") -> list[str]:
        return [item.en + extra, item.hi] if hindi else [item.en + extra]

    if data.status == "pending":
        return both(labels.PROVISIONAL)
    if data.status == "confirmed":
        return both(labels.CONFIRMED) + [f"{labels.SERVER_REF.joined(hindi)}: {data.server_ref or '-'}"]
    if data.status == "void":
        return both(labels.VOID)
    if data.status == "superseded":
        return both(labels.superseded(data.superseded_by or "-"))
    if data.status == "refunded":
        when = clock.local(data.refunded_at).strftime("%d-%m-%Y") if data.refunded_at else "-"
        return both(labels.refunded(when, data.refunded_by or "-"))
    return both(labels.REJECTED, f" ({data.reject_reason})" if data.reject_reason else "")


def status_words(data: ReceiptData) -> str:
    """The receipt's state in the words the CLI prints: the status box's first English line, shortened."""
    words = {"pending": "pending", "confirmed": "confirmed", "void": "VOID", "rejected": "REJECTED"}
    if data.status == "superseded":
        text = f"SUPERSEDED BY {data.superseded_by}"
    elif data.status == "refunded":
        text = status_lines(data, hindi=False)[0].split(" - ")[0]
    else:
        text = words[data.status]
    return text + (f", replaces {data.replaces}, no new cash" if data.replaces else "")


def qr_module(geometry: Geometry, payload: str) -> float:
    if geometry.qr_module:
        return geometry.qr_module
    # Whole printer dots per module, about 34 mm across: sharp edges on thermal paper.
    dots = max(2, round(34 * mm / DOT / qr.size_in_modules(payload)))
    return dots * DOT


def issuer(s: Sheet, data: ReceiptData | object, top: float, hindi: bool) -> None:
    """Who issued the paper (receipt or void slip): the utility in both languages, office, counter."""
    s.space(top)
    if hindi and getattr(data, "utility_name_hi", None):
        s.text(data.utility_name_hi, 10, bold=True, align="center")  # type: ignore[attr-defined]
    s.text(data.utility_name, 9, bold=True, align="center")  # type: ignore[attr-defined]
    if getattr(data, "office", None):
        s.text(f"{labels.OFFICE.joined(hindi)}: {data.office}", 8, align="center")  # type: ignore[attr-defined]
    s.text(f"{labels.COUNTER.joined(hindi)}: {data.counter_id}", 8, align="center")  # type: ignore[attr-defined]
    s.space(1.5 * mm)


def layout(data: ReceiptData, fonts: Fonts, geometry: Geometry) -> Sheet:
    hindi = fonts.hindi
    s = Sheet(fonts, geometry.left, geometry.width, geometry.scale, dot=DOT)

    def bi_lines(item: labels.Bi, size: float, *, bold: bool = False, align: str = "center") -> None:
        s.text(item.en, size, bold=bold, align=align)
        if hindi:
            s.text(item.hi, size, bold=bold, align=align)

    issuer(s, data, geometry.top, hindi)
    bi_lines(labels.TITLE, 10, bold=True)
    s.space(1 * mm)

    # The status, before anything else: the first thing a consumer must read.
    if data.reprint_no:
        s.box([(line, 10, True) for line in _bi(labels.duplicate(data.reprint_no), hindi)], inverted=False)
    inverted = data.status in ("void", "rejected", "superseded", "refunded")
    box_lines = [(line, 9, True) for line in status_lines(data, hindi)]
    s.box(box_lines, inverted=inverted, thick=data.status == "pending")
    if data.replaces:
        s.box([(line, 8.5, True) for line in _bi(labels.replaces(data.replaces), hindi)])
    s.space(1 * mm)

    # The transaction.
    s.row(labels.RECEIPT_NO.joined(hindi), data.receipt_no, 8.5, bold_value=True)
    s.row(labels.DATE_TIME.joined(hindi), clock.format_local(data.created_at), 8.5)
    s.row(labels.CONSUMER_NO.joined(hindi), data.consumer_no, 8.5, bold_value=True)
    if data.consumer_name:
        s.row(labels.CONSUMER_NAME.joined(hindi), data.consumer_name, 8.5)
    if data.meter_no:
        s.row(labels.METER_NO.joined(hindi), data.meter_no, 8.5)
    s.rule()
    s.row(labels.AMOUNT.joined(hindi), format_rupees(data.amount_paise), 12, bold_value=True, bold_label=True)
    s.text(f"{labels.IN_WORDS.en}: {amount_words.english(data.amount_paise)}", 8)
    if hindi:
        s.text(f"{labels.IN_WORDS.hi}: {amount_words.hindi(data.amount_paise)}", 8.5)
    s.space(1 * mm)
    if data.payment_mode == "cash":
        if data.rounding_paise:
            sign = "+" if data.rounding_paise > 0 else "-"
            s.row(labels.ROUNDING.joined(hindi), sign + format_rupees(abs(data.rounding_paise)), 8.5)
            s.row(labels.CASH_DUE.joined(hindi), format_rupees(data.amount_paise + data.rounding_paise), 8.5,
                  bold_value=True)
        s.row(labels.TENDERED.joined(hindi), format_rupees(data.tendered_paise), 8.5)
        s.row(labels.CHANGE.joined(hindi), format_rupees(data.change_paise), 8.5)
    else:  # a correction: the money came with the receipt it replaces
        s.row(labels.NO_NEW_CASH.joined(hindi), labels.NONE_TAKEN.joined(hindi), 8.5)
    mode = labels.PAYMENT_MODES.get(data.payment_mode)
    s.row(labels.PAYMENT_MODE.joined(hindi), mode.joined(hindi) if mode else data.payment_mode, 8.5)
    s.row(labels.CASHIER.joined(hindi), data.cashier, 8.5)
    if data.reprint_no and data.reprinted_at:
        s.row(labels.REPRINTED_AT.joined(hindi), clock.format_local(data.reprinted_at), 8)
    s.rule()

    proof(s, data, geometry, hindi, labels.KEEP)
    return s


def proof(s: Sheet, data: ReceiptData | object, geometry: Geometry, hindi: bool, keep: labels.Bi,
          scan: labels.Bi = labels.SCAN) -> None:
    """The proof at the foot of a receipt or void slip: signed QR, journal fingerprint, txn id."""
    def both(item: labels.Bi, size: float) -> None:
        for line in _bi(item, hindi):
            s.text(line, size, align="center")

    qr_payload = getattr(data, "qr_payload", None)
    fingerprint = getattr(data, "fingerprint", None)
    if qr_payload:
        s.qr(qr_payload, qr_module(geometry, qr_payload))
    if fingerprint:
        s.text(f"{labels.FINGERPRINT.joined(hindi)}: {fingerprint}", 8, bold=True, align="center")
    s.text(f"{labels.TXN_ID.en}: {data.txn_id}", 6.5, align="center")  # type: ignore[attr-defined]
    if qr_payload:
        both(scan, 7)
    s.space(1 * mm)
    both(keep, 7.5)
    s.space(geometry.bottom)


def _bi(item: labels.Bi, hindi: bool) -> list[str]:
    return [item.en, item.hi] if hindi else [item.en]


def render_pdf(data: ReceiptData, fmt: str = "roll", fonts: Fonts | None = None) -> bytes:
    """The receipt as PDF bytes: ``roll`` (80 mm wide, as long as it needs) or ``a4``."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown receipt format {fmt!r}; use one of {', '.join(FORMATS)}")
    fonts = fonts if fonts is not None else fonts_mod.load()
    geometry = ROLL if fmt == "roll" else A4_PAGE
    sheet = layout(data, fonts, geometry)
    if fmt == "roll":
        # A whole number of printer dots tall, so rasterising maps 1:1 onto dots.
        height = math.ceil(sheet.height / DOT) * DOT
    else:
        height = A4[1]
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(geometry.page_width, height), pageCompression=1,
                    initialFontName=fonts_mod.LATIN)
    canvas.setTitle(f"Receipt {data.receipt_no}")
    canvas.setAuthor(data.utility_name)
    canvas.setSubject(f"{data.counter_id} {data.receipt_no} {data.status}")
    canvas.setCreator("counter-app")
    sheet.draw(canvas, height)
    if fmt == "a4":
        # A thin frame to cut along.
        canvas.setLineWidth(0.5)
        canvas.setDash(3, 3)
        pad = 6 * mm
        top, bottom = geometry.top - pad, sheet.height - geometry.bottom + pad
        canvas.rect(geometry.left - pad, height - bottom, geometry.width + 2 * pad, bottom - top)
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def plain_text_lines(data: ReceiptData) -> list[str]:
    """The receipt's facts as English lines (benchmark baseline, logs)."""
    return [data.utility_name, f"Receipt no. {data.receipt_no}", f"Consumer no. {data.consumer_no}",
            f"Amount {format_rupees(data.amount_paise)}", amount_words.english(data.amount_paise),
            status_lines(data, hindi=False)[0]]


__all__ = ["ReceiptData", "render_pdf", "layout", "status_lines", "status_words", "ROLL_WIDTH", "ROLL_PRINTABLE", "ROLL_DOTS",
           "FORMATS", "STATUSES"]
