"""What the operations pages read from the SQLite store: overview, ledgers, collections, consumers.

A mixin of :class:`server.sqlite_store.SqliteStore` (it uses the store's
per-thread reader and its write lock), kept apart so the money path stays
short. Every query here is answered from an index: the counters page must stay
quick with a million ledger rows (``bench/bench_pages.py``).
"""

from __future__ import annotations

from typing import Any

from server import ops_sql
from server.store import CollectionRow, CounterOverview, LedgerFilter, LedgerPage


class SqliteOpsQueries:
    """Read side of the operations pages (mixed into SqliteStore)."""

    _reader: Any
    _write: Any

    def record_contact(self, counter_id: str, at: str) -> None:
        with self._write() as conn:
            conn.execute("UPDATE counters SET last_contact_at = ? WHERE counter_id = ? "
                         "AND (last_contact_at IS NULL OR last_contact_at < ?)", [at, counter_id, at])

    def counters_overview(self, day_start: str, day_end: str) -> list[CounterOverview]:
        conn = self._reader()
        # The active key's registration, or else when the newest key was retired.
        counters = conn.execute(
            "SELECT c.counter_id, c.office, c.created_at, c.last_contact_at, k.registered_at, "
            "(SELECT MAX(r.retired_at) FROM counter_keys r WHERE r.counter_id = c.counter_id), c.revoked_at, "
            "c.token_rotated_at FROM counters c LEFT JOIN counter_keys k ON k.counter_id = c.counter_id "
            "AND k.retired_at IS NULL ORDER BY c.counter_id").fetchall()
        today = {row[0]: row[1:] for row in conn.execute(
            "SELECT counter_id, COUNT(*), SUM(amount_paise) FROM transactions "
            "WHERE created_at >= ? AND created_at < ? AND status = 'credited' GROUP BY counter_id",
            [day_start, day_end])}
        awaiting = dict(conn.execute(
            f"SELECT counter_id, COUNT(DISTINCT txn_id) FROM rejections rj WHERE NOT ({ops_sql.RESOLVED}) "
            "GROUP BY counter_id"))
        rows = []
        for counter_id, office, created, contact, key_at, retired, revoked, rotated in counters:
            # Two index probes per counter (newest first): cheaper than one scan of every row.
            last = conn.execute(
                "SELECT MAX(COALESCE((SELECT receipt_seq FROM transactions WHERE counter_id = ?1 AND kind = "
                "'recharge' ORDER BY receipt_seq DESC LIMIT 1), 0), COALESCE((SELECT MAX(receipt_seq) FROM "
                "rejections WHERE counter_id = ?1), 0))", [counter_id]).fetchone()[0]
            count, paise = today.get(counter_id, (0, 0))
            rows.append(CounterOverview(counter_id=counter_id, office=office, created_at=created,
                                        last_contact_at=contact, last_receipt_seq=last, credited_today=count,
                                        credited_today_paise=paise or 0,
                                        rejections_awaiting=awaiting.get(counter_id, 0),
                                        key_registered_at=key_at, key_retired_at=None if key_at else retired,
                                        revoked_at=revoked, token_rotated_at=rotated))
        return rows

    def counter_ledger(self, counter_id: str, query: LedgerFilter) -> LedgerPage:
        conn = self._reader()
        where, args = ops_sql.ledger_where(counter_id, query, '?')
        total_rows, total_paise, credited_rows, credited_paise = conn.execute(
            "SELECT COUNT(*), COALESCE(SUM(amount_paise), 0), COALESCE(SUM(status = 'credited'), 0), "
            f"COALESCE(SUM(CASE WHEN status = 'credited' THEN amount_paise END), 0) FROM transactions WHERE {where}",
            args).fetchone()
        rows = conn.execute(f"SELECT {', '.join(ops_sql.LEDGER_COLUMNS)} FROM transactions WHERE {where} "
                            "ORDER BY receipt_seq DESC LIMIT ? OFFSET ?", [*args, query.limit, query.offset])
        return LedgerPage(rows=[dict(zip(ops_sql.LEDGER_COLUMNS, r)) for r in rows], total_rows=total_rows,
                          total_paise=total_paise, credited_rows=credited_rows, credited_paise=credited_paise)

    def counter_rejections(self, counter_id: str) -> list[dict[str, Any]]:
        rows = self._reader().execute(
            f"SELECT rj.txn_id, MIN(rj.receipt_seq), MAX(rj.reason), MIN(rj.at), NOT ({ops_sql.RESOLVED}) "
            "FROM rejections rj WHERE rj.counter_id = ? GROUP BY rj.txn_id ORDER BY MIN(rj.receipt_seq)",
            [counter_id])
        keys = ("txn_id", "receipt_seq", "reason", "at", "awaiting")
        return [{**dict(zip(keys, r)), "awaiting": bool(r[4])} for r in rows]

    def collections(self, start: str, end: str) -> list[CollectionRow]:
        rows = self._reader().execute(
            "SELECT c.office, t.counter_id, t.credits, t.paise FROM (SELECT counter_id, COUNT(*) AS credits, "
            "SUM(amount_paise) AS paise FROM transactions WHERE created_at >= ? AND created_at < ? "
            "AND status = 'credited' GROUP BY counter_id) t JOIN counters c ON c.counter_id = t.counter_id "
            "ORDER BY c.office IS NULL, c.office, t.counter_id", [start, end])
        return [CollectionRow(office=o, counter_id=c, credits=n, paise=p) for o, c, n, p in rows]

    def hourly_credits(self, start: str, end: str, utc_offset_minutes: int) -> dict[int, tuple[int, int]]:
        rows = self._reader().execute(
            "SELECT CAST(strftime('%H', created_at, ?) AS INTEGER), COUNT(*), SUM(amount_paise) FROM transactions "
            "WHERE created_at >= ? AND created_at < ? AND status = 'credited' GROUP BY 1",
            [f"{utc_offset_minutes:+d} minutes", start, end])
        return {hour: (count, paise) for hour, count, paise in rows}

    def consumer_credits(self, consumer_no: str, limit: int = 500) -> list[dict[str, Any]]:
        keys = ("txn_id", "counter_id", "receipt_no", "amount_paise", "status", "created_at", "received_at",
                "credited_at", "reversed_at", "balance_after_paise")
        rows = self._reader().execute(
            f"SELECT {', '.join(keys)} FROM transactions WHERE consumer_no = ? AND kind = 'recharge' "
            "ORDER BY received_at, server_ref LIMIT ?", [consumer_no, limit])
        return [dict(zip(keys, r)) for r in rows]
