"""Shifts: a cashier's drawer from opening float to close.

This module holds opening and looking up the open shift; counting and closing
belong to reconciliation.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils

from counter_app import business_day, canonical, clock, counter, journal
from counter_app.errors import Refused
from counter_app.storage import write_transaction
from counter_app.i18n import _


@dataclass(frozen=True)
class Shift:
    id: int
    counter_id: str
    cashier_id: str
    opened_at: str
    business_date: str
    opening_float_paise: int
    closed_at: str | None


_COLUMNS = "id, counter_id, cashier_id, opened_at, business_date, opening_float_paise, closed_at"


def open_shift(db: sqlite_utils.Database, *, cashier_id: str, float_paise: int,
               float_count: dict[str, int] | None = None) -> Shift:
    if float_paise < 0:
        raise Refused(_("The opening float cannot be negative."), field="float")
    me = counter.load(db)
    now = clock.now_iso()
    with write_transaction(db):
        current = current_shift(db)
        if current:
            raise Refused(
                _("Shift {shift} of {cashier} is still open on this counter; close it before opening another.")
                .format(shift=current.id, cashier=current.cashier_id))
        day = business_day.for_new_shift(db, now)
        cur = db.execute(
            "INSERT INTO shifts (counter_id, cashier_id, opened_at, business_date, opening_float_paise, "
            "float_count) VALUES (?, ?, ?, ?, ?, ?)",
            [me.counter_id, cashier_id, now, day, float_paise,
             None if float_count is None else canonical.dumps(float_count)],
        )
        shift_id = cur.lastrowid
        journal.append(db, "shift_open", {
            "shift_id": shift_id, "cashier_id": cashier_id, "opening_float_paise": float_paise,
            "float_count": float_count, "business_date": day,
        }, actor=cashier_id, ref=f"shift:{shift_id}", at=now)
    shift = get(db, shift_id)
    assert shift is not None
    return shift


def get(db: sqlite_utils.Database, shift_id: int) -> Shift | None:
    row = db.execute(f"SELECT {_COLUMNS} FROM shifts WHERE id = ?", [shift_id]).fetchone()
    return Shift(*row) if row else None


def current_shift(db: sqlite_utils.Database) -> Shift | None:
    row = db.execute(f"SELECT {_COLUMNS} FROM shifts WHERE closed_at IS NULL ORDER BY id DESC LIMIT 1").fetchone()
    return Shift(*row) if row else None


def require_open_for(db: sqlite_utils.Database, cashier_id: str) -> Shift:
    """The open shift, which must be this cashier's: one drawer, one person."""
    shift = current_shift(db)
    if shift is None:
        raise Refused(_("No shift is open. Open one first: 'counter-app shift open --cashier ID --float RUPEES'."))
    if shift.cashier_id != cashier_id:
        raise Refused(_("The open shift belongs to {owner}; {cashier} cannot take money into it. Close that "
                        "shift first.").format(owner=shift.cashier_id, cashier=cashier_id), field="cashier")
    return shift
