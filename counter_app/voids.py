"""Voiding a recharge: only in its own open shift, only with a supervisor, with a reason."""

from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils

from counter_app import adjustments, shifts
from counter_app.errors import InputError, Refused
from counter_app.money import format_rupees
from counter_app.recharge import Recharge, get_by_receipt
from counter_app.storage import write_transaction
from counter_app.i18n import N_, _

REASONS = {   # shown in the reason list: the core's sentence, translated where shown (reason_text)
    "wrong_consumer": "Wrong consumer number",
    "wrong_amount": "Wrong amount",
    "customer_cancelled": "Customer cancelled",
    "other": "Other",
}
_REASON_WORDS = (N_("Wrong consumer number"), N_("Wrong amount"), N_("Customer cancelled"), N_("Other"))


def reason_text(code: str) -> str:
    """A void reason in the current language; the code itself is never shown."""
    return _(REASONS.get(code, "Other"))


def check_reason(reason: str, note: str | None) -> str | None:
    if reason not in REASONS:
        raise InputError(_("Void reason {reason} is not one of: {join}.").format(
            reason=repr(reason), join=', '.join(REASONS)), field="reason")
    note = (note or "").strip() or None
    if reason == "other" and not note:
        raise InputError(_("Reason 'other' needs a note saying what happened (--note)."), field="note")
    return note


def void_recharge(db: sqlite_utils.Database, receipt_no: str, *, supervisor_id: str, reason: str,
                  note: str | None = None) -> Recharge:
    """Void a recharge of the open shift. The supervisor must already be authenticated.

    The original entry stays; a compensating 'void' journal entry is added and a
    void message is queued so the server reverses (or never applies) the credit.
    """
    note = check_reason(reason, note)
    with write_transaction(db):
        taken = get_by_receipt(db, receipt_no)
        if taken is None:
            raise Refused(_("No receipt {receipt} on this counter.").format(receipt=receipt_no), field="receipt")
        shift = shifts.current_shift(db)
        if shift is None or shift.id != taken.shift_id:
            raise Refused(_("Receipt {receipt} belongs to shift {shift}, which is not the open shift: only a "
                            "recharge of the open shift can be voided. Later corrections go through the "
                            "supervisor's rejected-transactions process.").format(
                                receipt=taken.receipt_no, shift=taken.shift_id), field="receipt")
        existing = adjustments.get(db, taken.txn_id)
        if existing:
            already = {"void": _("Receipt {receipt} is already void."),
                       "refunded": _("Receipt {receipt} is already refunded."),
                       "superseded": _("Receipt {receipt} is already superseded by a correction.")}
            raise Refused(already.get(existing["kind"], _("Receipt {receipt} is already settled by a supervisor."))
                          .format(receipt=taken.receipt_no), field="receipt")
        entry = adjustments.record(db, taken, kind="void", shift_id=shift.id, actor=supervisor_id,
                                   reason=reason, note=note)
        adjustments.queue_void_message(db, taken, entry)
    return taken


@dataclass(frozen=True)
class VoidPreview:
    """What the void dialog shows before the supervisor confirms: what is voided, and the cash back."""

    receipt_no: str
    consumer_no: str
    consumer_name: str | None
    amount_paise: int
    cash_back_paise: int    # the cash this receipt took (rounding included); none for a correction

    def sentence(self) -> str:
        name = f" ({self.consumer_name})" if self.consumer_name else ""
        return _(VOID_WHAT).format(receipt=self.receipt_no, consumer=self.consumer_no, name=name,
                                amount=format_rupees(self.amount_paise), cash=format_rupees(self.cash_back_paise))


def preview(db: sqlite_utils.Database, receipt_no: str) -> VoidPreview:
    taken = get_by_receipt(db, receipt_no)
    if taken is None:
        raise Refused(_("No receipt {receipt_no} on this counter.").format(receipt_no=receipt_no), field="receipt")
    row = db.execute("SELECT name FROM consumers WHERE consumer_no = ?", [taken.consumer_no]).fetchone()
    return VoidPreview(taken.receipt_no, taken.consumer_no, row[0] if row else None, taken.amount_paise,
                       taken.cash_paise)


def give_back_sentence(taken: Recharge) -> str:
    """What the cashier is told after a void: the money to hand back, in the drawer's terms."""
    if not taken.cash_paise:
        return _(NOTHING_TO_GIVE_BACK).format(receipt=taken.receipt_no)
    return _(GIVE_BACK).format(amount=format_rupees(taken.cash_paise), receipt=taken.receipt_no)


# Sentences for people, one place each (marked with N_(), translated where shown).
VOID_WHAT = N_("Void receipt {receipt}: consumer {consumer}{name}, recharge {amount}; cash to give back {cash}.")
GIVE_BACK = N_("Receipt {receipt} is void: give back {amount} to the customer, with the void slip.")
NOTHING_TO_GIVE_BACK = N_("Receipt {receipt} is void: it took no new cash, so nothing is given back.")
