"""The day-end Z report and the mid-shift X report as A4 PDFs, in Hindi and English (reportlab, no Qt).

Rendered from the figures stored when the day was closed, so a reprint shows
exactly what was signed. Laid out for a supervisor to read at a glance: the
cash position first, then the count by denomination, per shift and cashier,
what was voided, refunded and superseded, then what is still owed to consumers
(paid at the counter, not yet credited) by receipt number. Devanagari is shaped
as on receipts (receipts.report_pdf); without a Devanagari font the report is
in English.
"""

from __future__ import annotations

import io

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import SimpleDocTemplate, Spacer

from counter_app import clock
from counter_app.money import format_rupees
from receipts import fonts as fonts_mod
from receipts import report_labels as L
from receipts.fonts import Fonts
from receipts.report_pdf import Writer, bi

MARGIN = 14 * mm
WIDTH = A4[0] - 2 * MARGIN


def _rs(paise: int | None) -> str:
    return "-" if paise is None else format_rupees(paise)


def _signed(paise: int) -> str:
    return ("+" if paise > 0 else "-" if paise < 0 else "") + format_rupees(abs(paise))


def _doc(out: io.BytesIO, title: str) -> SimpleDocTemplate:
    return SimpleDocTemplate(out, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=12 * mm,
                             bottomMargin=12 * mm, title=title, author="counter-app")


def _shift_table(w: Writer, figs: list[dict]) -> list:
    header = [L.SHIFT, L.CASHIER, L.RECEIPTS, L.GROSS_SHORT, L.ROUNDING, L.VOIDS, L.REFUNDS, L.REPRINTS, L.FLOAT,
              L.EXPECTED_SHORT, L.COUNTED, L.VARIANCE]
    rows = []
    for f in figs:
        receipts = str(f["receipts_count"]) + (f"\n{f['first_receipt'][-7:]} - {f['last_receipt'][-7:]}"
                                               if f["first_receipt"] else "")
        rows.append([str(f["shift_id"]), f["cashier_id"], receipts, _rs(f["gross_paise"]),
                     _signed(f["rounding_paise"]), f"{f['voids_count']}\n{_rs(f['voids_cash_paise'])}",
                     f"{f['refunds_count']}\n{_rs(f['refunds_paise'])}", str(f["reprints"]),
                     _rs(f["opening_float_paise"]), _rs(f["expected_paise"]), _rs(f["counted_paise"]),
                     _rs(f["variance_paise"])])
    widths = [.045, .075, .13, .1, .075, .085, .085, .07, .085, .09, .09, .075]
    return [w.table(header, rows, widths, right_from=2, size=7)]


def _count_table(w: Writer, count: dict[str, int]) -> list:
    if not count:
        return [w.body(bi(L.NO_COUNT, w.fonts, sep=" / "))]
    rows, total = [], 0
    for value, pieces in sorted(count.items(), key=lambda item: -float(item[0])):
        if not pieces:
            continue
        paise = round(float(value) * 100) * pieces
        total += paise
        rows.append([format_rupees(round(float(value) * 100)).replace(".00", ""), str(pieces), _rs(paise)])
    rows.append([bi(L.TOTAL, w.fonts, sep=" / "), "", _rs(total)])
    return [w.table([L.VALUE, L.PIECES, L.AMOUNT], rows, [.18, .12, .2])]


def _adjustment_tables(w: Writer, voids: list[dict], refunds: list[dict], superseded: list[dict]) -> list:
    story = [w.heading(L.VOIDS_LIST, f": {len(voids)}")]
    if voids:
        story.append(w.table([L.RECEIPT, L.CONSUMER, L.AMOUNT, L.CASH_BACK, L.REASON, L.SUPERVISOR], [
            [v["receipt_no"], v["consumer_no"], _rs(v["amount_paise"]), _rs(v["cash_paise"]),
             bi(L.void_reason(v["reason"]), w.fonts, sep=" / ") + (f" - {v['note']}" if v["note"] else ""),
             v["supervisor"]] for v in voids],
            [.18, .15, .12, .12, .28, .12], right_from=2, right_to=3))
    story.append(w.heading(L.REFUNDS_LIST, f": {len(refunds)}"))
    if refunds:
        story.append(w.table([L.RECEIPT, L.CONSUMER, L.AMOUNT, L.CASH_PAID, L.REASON, L.SUPERVISOR], [
            [r["receipt_no"], r["consumer_no"], _rs(r["amount_paise"]), _rs(r["cash_paise"]), _reject_words(w, r["reason"]),
             r["supervisor"]] for r in refunds], [.18, .15, .12, .12, .28, .12], right_from=2, right_to=3))
    story.append(w.heading(L.SUPERSEDED_LIST, f": {len(superseded)}"))
    if superseded:
        story.append(w.table([L.RECEIPT, L.REPLACED_BY, L.CONSUMER, L.AMOUNT, L.SUPERVISOR], [
            [s["receipt_no"], s["new_receipt_no"] or "-", s["consumer_no"], _rs(s["amount_paise"]), s["supervisor"]]
            for s in superseded], [.2, .2, .18, .14, .14], right_from=3, right_to=3))
    return story


def _unsettled(w: Writer, unsettled: list[dict], total: int) -> list:
    story = [w.heading(L.UNSETTLED, f": {len(unsettled)} ({_rs(total)})")]
    if not unsettled:
        return story + [w.body(bi(L.ALL_SETTLED, w.fonts, sep=" / "))]
    return story + [w.table([L.RECEIPT, L.DATE, L.CONSUMER, L.AMOUNT, L.STATUS, L.REASON], [
        [u["receipt_no"], u["business_date"], u["consumer_no"], _rs(u["amount_paise"]),
         bi(L.STATUSES[u["status"]], w.fonts, sep=" / ") if u["status"] in L.STATUSES else u["status"],
         _reject_words(w, u["reject_reason"])] for u in unsettled], [.2, .13, .17, .13, .2, .17], right_from=3, right_to=3)]


def _variance_notes(w: Writer, figs: list[dict]) -> list:
    notes = []
    for f in figs:
        if f["variance_paise"]:
            item = L.variance_note(f["shift_id"], f["cashier_id"], _rs(f["variance_paise"]),
                                   f["signed_off_by"] or "-", f["close_note"] or "")
            notes.append(w.body(bi(item, w.fonts), warn=True))
    return notes


def render_z_report(totals: dict, fonts: Fonts | None = None) -> bytes:
    """An A4 PDF of a stored Z report, in Hindi and English."""
    fonts = fonts if fonts is not None else fonts_mod.load()
    w = Writer(fonts, WIDTH)
    out = io.BytesIO()
    doc = _doc(out, f"Z report {totals['z_no']} {totals['business_date']}")
    first, last = totals["first_receipt"], totals["last_receipt"]
    story: list = [
        w.title(f"{bi(L.Z_TITLE, fonts, sep=' / ')} {totals['z_no']}  |  {totals['business_date']}"),
        w.body(f"{bi(L.COUNTER, fonts, sep=' / ')}: {totals['counter_id']}   {totals.get('office') or ''}   "
               f"{bi(L.CLOSED_AT, fonts, sep=' / ')}: {clock.format_local(totals['created_at'])}"),
        w.heading(L.CASH_POSITION),
        w.pairs([
            (L.FLOATS, _rs(sum(f["opening_float_paise"] for f in totals["shifts"]))),
            (L.GROSS, _rs(totals["gross_paise"])),
            (L.ROUNDING, _signed(totals.get("rounding_paise", 0))),
            (L.VOIDS_BACK, _rs(totals.get("voids_cash_paise", totals["voids_paise"]))),
            (L.REFUNDS_PAID, _rs(totals["refunds_paise"])),
            (L.EXPECTED, _rs(totals["expected_paise"])),
            (L.COUNTED, _rs(totals["counted_paise"])),
            (L.VARIANCE, _rs(totals["variance_paise"])),
        ], bold_last=True),
        w.body(f"{bi(L.TRANSFERS, fonts, sep=' / ')}: {_rs(totals.get('transfers_paise', 0))}"),
        w.body(f"{bi(L.RECEIPTS_ISSUED, fonts, sep=' / ')}: {totals['receipts_count']}"
               + (f" ({first} - {last})" if first else "")),
        w.heading(L.COUNT),
        *_count_table(w, totals.get("count") or {}),
        w.heading(L.PER_SHIFT),
        *_shift_table(w, totals["shifts"]),
        *_variance_notes(w, totals["shifts"]),
        w.heading(L.PER_CASHIER),
        w.table([L.CASHIER, L.RECEIPTS, L.GROSS_SHORT, L.VOIDS, L.REFUNDS, L.COUNTED, L.VARIANCE], [
            [c["cashier_id"], str(c["receipts_count"]), _rs(c["gross_paise"]), _rs(c["voids_paise"]),
             _rs(c["refunds_paise"]), _rs(c["counted_paise"]), _rs(c["variance_paise"])]
            for c in totals["cashiers"]], [.2, .1, .14, .14, .14, .14, .14]),
        *_adjustment_tables(w, totals.get("voids", []), totals.get("refunds", []), totals.get("superseded", [])),
        w.heading(L.SERVER_STATUS),
        w.table([L.STATUS, L.COUNT_N, L.AMOUNT], [
            [bi(L.STATUSES[s], fonts, sep=" / ") if s in L.STATUSES else s, str(v["count"]), _rs(v["paise"])]
            for s, v in totals["by_status"].items()], [.35, .12, .2]),
        *_unsettled(w, totals["unsettled"], totals["unsettled_paise"]),
        Spacer(1, 12 * mm),
        w.body(bi(L.SIGNATURES, fonts)),
    ]
    doc.build(story)
    return out.getvalue()


def render_x_report(fig: dict, *, counter_id: str, unsettled: list[dict] | None = None,
                    fonts: Fonts | None = None) -> bytes:
    """An A4 PDF of the open shift's totals so far, in Hindi and English."""
    fonts = fonts if fonts is not None else fonts_mod.load()
    w = Writer(fonts, WIDTH)
    out = io.BytesIO()
    doc = _doc(out, f"X report shift {fig['shift_id']}")
    unsettled = unsettled or []
    story: list = [
        w.title(f"{bi(L.X_TITLE, fonts, sep=' / ')}  |  {bi(L.SHIFT, fonts, sep=' / ')} {fig['shift_id']}"),
        w.body(f"{bi(L.COUNTER, fonts, sep=' / ')}: {counter_id}   {bi(L.CASHIER, fonts, sep=' / ')}: "
               f"{fig['cashier_id']}   {bi(L.BUSINESS_DAY, fonts, sep=' / ')}: {fig['business_date']}"),
        w.body(f"{bi(L.OPENED_AT, fonts, sep=' / ')}: {clock.format_local(fig['opened_at'])}   "
               f"{bi(L.PRINTED_AT, fonts, sep=' / ')}: {clock.format_local(clock.utc_now())}"),
        w.heading(L.CASH_POSITION),
        w.pairs([
            (L.FLOATS, _rs(fig["opening_float_paise"])),
            (L.GROSS, _rs(fig["gross_paise"])),
            (L.ROUNDING, _signed(fig["rounding_paise"])),
            (L.VOIDS_BACK, _rs(fig["voids_cash_paise"])),
            (L.REFUNDS_PAID, _rs(fig["refunds_paise"])),
            (L.EXPECTED_SO_FAR, _rs(fig["expected_paise"])),
        ], bold_last=True),
        w.body(f"{bi(L.TRANSFERS, fonts, sep=' / ')}: {_rs(fig['transfers_paise'])}"),
        w.heading(L.PER_SHIFT),
        *_shift_table(w, [fig]),
        *_adjustment_tables(w, fig["voids"], fig["refunds"], fig["superseded"]),
        *_unsettled(w, unsettled, sum(u["amount_paise"] for u in unsettled)),
    ]
    doc.build(story)
    return out.getvalue()


def _reject_words(w: Writer, code: str | None) -> str:
    reason = L.reject_reason(code)
    return bi(reason, w.fonts, sep=" / ") if reason else ""
