"""Counting the drawer: what a shift should hold, the blind count, the close.

Expected cash = opening float + cash recharges + cash rounding - cash given back
for voids - refunds paid.
The cashier enters the count before seeing that figure (a blind count); a
variance above the setting needs a supervisor's sign-off with a note.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

import sqlite_utils

from counter_app import canonical, cash, clock, journal, settings, shifts
from counter_app.errors import Refused
from counter_app.money import format_rupees
from counter_app.storage import write_transaction
from counter_app.i18n import _


@dataclass(frozen=True)
class ShiftFigures:
    shift_id: int
    cashier_id: str
    business_date: str
    opened_at: str
    closed_at: str | None
    opening_float_paise: int
    receipts_count: int
    first_receipt: str | None
    last_receipt: str | None
    gross_paise: int            # cash recharges taken (amounts credited), voided ones included
    rounding_paise: int         # cash rounding on those: the drawer holds gross + rounding
    transfers_paise: int        # corrections moved from rejected receipts (no new cash)
    voids_count: int
    voids_paise: int            # amounts voided
    voids_cash_paise: int       # cash given back for them (rounding included)
    voids: list[dict]
    refunds_count: int
    refunds_paise: int          # cash paid back for rejected recharges
    refunds: list[dict]
    superseded: list[dict]      # rejected receipts sent again under another receipt (no cash moves)
    reprints: int
    expected_paise: int
    counted_paise: int | None
    count: dict[str, int]       # the closing count by denomination ("2000": 1, "0.50": 2)
    variance_paise: int | None
    signed_off_by: str | None
    close_note: str | None

    def as_json(self) -> dict:
        return asdict(self)


def _adjusted(db: sqlite_utils.Database, shift_id: int, kind: str) -> list[dict]:
    """The shift's voids, refunds or supersessions, with the cash each moved out of the drawer."""
    rows = db.execute(
        "SELECT r.receipt_no, r.txn_id, r.consumer_no, a.amount_paise, "
        # A refund pays the money back in cash even for a correction (its cash came with the
        # receipt it replaced); a void gives back only cash this receipt took.
        "CASE WHEN r.payment_mode = 'cash' OR a.kind = 'refunded' THEN a.amount_paise + r.rounding_paise "
        "ELSE 0 END, "
        "a.reason, a.note, a.actor, a.at, n.receipt_no FROM adjustments a JOIN recharges r USING (txn_id) "
        "LEFT JOIN recharges n ON n.txn_id = a.new_txn_id "
        "WHERE a.kind = ? AND a.shift_id = ? ORDER BY r.receipt_seq", [kind, shift_id])
    keys = ("receipt_no", "txn_id", "consumer_no", "amount_paise", "cash_paise", "reason", "note", "supervisor",
            "at", "new_receipt_no")
    return [dict(zip(keys, row)) for row in rows]


def figures(db: sqlite_utils.Database, shift_id: int) -> ShiftFigures:
    shift = db.execute(
        "SELECT id, cashier_id, business_date, opened_at, closed_at, opening_float_paise, counted_paise, "
        "variance_paise, signed_off_by, close_note, close_count FROM shifts WHERE id = ?", [shift_id]).fetchone()
    if not shift:
        raise Refused(_("No shift {shift_id} on this counter.").format(shift_id=shift_id))
    count, first, last, gross, rounding, transfers = db.execute(
        "SELECT COUNT(*), MIN(receipt_no), MAX(receipt_no), "
        "COALESCE(SUM(CASE WHEN payment_mode = 'cash' THEN amount_paise END), 0), "
        "COALESCE(SUM(CASE WHEN payment_mode = 'cash' THEN rounding_paise END), 0), "
        "COALESCE(SUM(CASE WHEN payment_mode != 'cash' THEN amount_paise END), 0) "
        "FROM recharges WHERE shift_id = ?", [shift_id]).fetchone()
    voids = _adjusted(db, shift_id, "void")
    refunds = _adjusted(db, shift_id, "refunded")
    superseded = _adjusted(db, shift_id, "superseded")
    reprints = db.execute(
        "SELECT COUNT(*) FROM journal j JOIN recharges r ON r.txn_id = j.ref "
        "WHERE j.kind = 'reprint' AND r.shift_id = ?", [shift_id]).fetchone()[0]
    sid, cashier, day, opened, closed, float_paise, counted, variance, signed, note, close_count = shift
    voided_cash = sum(v["cash_paise"] for v in voids)
    refunded_cash = sum(r["cash_paise"] for r in refunds)
    expected = float_paise + gross + rounding - voided_cash - refunded_cash
    return ShiftFigures(
        shift_id=sid, cashier_id=cashier, business_date=day, opened_at=opened, closed_at=closed,
        opening_float_paise=float_paise, receipts_count=count, first_receipt=first, last_receipt=last,
        gross_paise=gross, rounding_paise=rounding, transfers_paise=transfers, voids_count=len(voids),
        voids_paise=sum(v["amount_paise"] for v in voids), voids_cash_paise=voided_cash, voids=voids,
        refunds_count=len(refunds), refunds_paise=refunded_cash, refunds=refunds, superseded=superseded,
        reprints=reprints, expected_paise=expected, counted_paise=counted, count=json.loads(close_count or "{}"),
        variance_paise=variance, signed_off_by=signed, close_note=note)


def x_report(db: sqlite_utils.Database) -> ShiftFigures:
    """Totals of the open shift so far, without closing it."""
    shift = shifts.current_shift(db)
    if shift is None:
        raise Refused(_("No shift is open: an X report is for the open shift. Use 'report z' for a closed day."))
    return figures(db, shift.id)


@dataclass(frozen=True)
class CloseResult:
    figures: ShiftFigures
    needs_sign_off: bool


def close_shift(db: sqlite_utils.Database, *, cashier_id: str, count_text: str,
                supervisor_id: str | None = None, note: str | None = None) -> CloseResult:
    """Close the cashier's own open shift with a blind count.

    The count is journaled before the variance is known to anyone. When the
    variance needs a sign-off that was not given, the shift stays open and the
    result says so (the count stays in the journal: a recount is visible).
    The supervisor, when named, must already be authenticated.
    """
    counts = cash.parse_count(count_text, cash.denominations(db))
    counted = cash.count_total_paise(counts)
    threshold = settings.get(db, "variance_threshold_paise")
    note = (note or "").strip() or None
    with write_transaction(db):
        shift = shifts.current_shift(db)
        if shift is None:
            raise Refused(_("No shift is open to close."))
        if shift.cashier_id != cashier_id:
            raise Refused(_("The open shift is {cashier_id}'s; {cashier_id2} cannot close it. {cashier_id} "
                            "closes their own shift.").format(
                                cashier_id=shift.cashier_id, cashier_id2=cashier_id), field="cashier")
        current = figures(db, shift.id)
        variance = counted - current.expected_paise
        needs = abs(variance) > threshold
        blocked = needs and not (supervisor_id and note)
        count_json = cash.count_json(counts)
        now = clock.now_iso()
        if blocked:
            journal.append(db, "shift_count", {"shift_id": shift.id, "count": count_json,
                                               "counted_paise": counted, "variance_paise": variance},
                           actor=cashier_id, ref=f"shift:{shift.id}", at=now)
        else:
            entry = journal.append(db, "shift_close", {
                "shift_id": shift.id, "count": count_json, "counted_paise": counted,
                "expected_paise": current.expected_paise, "variance_paise": variance,
                "signed_off_by": supervisor_id if needs else None, "note": note,
            }, actor=cashier_id, ref=f"shift:{shift.id}", at=now)
            db.execute(
                "UPDATE shifts SET closed_at = ?, closed_by = ?, close_count = ?, counted_paise = ?, "
                "expected_paise = ?, variance_paise = ?, signed_off_by = ?, close_note = ?, "
                "close_journal_seq = ? WHERE id = ?",
                [now, cashier_id, canonical.dumps(count_json), counted, current.expected_paise, variance,
                 supervisor_id if needs else None, note, entry.seq, shift.id])
    return CloseResult(figures(db, shift.id), blocked)


def variance_message(fig: ShiftFigures, counted: int) -> str:
    variance = counted - fig.expected_paise
    sentence = (_("Counted {counted}, expected {expected}: {variance} over.") if variance > 0
                else _("Counted {counted}, expected {expected}: {variance} short."))
    return sentence.format(counted=format_rupees(counted), expected=format_rupees(fig.expected_paise),
                           variance=format_rupees(abs(variance)))
