"""The outbox: one row per transaction to send to the server, and its state.

States: ``pending`` (waiting to be sent), ``in_flight`` (sent, answer not yet
applied; resent after a crash), ``confirmed`` (the server's word: accepted or
duplicate), ``rejected`` (the server refused it; waits for a supervisor).
"""

from __future__ import annotations

import sqlite_utils

from counter_app import sync_state

STATES = ("pending", "in_flight", "confirmed", "rejected")
# What a person sees: a sent-but-unanswered transaction is still pending.
OPEN_STATES = ("pending", "in_flight")


def public_status(state: str) -> str:
    return "pending" if state in OPEN_STATES else state


def counts(db: sqlite_utils.Database) -> dict[str, dict[str, int]]:
    """The queue as a person needs it.

    pending: messages still to send (any kind), and the recharge money in them
    that is not voided; confirmed: recharges the server credited; rejected:
    recharges the server refused that no supervisor has resolved yet.
    """
    result = {s: {"count": 0, "paise": 0} for s in ("pending", "confirmed", "rejected")}
    rows = db.execute(
        "SELECT o.state, o.kind, a.kind IS NOT NULL, COUNT(*), COALESCE(SUM(r.amount_paise), 0) "
        "FROM outbox o JOIN recharges r ON r.txn_id = o.ref_txn_id "
        "LEFT JOIN adjustments a ON a.txn_id = o.ref_txn_id GROUP BY 1, 2, 3"
    )
    for state, kind, adjusted, count, paise in rows:
        status = public_status(state)
        if status == "pending":
            result["pending"]["count"] += count
            if kind == "recharge" and not adjusted:
                result["pending"]["paise"] += paise
        elif kind == "recharge" and not (status == "rejected" and adjusted):
            result[status]["count"] += count
            result[status]["paise"] += paise
    return result


def oldest_pending_at(db: sqlite_utils.Database) -> str | None:
    row = db.execute(
        "SELECT MIN(r.created_at) FROM outbox o JOIN recharges r ON r.txn_id = o.ref_txn_id "
        "WHERE o.state IN ('pending', 'in_flight')"
    ).fetchone()
    return row[0]


# -- sending ---------------------------------------------------------------
# The money fields of a message come from the recharge it concerns (for a void,
# the recharge it takes back); its journal entry is the message's own.
_CLAIM_SQL = (
    "SELECT o.txn_id, o.kind, o.ref_txn_id, r.counter_id, r.receipt_no, r.receipt_seq, r.consumer_no, "
    "r.amount_paise, CASE WHEN o.kind = 'recharge' THEN r.created_at ELSE j.at END, "
    "j.seq, j.at, j.kind, j.actor, j.ref, j.payload, j.prev_hash, j.hash "
    "FROM outbox o JOIN recharges r ON r.txn_id = o.ref_txn_id JOIN journal j ON j.seq = o.journal_seq "
    # "+o.state": walk the journal_seq index from the first open row, rather than
    # sorting every open row (a backlog of thousands) for each batch.
    "WHERE +o.state IN ('pending', 'in_flight') AND o.journal_seq >= ? ORDER BY o.journal_seq LIMIT ?"
)
MESSAGE_FIELDS = ("txn_id", "kind", "ref_txn_id", "counter_id", "receipt_no", "receipt_seq", "consumer_no",
                  "amount_paise", "created_at")
JOURNAL_FIELDS = ("seq", "at", "kind", "actor", "ref", "payload", "prev_hash", "hash")


def _messages(rows: list[tuple]) -> list[dict]:
    """Rows of _CLAIM_SQL as messages: the money fields, and the journal entry under "journal"."""
    return [{**dict(zip(MESSAGE_FIELDS, row[:9])), "journal": dict(zip(JOURNAL_FIELDS, row[9:]))} for row in rows]


def open_count(db: sqlite_utils.Database) -> int:
    return db.execute("SELECT COUNT(*) FROM outbox WHERE state IN ('pending', 'in_flight')").fetchone()[0]


def claim_due(db: sqlite_utils.Database, limit: int, *, now: str,
              after_seq: int = 0) -> tuple[list[dict], list[dict]]:
    """Mark the next ``limit`` open messages in_flight, in journal order, in one transaction.

    Returns (messages, other journal entries between them not yet sent). A
    message stays in_flight until the server's answer is applied, so one that
    was sent when the program died is sent again on the next run. ``after_seq``
    skips messages up to that journal entry (the batch still on the wire).
    """
    from counter_app.storage import write_transaction

    with write_transaction(db):
        first = db.execute("SELECT MIN(journal_seq) FROM outbox WHERE state IN ('pending', 'in_flight') "
                           "AND journal_seq > ?", [after_seq]).fetchone()[0]
        if first is None:
            return [], []
        rows = db.execute(_CLAIM_SQL, [first, limit]).fetchall()
        if not rows:
            return [], []
        messages = _messages(rows)
        ids = [m["txn_id"] for m in messages]
        marks = ", ".join("?" for _ in ids)
        db.execute(f"UPDATE outbox SET state = 'in_flight', attempts = attempts + 1, sent_at = ?, updated_at = ? "
                   f"WHERE txn_id IN ({marks})", [now, now, *ids])
        sent_upto = max(after_seq, sync_state.read(db).journal_sent_seq)
        last = messages[-1]["journal"]["seq"]
        others = [dict(zip(JOURNAL_FIELDS, r)) for r in db.execute(
            "SELECT seq, at, kind, actor, ref, payload, prev_hash, hash FROM journal j WHERE seq > ? AND seq < ? "
            "AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.journal_seq = j.seq) ORDER BY seq LIMIT 5000",
            [sent_upto, last])]
    return messages, others


def apply_batch_results(db: sqlite_utils.Database, sent: list[dict], results: list[dict], *,
                        now: str, server_time: str | None, offset_s: float | None) -> dict[str, int]:
    """Apply the server's answers to one batch, and note the success, in ONE transaction.

    ``confirmed`` only on the server's word (accepted or duplicate), keeping its
    server_ref; ``rejected`` with its reason. A confirmed row is never moved
    back; a message the answer does not mention stays in_flight and is resent.
    """
    from counter_app.storage import write_transaction

    counts = {"accepted": 0, "duplicate": 0, "rejected": 0, "unanswered": 0}
    wanted = {m["txn_id"] for m in sent}
    answered: set[str] = set()
    confirms, rejects = [], []
    for result in results:
        txn_id, status = result.get("txn_id"), result.get("status")
        if txn_id not in wanted or txn_id in answered:
            continue
        if status in ("accepted", "duplicate") and isinstance(result.get("server_ref"), str):
            balance = result.get("balance_paise")
            confirms.append([result["server_ref"], balance if isinstance(balance, int) else None, now, now, txn_id])
        elif status == "rejected":
            reason = str(result.get("reason") or "rejected")[:100]
            rejects.append([reason, str(result.get("message") or reason)[:500], now, txn_id])
        else:
            continue
        answered.add(txn_id)
        counts[status] += 1
    with write_transaction(db):
        db.conn.executemany(
            "UPDATE outbox SET state = 'confirmed', server_ref = ?, balance_after_paise = ?, confirmed_at = ?, "
            "last_error = NULL, reject_reason = NULL, updated_at = ? WHERE txn_id = ? AND state != 'confirmed'",
            confirms)
        db.conn.executemany(
            "UPDATE outbox SET state = 'rejected', reject_reason = ?, last_error = ?, updated_at = ? "
            "WHERE txn_id = ? AND state IN ('pending', 'in_flight')", rejects)
        counts["unanswered"] = len(wanted - answered)
        sync_state.note_success(db, at=now, server_time=server_time, offset_s=offset_s,
                                journal_sent_seq=max(m["journal"]["seq"] for m in sent))
    return counts


def release(db: sqlite_utils.Database, claimed: list[dict], *, now: str) -> None:
    """Claimed but never sent (the batch before it failed): back to pending."""
    from counter_app.storage import write_transaction

    ids = [m["txn_id"] for m in claimed]
    if not ids:
        return
    with write_transaction(db):
        db.execute(f"UPDATE outbox SET state = 'pending', updated_at = ? WHERE txn_id IN ({', '.join('?' for _ in ids)}) "
                   "AND state = 'in_flight'", [now, *ids])


def record_failure(db: sqlite_utils.Database, sent: list[dict], *, error: str, now: str, retry_at: str,
                   not_sent: bool) -> None:
    """Note a failed attempt. Messages that surely never reached the server go back to pending."""
    from counter_app.storage import write_transaction

    with write_transaction(db):
        ids = [m["txn_id"] for m in sent]
        if ids:
            marks = ", ".join("?" for _ in ids)
            state = "CASE WHEN state = 'in_flight' THEN 'pending' ELSE state END" if not_sent else "state"
            db.execute(f"UPDATE outbox SET state = {state}, last_error = ?, next_attempt_at = ?, updated_at = ? "
                       f"WHERE txn_id IN ({marks}) AND state IN ('pending', 'in_flight')", [error, retry_at, now, *ids])
        sync_state.note_failure(db, error=error, retry_at=retry_at)


def open_messages(db: sqlite_utils.Database) -> tuple[list[dict], list[dict]]:
    """Every open message in journal order, and the non-money journal entries up to the last one.

    Read-only (states are left as they are): for the transfer file, which goes
    to the server by hand while the rows stay open until the server's word.
    """
    messages = _messages(db.execute(_CLAIM_SQL.replace("LIMIT ?", ""), [0]).fetchall())
    if not messages:
        return [], []
    others = [dict(zip(JOURNAL_FIELDS, r)) for r in db.execute(
        "SELECT seq, at, kind, actor, ref, payload, prev_hash, hash FROM journal j WHERE seq < ? "
        "AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.journal_seq = j.seq) ORDER BY seq",
        [messages[-1]["journal"]["seq"]])]
    return messages, others
