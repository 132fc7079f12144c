"""What happened to a recharge after it was taken: void, superseded, refunded.

Nothing is ever edited or deleted: each is a journal entry plus one row in the
append-only ``adjustments`` table, written in one transaction.
"""

from __future__ import annotations

import sqlite_utils

from counter_app import clock, journal, outbox
from counter_app.recharge import Recharge

KINDS = ("void", "superseded", "refunded")


def get(db: sqlite_utils.Database, txn_id: str) -> dict | None:
    row = db.execute(
        "SELECT txn_id, kind, at, shift_id, actor, reason, note, new_txn_id, amount_paise, journal_seq "
        "FROM adjustments WHERE txn_id = ?", [txn_id]).fetchone()
    if not row:
        return None
    keys = ("txn_id", "kind", "at", "shift_id", "actor", "reason", "note", "new_txn_id", "amount_paise",
            "journal_seq")
    return dict(zip(keys, row))


def record(db: sqlite_utils.Database, taken: Recharge, *, kind: str, shift_id: int, actor: str,
           reason: str | None = None, note: str | None = None, new_txn_id: str | None = None,
           extra: dict | None = None) -> journal.Entry:
    """Journal and store one adjustment. Call inside the caller's write transaction."""
    assert kind in KINDS
    now = clock.now_iso()
    payload = {"txn_id": taken.txn_id, "receipt_no": taken.receipt_no, "amount_paise": taken.amount_paise,
               "shift_id": shift_id, "reason": reason, "note": note, "new_txn_id": new_txn_id, **(extra or {})}
    entry = journal.append(db, kind if kind != "superseded" else "supersede", payload, actor=actor,
                           ref=taken.txn_id, at=now)
    db.execute(
        "INSERT INTO adjustments (txn_id, kind, at, shift_id, actor, reason, note, new_txn_id, amount_paise, "
        "journal_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [taken.txn_id, kind, now, shift_id, actor, reason, note, new_txn_id, taken.amount_paise, entry.seq])
    return entry


def queue_void_message(db: sqlite_utils.Database, taken: Recharge, entry: journal.Entry) -> str:
    """The server must end up not crediting a voided recharge: send it a void of its own."""
    return outbox.enqueue(db, kind="void", taken=taken, entry=entry)
