"""The day-end Z report and the mid-shift X report as A4 PDFs (reportlab, no Qt).

Rendered from the figures stored when the day was closed, so a reprint shows
exactly what was signed. Laid out for a supervisor to read at a glance: the
cash position first, then per cashier and shift, then what is still owed to
consumers (paid at the counter, not yet credited).
"""

from __future__ import annotations

import io

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from counter_app import clock
from counter_app.money import format_rupees

_styles = getSampleStyleSheet()
H1 = ParagraphStyle("h1", parent=_styles["Heading1"], fontSize=16, spaceAfter=2 * mm)
H2 = ParagraphStyle("h2", parent=_styles["Heading2"], fontSize=12, spaceBefore=4 * mm, spaceAfter=1.5 * mm)
BODY = ParagraphStyle("body", parent=_styles["BodyText"], fontSize=9, leading=11)
WARN = ParagraphStyle("warn", parent=BODY, textColor=colors.HexColor("#8a1c00"), fontName="Helvetica-Bold")


def _rs(paise: int | None) -> str:
    return "-" if paise is None else format_rupees(paise)


def _table(rows: list[list], widths: list[float], *, header: bool = True, align_right_from: int = 1,
           size: float = 8.5) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=1 if header else 0, hAlign="LEFT")
    style = [
        ("FONT", (0, 0), (-1, -1), "Helvetica", size),
        ("ALIGN", (align_right_from, 0), (-1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#f1f1f1")]),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
    ]
    if header:
        style.append(("FONT", (0, 0), (-1, 0), "Helvetica-Bold", size))
    table.setStyle(TableStyle(style))
    return table


def _shift_rows(figs: list[dict]) -> list[list]:
    rows = [["Shift", "Cashier", "Receipts", "Gross", "Voids", "Refunds", "Reprints", "Float",
             "Expected", "Counted", "Variance"]]
    for f in figs:
        receipts = f"{f['receipts_count']}" + (f"\n{f['first_receipt'][-7:]} to {f['last_receipt'][-7:]}"
                                               if f["first_receipt"] else "")
        rows.append([str(f["shift_id"]), f["cashier_id"], receipts, _rs(f["gross_paise"]),
                     f"{f['voids_count']} / {_rs(f['voids_paise'])}", _rs(f["refunds_paise"]), str(f["reprints"]),
                     _rs(f["opening_float_paise"]), _rs(f["expected_paise"]), _rs(f["counted_paise"]),
                     _rs(f["variance_paise"])])
    return rows


def _shift_table(figs: list[dict], width: float) -> Table:
    widths = (.05, .08, .14, .09, .12, .08, .06, .09, .1, .1, .09)
    return _table(_shift_rows(figs), [w * width for w in widths], align_right_from=2, size=7.5)


def _variance_notes(figs: list[dict]) -> list:
    notes = []
    for f in figs:
        if f["variance_paise"]:
            who = f["signed_off_by"] or "nobody"
            notes.append(Paragraph(
                f"Shift {f['shift_id']} ({f['cashier_id']}): variance {_rs(f['variance_paise'])}, "
                f"signed off by {who}: {f['close_note'] or ''}", WARN))
        for v in f["voids"]:
            notes.append(Paragraph(
                f"Void {v['receipt_no']} {_rs(v['amount_paise'])}: {v['reason']}"
                f"{' - ' + v['note'] if v['note'] else ''} (supervisor {v['supervisor']})", BODY))
    return notes


def render_z_report(totals: dict) -> bytes:
    """An A4 PDF of a stored Z report."""
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=14 * mm, rightMargin=14 * mm, topMargin=12 * mm,
                            bottomMargin=12 * mm, title=f"Z report {totals['z_no']} {totals['business_date']}")
    width = A4[0] - 28 * mm
    story: list = [
        Paragraph(f"Z REPORT No. {totals['z_no']} &nbsp; | &nbsp; {totals['business_date']}", H1),
        Paragraph(f"Counter {totals['counter_id']} &nbsp; {totals.get('office') or ''} &nbsp; "
                  f"Closed {clock.format_local(totals['created_at'])}", BODY),
        Paragraph("Cash position", H2),
        _table([
            ["Gross cash recharges", _rs(totals["gross_paise"])],
            ["Voids", _rs(totals["voids_paise"])],
            ["Refunds paid", _rs(totals["refunds_paise"])],
            ["Expected in drawers (incl. floats)", _rs(totals["expected_paise"])],
            ["Counted", _rs(totals["counted_paise"])],
            ["Variance", _rs(totals["variance_paise"])],
        ], [width * 0.55, width * 0.3], header=False),
        Paragraph(f"Receipts issued: {totals['receipts_count']}"
                  + (f" ({totals['first_receipt']} to {totals['last_receipt']})" if totals["first_receipt"] else ""),
                  BODY),
        Paragraph("Per shift", H2),
        _shift_table(totals["shifts"], width),
        *_variance_notes(totals["shifts"]),
        Paragraph("Per cashier", H2),
        _table([["Cashier", "Receipts", "Gross", "Voids", "Refunds", "Counted", "Variance"]] + [
            [c["cashier_id"], str(c["receipts_count"]), _rs(c["gross_paise"]), _rs(c["voids_paise"]),
             _rs(c["refunds_paise"]), _rs(c["counted_paise"]), _rs(c["variance_paise"])]
            for c in totals["cashiers"]], [w * width for w in (.2, .1, .14, .14, .14, .14, .14)]),
        Paragraph("Server status of the day's transactions", H2),
        _table([["Status", "Count", "Amount"]] + [
            [status, str(v["count"]), _rs(v["paise"])] for status, v in totals["by_status"].items()],
            [width * 0.3, width * 0.15, width * 0.25]),
        Paragraph(f"Paid at the counter, not yet credited: {len(totals['unsettled'])} "
                  f"({_rs(totals['unsettled_paise'])})", H2),
    ]
    if totals["unsettled"]:
        story.append(_table([["Receipt", "Date", "Consumer", "Amount", "Status", "Reason"]] + [
            [u["receipt_no"], u["business_date"], u["consumer_no"], _rs(u["amount_paise"]), u["status"],
             u["reject_reason"] or ""] for u in totals["unsettled"]],
            [w * width for w in (.2, .14, .2, .14, .12, .2)], align_right_from=3))
    else:
        story.append(Paragraph("None: every transaction up to this day is settled with the server.", BODY))
    story += [Spacer(1, 10 * mm), Paragraph("Cashier signature ____________________ &nbsp;&nbsp;&nbsp; "
                                            "Supervisor signature ____________________", BODY)]
    doc.build(story)
    return out.getvalue()


def render_x_report(fig: dict, *, counter_id: str) -> bytes:
    """An A4 PDF of the open shift's totals so far."""
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=14 * mm, rightMargin=14 * mm, topMargin=12 * mm,
                            bottomMargin=12 * mm, title=f"X report shift {fig['shift_id']}")
    width = A4[0] - 28 * mm
    story = [
        Paragraph(f"X REPORT (shift still open) &nbsp; | &nbsp; shift {fig['shift_id']}", H1),
        Paragraph(f"Counter {counter_id} &nbsp; cashier {fig['cashier_id']} &nbsp; opened "
                  f"{clock.format_local(fig['opened_at'])} &nbsp; printed {clock.format_local(clock.utc_now())}",
                  BODY),
        Spacer(1, 3 * mm),
        _shift_table([fig], width),
        *_variance_notes([fig]),
    ]
    doc.build(story)
    return out.getvalue()
