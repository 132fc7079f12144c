"""The outbox: one row per transaction to send to the server, and its state.

States: ``pending`` (waiting to be sent), ``in_flight`` (sent, answer not yet
applied; resent after a crash), ``confirmed`` (the server's word: accepted or
duplicate), ``rejected`` (the server refused it; waits for a supervisor).
"""

from __future__ import annotations

import sqlite_utils

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
