"""Counting the drawer: what a shift should hold, the blind count, the close.

Expected cash = opening float + cash recharges - voided cash - refunds paid.
The cashier enters the count before seeing that figure (a blind count); a
variance above the setting needs a supervisor's sign-off with a note.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import sqlite_utils

from counter_app import canonical, cash, clock, journal, settings, shifts
from counter_app.errors import Refused
from counter_app.money import format_rupees
from counter_app.storage import write_transaction


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
    gross_paise: int            # cash recharges taken, voided ones included
    transfers_paise: int        # corrections moved from rejected receipts (no new cash)
    voids_count: int
    voids_paise: int
    voids: list[dict]
    refunds_count: int
    refunds_paise: int
    reprints: int
    expected_paise: int
    counted_paise: int | None
    variance_paise: int | None
    signed_off_by: str | None
    close_note: str | None

    def as_json(self) -> dict:
        return asdict(self)


def figures(db: sqlite_utils.Database, shift_id: int) -> ShiftFigures:
    shift = db.execute(
        "SELECT id, cashier_id, business_date, opened_at, closed_at, opening_float_paise, counted_paise, "
        "variance_paise, signed_off_by, close_note FROM shifts WHERE id = ?", [shift_id]).fetchone()
    if not shift:
        raise Refused(f"No shift {shift_id} on this counter.")
    count, first, last, gross, transfers = db.execute(
        "SELECT COUNT(*), MIN(receipt_no), MAX(receipt_no), "
        "COALESCE(SUM(CASE WHEN payment_mode = 'cash' THEN amount_paise END), 0), "
        "COALESCE(SUM(CASE WHEN payment_mode != 'cash' THEN amount_paise END), 0) "
        "FROM recharges WHERE shift_id = ?", [shift_id]).fetchone()
    voids = [
        {"receipt_no": r[0], "amount_paise": r[1], "reason": r[2], "note": r[3], "supervisor": r[4]}
        for r in db.execute(
            "SELECT r.receipt_no, a.amount_paise, a.reason, a.note, a.actor FROM adjustments a "
            "JOIN recharges r USING (txn_id) WHERE a.kind = 'void' AND a.shift_id = ? ORDER BY r.receipt_seq",
            [shift_id])
    ]
    voided_cash = db.execute(
        "SELECT COALESCE(SUM(a.amount_paise), 0) FROM adjustments a JOIN recharges r USING (txn_id) "
        "WHERE a.kind = 'void' AND a.shift_id = ? AND r.payment_mode = 'cash'", [shift_id]).fetchone()[0]
    refunds_count, refunds = db.execute(
        "SELECT COUNT(*), COALESCE(SUM(amount_paise), 0) FROM adjustments WHERE kind = 'refunded' AND shift_id = ?",
        [shift_id]).fetchone()
    reprints = db.execute(
        "SELECT COUNT(*) FROM journal j JOIN recharges r ON r.txn_id = j.ref "
        "WHERE j.kind = 'reprint' AND r.shift_id = ?", [shift_id]).fetchone()[0]
    sid, cashier, day, opened, closed, float_paise, counted, variance, signed, note = shift
    expected = float_paise + gross - voided_cash - refunds
    return ShiftFigures(
        shift_id=sid, cashier_id=cashier, business_date=day, opened_at=opened, closed_at=closed,
        opening_float_paise=float_paise, receipts_count=count, first_receipt=first, last_receipt=last,
        gross_paise=gross, transfers_paise=transfers, voids_count=len(voids),
        voids_paise=sum(v["amount_paise"] for v in voids), voids=voids, refunds_count=refunds_count,
        refunds_paise=refunds, reprints=reprints, expected_paise=expected, counted_paise=counted,
        variance_paise=variance, signed_off_by=signed, close_note=note)


def x_report(db: sqlite_utils.Database) -> ShiftFigures:
    """Totals of the open shift so far, without closing it."""
    shift = shifts.current_shift(db)
    if shift is None:
        raise Refused("No shift is open: an X report is for the open shift. Use 'report z' for a closed day.")
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
    counts = cash.parse_count(count_text)
    counted = cash.count_total_paise(counts)
    threshold = settings.get(db, "variance_threshold_paise")
    note = (note or "").strip() or None
    with write_transaction(db):
        shift = shifts.current_shift(db)
        if shift is None:
            raise Refused("No shift is open to close.")
        if shift.cashier_id != cashier_id:
            raise Refused(f"The open shift is {shift.cashier_id}'s; {cashier_id} cannot close it. "
                          f"{shift.cashier_id} closes their own shift.", field="cashier")
        current = figures(db, shift.id)
        variance = counted - current.expected_paise
        needs = abs(variance) > threshold
        blocked = needs and not (supervisor_id and note)
        count_json = {str(k): v for k, v in sorted(counts.items(), reverse=True)}
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
    word = "over" if variance > 0 else "short"
    return (f"Counted {format_rupees(counted)}, expected {format_rupees(fig.expected_paise)}: "
            f"{format_rupees(abs(variance))} {word}.")
