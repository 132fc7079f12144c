"""What the operations pages (``server.web``) read and write in the PostgreSQL store.

A mixin of :class:`server.postgres_store.PostgresStore`, the same questions as
:mod:`server.sqlite_ops` and :mod:`server.sqlite_access` answer for SQLite, in
PostgreSQL's SQL. Session tokens are stored only as SHA-256 hashes.
"""

from __future__ import annotations

from typing import Any

from psycopg import errors

from counter_app import clock
from server import ops_sql
from server.store import CollectionRow, CounterOverview, LedgerFilter, LedgerPage, UserExists, WebSession, WebUser


class PostgresOps:
    """Read side of the operations pages, web users, sessions and the admin log (mixed into PostgresStore)."""

    _conn: Any

    def _all(self, sql: str, args: list[Any] = ()) -> list[tuple]:
        with self._conn() as conn:
            return conn.execute(sql, args).fetchall()

    def record_contact(self, counter_id: str, at: str) -> None:
        with self._conn() as conn:
            conn.execute("UPDATE counters SET last_contact_at = %s WHERE counter_id = %s "
                         "AND (last_contact_at IS NULL OR last_contact_at < %s)", [at, counter_id, at])

    def counters_overview(self, day_start: str, day_end: str) -> list[CounterOverview]:
        with self._conn() as conn:
            counters = conn.execute(
                "SELECT c.counter_id, c.office, c.created_at, c.last_contact_at, k.registered_at, "
                "(SELECT MAX(r.retired_at) FROM counter_keys r WHERE r.counter_id = c.counter_id), c.revoked_at, "
                "c.token_rotated_at, GREATEST(COALESCE((SELECT MAX(receipt_seq) FROM transactions t WHERE "
                "t.counter_id = c.counter_id AND t.kind = 'recharge'), 0), COALESCE((SELECT MAX(receipt_seq) FROM "
                "rejections j WHERE j.counter_id = c.counter_id), 0)) FROM counters c LEFT JOIN counter_keys k "
                "ON k.counter_id = c.counter_id AND k.retired_at IS NULL ORDER BY c.counter_id").fetchall()
            today = {row[0]: row[1:] for row in conn.execute(
                "SELECT counter_id, COUNT(*), SUM(amount_paise) FROM transactions "
                "WHERE created_at >= %s AND created_at < %s AND status = 'credited' GROUP BY counter_id",
                [day_start, day_end])}
            awaiting = dict(conn.execute(
                f"SELECT counter_id, COUNT(DISTINCT txn_id) FROM rejections rj WHERE NOT ({ops_sql.RESOLVED}) "
                "GROUP BY counter_id").fetchall())
        rows = []
        for counter_id, office, created, contact, key_at, retired, revoked, rotated, last in counters:
            count, paise = today.get(counter_id, (0, 0))
            rows.append(CounterOverview(counter_id=counter_id, office=office, created_at=created,
                                        last_contact_at=contact, last_receipt_seq=last, credited_today=count,
                                        credited_today_paise=int(paise or 0),
                                        rejections_awaiting=awaiting.get(counter_id, 0),
                                        key_registered_at=key_at, key_retired_at=None if key_at else retired,
                                        revoked_at=revoked, token_rotated_at=rotated))
        return rows

    def counter_ledger(self, counter_id: str, query: LedgerFilter) -> LedgerPage:
        where, args = ops_sql.ledger_where(counter_id, query, '%s')
        with self._conn() as conn:
            total_rows, total_paise, credited_rows, credited_paise = conn.execute(
                "SELECT COUNT(*), COALESCE(SUM(amount_paise), 0), COUNT(*) FILTER (WHERE status = 'credited'), "
                f"COALESCE(SUM(amount_paise) FILTER (WHERE status = 'credited'), 0) FROM transactions WHERE {where}",
                args).fetchone()
            rows = conn.execute(f"SELECT {', '.join(ops_sql.LEDGER_COLUMNS)} FROM transactions WHERE {where} "
                                "ORDER BY receipt_seq DESC LIMIT %s OFFSET %s",
                                [*args, query.limit, query.offset]).fetchall()
        return LedgerPage(rows=[dict(zip(ops_sql.LEDGER_COLUMNS, r)) for r in rows], total_rows=total_rows,
                          total_paise=int(total_paise), credited_rows=credited_rows,
                          credited_paise=int(credited_paise))

    def counter_rejections(self, counter_id: str) -> list[dict[str, Any]]:
        rows = self._all(
            f"SELECT rj.txn_id, MIN(rj.receipt_seq), MAX(rj.reason), MIN(rj.at), bool_or(NOT ({ops_sql.RESOLVED})) "
            "FROM rejections rj WHERE rj.counter_id = %s GROUP BY rj.txn_id ORDER BY MIN(rj.receipt_seq)",
            [counter_id])
        keys = ("txn_id", "receipt_seq", "reason", "at", "awaiting")
        return [{**dict(zip(keys, r)), "awaiting": bool(r[4])} for r in rows]

    def collections(self, start: str, end: str) -> list[CollectionRow]:
        rows = self._all(
            "SELECT c.office, t.counter_id, t.credits, t.paise FROM (SELECT counter_id, COUNT(*) AS credits, "
            "SUM(amount_paise) AS paise FROM transactions WHERE created_at >= %s AND created_at < %s "
            "AND status = 'credited' GROUP BY counter_id) t JOIN counters c ON c.counter_id = t.counter_id "
            "ORDER BY c.office IS NULL, c.office, t.counter_id", [start, end])
        return [CollectionRow(office=o, counter_id=c, credits=n, paise=int(p)) for o, c, n, p in rows]

    def hourly_credits(self, start: str, end: str, utc_offset_minutes: int) -> dict[int, tuple[int, int]]:
        rows = self._all(
            "SELECT EXTRACT(HOUR FROM (created_at::timestamptz AT TIME ZONE 'UTC') + make_interval(mins => %s))"
            "::int, COUNT(*), SUM(amount_paise) FROM transactions "
            "WHERE created_at >= %s AND created_at < %s AND status = 'credited' GROUP BY 1",
            [utc_offset_minutes, start, end])
        return {hour: (count, int(paise)) for hour, count, paise in rows}

    def consumer_credits(self, consumer_no: str, limit: int = 500) -> list[dict[str, Any]]:
        keys = ("txn_id", "counter_id", "receipt_no", "amount_paise", "status", "created_at", "received_at",
                "credited_at", "reversed_at", "balance_after_paise")
        rows = self._all(f"SELECT {', '.join(keys)} FROM transactions WHERE consumer_no = %s AND kind = 'recharge' "
                         "ORDER BY received_at, server_ref LIMIT %s", [consumer_no, limit])
        return [dict(zip(keys, r)) for r in rows]

    # -- web users and sessions ---------------------------------------------
    def add_web_user(self, user_id: str, role: str, password_hash: str) -> None:
        try:
            with self._conn() as conn:
                conn.execute("INSERT INTO web_users (user_id, role, password_hash, created_at) "
                             "VALUES (%s, %s, %s, %s)", [user_id, role, password_hash, clock.now_iso()])
        except errors.UniqueViolation:
            raise UserExists(user_id) from None

    def web_user(self, user_id: str) -> WebUser | None:
        rows = self._all("SELECT user_id, role, password_hash, failed_attempts, locked_until FROM web_users "
                         "WHERE user_id = %s", [user_id])
        return WebUser(*rows[0]) if rows else None

    def note_wrong_password(self, user_id: str, max_wrong: int, locked_until: str) -> str | None:
        with self._conn() as conn:
            failed = conn.execute("UPDATE web_users SET failed_attempts = failed_attempts + 1 WHERE user_id = %s "
                                  "RETURNING failed_attempts", [user_id]).fetchone()
            if failed is None or failed[0] < max_wrong:
                return None
            conn.execute("UPDATE web_users SET failed_attempts = 0, locked_until = %s WHERE user_id = %s",
                         [locked_until, user_id])
            return locked_until

    def clear_wrong_passwords(self, user_id: str) -> None:
        with self._conn() as conn:
            conn.execute("UPDATE web_users SET failed_attempts = 0, locked_until = NULL WHERE user_id = %s "
                         "AND (failed_attempts > 0 OR locked_until IS NOT NULL)", [user_id])

    def create_session(self, token_sha256: str, user_id: str, csrf_token: str, expires_at: str) -> None:
        now = clock.now_iso()
        with self._conn() as conn:
            conn.execute("DELETE FROM web_sessions WHERE expires_at < %s", [now])
            conn.execute("INSERT INTO web_sessions (token_sha256, user_id, csrf_token, created_at, expires_at) "
                         "VALUES (%s, %s, %s, %s, %s)", [token_sha256, user_id, csrf_token, now, expires_at])

    def web_session(self, token_sha256: str, now: str) -> WebSession | None:
        rows = self._all("SELECT s.user_id, u.role, s.csrf_token, s.expires_at FROM web_sessions s "
                         "JOIN web_users u ON u.user_id = s.user_id WHERE s.token_sha256 = %s AND s.expires_at > %s",
                         [token_sha256, now])
        return WebSession(*rows[0]) if rows else None

    def delete_session(self, token_sha256: str) -> None:
        with self._conn() as conn:
            conn.execute("DELETE FROM web_sessions WHERE token_sha256 = %s", [token_sha256])

    # -- admin log ----------------------------------------------------------
    def record_admin_action(self, user_id: str, action: str, counter_id: str | None, detail: str) -> str:
        at = clock.now_iso()
        with self._conn() as conn:
            conn.execute("INSERT INTO admin_actions (at, user_id, action, counter_id, detail) "
                         "VALUES (%s, %s, %s, %s, %s)", [at, user_id, action, counter_id, detail])
        return at

    def admin_actions(self, counter_id: str | None = None, limit: int = 50) -> list[dict[str, Any]]:
        where, args = ("WHERE counter_id = %s", [counter_id]) if counter_id else ("", [])
        rows = self._all(f"SELECT at, user_id, action, counter_id, detail FROM admin_actions {where} "
                         "ORDER BY id DESC LIMIT %s", [*args, limit])
        return [dict(zip(("at", "user_id", "action", "counter_id", "detail"), r)) for r in rows]
