"""SQL the operations pages share between the SQLite and PostgreSQL stores (only the placeholder differs)."""

from __future__ import annotations

from typing import Any

from server.store import LedgerFilter

# A rejection is resolved once the counter journals a supersede or refund for it, or the txn is credited after all.
RESOLVED = ("EXISTS (SELECT 1 FROM journal j WHERE j.counter_id = rj.counter_id AND j.ref = rj.txn_id "
            "AND j.kind IN ('supersede', 'refunded')) "
            "OR EXISTS (SELECT 1 FROM transactions t WHERE t.txn_id = rj.txn_id AND t.counter_id = rj.counter_id)")
LEDGER_COLUMNS = ("txn_id", "receipt_no", "receipt_seq", "consumer_no", "amount_paise", "status", "created_at",
                  "credited_at", "server_ref")


def ledger_where(counter_id: str, query: LedgerFilter, mark: str) -> tuple[str, list[Any]]:
    """The WHERE clause and its arguments for a counter's ledger page; ``mark`` is the driver's placeholder."""
    where, args = [f"counter_id = {mark}", "kind = 'recharge'"], [counter_id]
    for value, clause in ((query.start, "created_at >="), (query.end, "created_at <"),
                          (query.status, "status ="), (query.consumer_no, "consumer_no =")):
        if value:
            where.append(f"{clause} {mark}")
            args.append(value)
    return " AND ".join(where), args
