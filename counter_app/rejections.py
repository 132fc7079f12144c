"""A supervisor resolves each recharge the server rejected: correct it, or refund the cash."""

from __future__ import annotations

import uuid

import sqlite_utils

from counter_app import adjustments, clock, counter, recharge, shifts
from counter_app.errors import Refused
from counter_app.recharge import (
    Recharge, format_receipt_no, get_by_receipt, next_receipt_seq, normalise_consumer_no,
)
from counter_app.storage import write_transaction
from counter_app.i18n import _

PAYMENT_MODE_TRANSFER = "transfer"  # money moved from a rejected receipt, no new cash


def _rejected(db: sqlite_utils.Database, receipt_no: str) -> tuple[Recharge, str | None]:
    taken = get_by_receipt(db, receipt_no)
    if taken is None:
        raise Refused(_("No receipt {receipt_no} on this counter.").format(receipt_no=receipt_no), field="receipt")
    row = db.execute("SELECT state, reject_reason FROM outbox WHERE txn_id = ?", [taken.txn_id]).fetchone()
    if not row or row[0] != "rejected":
        raise Refused(_("Receipt {receipt_no} was not rejected by the server (it is {value}); only rejected "
                        "ones are resolved.").format(
                            receipt_no=taken.receipt_no, value=row[0] if row else 'unknown'), field="receipt")
    done = adjustments.get(db, taken.txn_id)
    if done:
        raise Refused(_("Receipt {receipt_no} is already {value}.").format(
            receipt_no=taken.receipt_no, value=done['kind']), field="receipt")
    return taken, row[1]


def correct_consumer(db: sqlite_utils.Database, receipt_no: str, *, supervisor_id: str,
                     consumer_no: str) -> Recharge:
    """Send the money again under the right consumer number, as a new linked transaction.

    The new transaction carries no new cash (payment mode 'transfer'), so the
    drawer is not counted twice; the rejected one is kept and marked superseded.
    """
    consumer_no = normalise_consumer_no(db, consumer_no)
    me = counter.load(db)
    with write_transaction(db):
        old, _state = _rejected(db, receipt_no)
        shift = shifts.current_shift(db)
        if shift is None:
            raise Refused(_("Open a shift first: the correction is recorded in the shift where it happens."))
        now = clock.now_iso()
        seq = next_receipt_seq(db)
        fields = {
            "txn_id": str(uuid.uuid4()), "receipt_no": format_receipt_no(me.counter_id, seq), "receipt_seq": seq,
            "counter_id": me.counter_id, "shift_id": shift.id, "cashier_id": supervisor_id,
            "consumer_no": consumer_no, "amount_paise": old.amount_paise, "tendered_paise": 0,
            "change_paise": 0, "payment_mode": PAYMENT_MODE_TRANSFER, "created_at": now,
            "business_date": shift.business_date, "rounding_paise": 0,
        }
        new = recharge.record(db, fields, supersedes=old.txn_id)
        adjustments.record(db, old, kind="superseded", shift_id=shift.id, actor=supervisor_id,
                           reason="corrected_consumer", new_txn_id=new.txn_id,
                           extra={"new_receipt_no": new.receipt_no, "consumer_no": consumer_no})
    recharge.note_head(db, new)
    return new


def refund(db: sqlite_utils.Database, receipt_no: str, *, supervisor_id: str, note: str | None = None) -> Recharge:
    """Pay the cash back; it leaves the drawer of the shift where it happens."""
    with write_transaction(db):
        old, reason = _rejected(db, receipt_no)
        shift = shifts.current_shift(db)
        if shift is None:
            raise Refused(_("Open a shift first: the refund is paid from the drawer of the open shift."))
        adjustments.record(db, old, kind="refunded", shift_id=shift.id, actor=supervisor_id,
                           reason=reason or "rejected", note=note)
    return old
