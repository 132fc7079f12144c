"""The embedded default store: one SQLite file, WAL, every credit fsynced before it is answered.

Writes go through one connection under a lock (SQLite has one writer anyway);
reads use one connection per thread so the health check and directory pages
never wait for a batch. ``txn_id`` is the primary key of ``transactions``:
idempotency is a constraint, not a cache.
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from counter_app import clock
from server import audit, crediting, seed, signature_audit, sqlite_checkpoint, sqlite_schema
from server.sqlite_access import SqliteAccess
from server.sqlite_ops import SqliteOpsQueries
from server.crediting import BatchApplied, Rules
from server.sqlite_tx import JOURNAL_COLUMNS as _JOURNAL_COLUMNS
from server.sqlite_tx import TXN_COLUMNS as _TXN_COLUMNS
from server.sqlite_tx import TXN_SELECT as _TXN_SELECT
from server.sqlite_tx import SqliteTx
from server.store import (
    CounterExists, CounterKey, CounterRecord, KeyConflict, NotVerified, UnknownCounter, hash_token, key_id,
    new_token,
)
from server.verify import Verifier

SCHEMA_VERSION = sqlite_schema.SCHEMA_VERSION
DB_NAME = "server.sqlite3"
_CONSUMER_COLUMNS = ("consumer_no", "name", "meter_no", "subdivision", "balance_paise", "updated_at")
# The counter and its active key, if any, in one row.
_COUNTER_SELECT = ("SELECT c.counter_id, k.public_key_pem, k.registered_at, c.revoked_at FROM counters c "
                   "LEFT JOIN counter_keys k ON k.counter_id = c.counter_id AND k.retired_at IS NULL")


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(str(path), timeout=30, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA busy_timeout = 30000")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    return conn


class SqliteStore(SqliteOpsQueries, SqliteAccess):
    def __init__(self, data_dir: Path, *, rules: Rules | None = None) -> None:
        data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        self.path = data_dir / DB_NAME
        self.rules = rules or Rules()
        self._write_lock = threading.Lock()
        sqlite_schema.refuse_newer(self.path)
        self._writer = _connect(self.path)
        try:
            sqlite_schema.upgrade(self._writer, self.path)
        except BaseException:
            self._writer.close()
            raise
        self._writer.execute(f"PRAGMA wal_autocheckpoint = {sqlite_checkpoint.BACKSTOP_PAGES}")
        self._checkpointer = sqlite_checkpoint.Checkpointer(self.path)
        self._local = threading.local()
        self._readers: list[sqlite3.Connection] = []
        self._readers_lock = threading.Lock()

    # -- connections --------------------------------------------------------
    def _reader(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = _connect(self.path)
            self._local.conn = conn
            with self._readers_lock:
                self._readers.append(conn)
        return conn

    @contextlib.contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        with self._write_lock:
            conn = self._writer
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
        self._checkpointer.poke()

    def ping(self) -> None:
        self._reader().execute("SELECT 1").fetchone()

    def close(self) -> None:
        with self._readers_lock:
            for conn in self._readers:
                conn.close()
            self._readers.clear()
        self._checkpointer.stop()
        self._writer.close()

    # -- counters -----------------------------------------------------------
    def add_counter(self, counter_id: str, *, office: str | None = None) -> str:
        token, digest = new_token()
        with self._write() as conn:
            if conn.execute("SELECT 1 FROM counters WHERE counter_id = ?", [counter_id]).fetchone():
                raise CounterExists(counter_id)
            conn.execute("INSERT INTO counters (counter_id, token_sha256, created_at, office) VALUES (?, ?, ?, ?)",
                         [counter_id, digest, clock.now_iso(), office])
        return token

    def counter_for_token(self, token: str) -> CounterRecord | None:
        row = self._reader().execute(f"{_COUNTER_SELECT} WHERE c.token_sha256 = ?", [hash_token(token)]).fetchone()
        return CounterRecord(*row) if row else None

    def counter_by_id(self, counter_id: str) -> CounterRecord | None:
        row = self._reader().execute(f"{_COUNTER_SELECT} WHERE c.counter_id = ?", [counter_id]).fetchone()
        return CounterRecord(*row) if row else None

    def counter_progress(self, counter_id: str) -> dict[str, Any]:
        reader = self._reader()
        seqs = (r[0] for r in reader.execute(
            "SELECT receipt_seq FROM transactions WHERE counter_id = ? AND kind = 'recharge' "
            "UNION SELECT receipt_seq FROM rejections WHERE counter_id = ? ORDER BY 1", [counter_id, counter_id]))
        journal = reader.execute("SELECT MAX(seq) FROM journal WHERE counter_id = ?", [counter_id]).fetchone()[0]
        return {"last_receipt_seq": crediting.credible_last_receipt(seqs, self.rules.max_receipt_jump),
                "journal_max_seq": journal or 0}

    def _existing(self, conn: sqlite3.Connection, counter_id: str) -> None:
        if not conn.execute("SELECT 1 FROM counters WHERE counter_id = ?", [counter_id]).fetchone():
            raise UnknownCounter(counter_id)

    def register_key(self, counter_id: str, public_key_pem: str) -> tuple[str, bool]:
        pem = public_key_pem.strip() + "\n"
        with self._write() as conn:
            self._existing(conn, counter_id)
            active = conn.execute("SELECT public_key_pem, registered_at FROM counter_keys WHERE counter_id = ? "
                                  "AND retired_at IS NULL", [counter_id]).fetchone()
            if active is not None:
                if active[0].strip() != pem.strip():
                    raise KeyConflict(counter_id)
                return active[1], True
            if conn.execute("SELECT 1 FROM counter_keys WHERE counter_id = ? AND key_id = ?",
                            [counter_id, key_id(pem)]).fetchone():
                raise KeyConflict(counter_id)  # a retired key never comes back
            at = clock.now_iso()
            conn.execute("INSERT INTO counter_keys (counter_id, key_id, public_key_pem, registered_at) "
                         "VALUES (?, ?, ?, ?)", [counter_id, key_id(pem), pem, at])
            return at, False

    def counter_keys(self, counter_id: str) -> list[CounterKey]:
        return [CounterKey(*row) for row in self._reader().execute(
            "SELECT key_id, public_key_pem, registered_at, retired_at FROM counter_keys WHERE counter_id = ? "
            "ORDER BY registered_at", [counter_id])]

    def revoke_counter(self, counter_id: str) -> str:
        with self._write() as conn:
            self._existing(conn, counter_id)
            conn.execute("UPDATE counters SET revoked_at = COALESCE(revoked_at, ?) WHERE counter_id = ?",
                         [clock.now_iso(), counter_id])
            return conn.execute("SELECT revoked_at FROM counters WHERE counter_id = ?", [counter_id]).fetchone()[0]

    def rotate_token(self, counter_id: str) -> str:
        token, digest = new_token()
        with self._write() as conn:
            self._existing(conn, counter_id)
            conn.execute("UPDATE counters SET token_sha256 = ?, token_rotated_at = ? WHERE counter_id = ?",
                         [digest, clock.now_iso(), counter_id])
        return token

    def retire_key(self, counter_id: str) -> CounterKey | None:
        with self._write() as conn:
            self._existing(conn, counter_id)
            row = conn.execute("SELECT key_id, public_key_pem, registered_at FROM counter_keys WHERE counter_id = ? "
                               "AND retired_at IS NULL", [counter_id]).fetchone()
            if row is None:
                return None
            at = clock.now_iso()
            conn.execute("UPDATE counter_keys SET retired_at = ? WHERE counter_id = ? AND key_id = ?",
                         [at, counter_id, row[0]])
            return CounterKey(*row, at)

    # -- money --------------------------------------------------------------
    def apply_batch(self, counter: CounterRecord, items: list[dict[str, Any]], journal: list[dict[str, Any]],
                    before_commit: Callable[[], bool] | None = None) -> BatchApplied:
        with self._write() as conn:
            tx = SqliteTx(conn, counter.counter_id, items, [item["journal"] for item in items] + journal)
            applied = crediting.apply_batch(tx, items, journal, self.rules)
            tx.finish()
            if before_commit is not None and not before_commit():
                raise NotVerified(counter.counter_id)  # _write rolls back
        return applied

    def get_transaction(self, counter_id: str, txn_id: str) -> dict[str, Any] | None:
        row = self._reader().execute(f"{_TXN_SELECT} WHERE txn_id = ? AND counter_id = ?",
                                     [txn_id, counter_id]).fetchone()
        return dict(zip(_TXN_COLUMNS, row)) if row else None

    def ledger(self, counter_id: str | None = None) -> list[dict[str, Any]]:
        where, args = "WHERE r.kind = 'recharge'", []
        if counter_id:
            where += " AND r.counter_id = ?"
            args.append(counter_id)
        rows = self._reader().execute(
            "SELECT r.txn_id, r.counter_id, r.receipt_no, r.consumer_no, r.amount_paise, r.server_ref, "
            "r.credited_at, r.status, r.reversed_at, COALESCE(r.reversed_by, v.txn_id) "
            "FROM transactions r LEFT JOIN transactions v ON v.counter_id = r.counter_id AND v.kind = 'void' "
            "AND v.ref_txn_id = r.txn_id "
            f"{where} ORDER BY r.counter_id, r.receipt_seq", args)
        keys = ("txn_id", "counter_id", "receipt_no", "consumer_no", "amount_paise", "server_ref", "credited_at")
        return [{**dict(zip(keys, r[:7])), "voided": r[7] in ("reversed", "voided"), "reversed_at": r[8],
                 "void_txn_id": r[9]} for r in rows]

    # -- consumers ----------------------------------------------------------
    def consumers_page(self, since: int, limit: int) -> tuple[list[dict[str, Any]], int, bool]:
        rows = self._reader().execute(
            f"SELECT change_seq, {', '.join(_CONSUMER_COLUMNS)} FROM consumers WHERE change_seq > ? "
            "ORDER BY change_seq LIMIT ?", [since, limit + 1]).fetchall()
        more = len(rows) > limit
        rows = rows[:limit]
        cursor = rows[-1][0] if rows else since
        return [dict(zip(_CONSUMER_COLUMNS, r[1:])) for r in rows], cursor, more

    def get_consumer(self, consumer_no: str) -> dict[str, Any] | None:
        row = self._reader().execute(f"SELECT {', '.join(_CONSUMER_COLUMNS)} FROM consumers WHERE consumer_no = ?",
                                     [consumer_no]).fetchone()
        return dict(zip(_CONSUMER_COLUMNS, row)) if row else None

    def seed_consumers(self, count: int, *, seed_value: int = 1) -> int:
        """Add ``count`` consumers after those already there. Bulk: no fsync until the end."""
        chunk = 100_000
        with self._write_lock:
            conn = self._writer
            conn.execute("PRAGMA synchronous = OFF")
            try:
                start = conn.execute("SELECT COUNT(*) FROM consumers").fetchone()[0]
                base = conn.execute("SELECT COALESCE(MAX(change_seq), 0) FROM consumers").fetchone()[0]
                now = clock.now_iso()
                for offset in range(0, count, chunk):
                    n = min(chunk, count - offset)
                    conn.execute("BEGIN IMMEDIATE")
                    try:
                        conn.executemany(
                            "INSERT INTO consumers (change_seq, consumer_no, name, meter_no, subdivision, "
                            "balance_paise, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                            ((base + offset + i + 1, *row) for i, row in
                             enumerate(seed.rows(start + offset, n, now=now, seed=seed_value))))
                    except BaseException:
                        conn.execute("ROLLBACK")
                        raise
                    conn.execute("COMMIT")
            finally:
                conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return count

    # -- audit --------------------------------------------------------------
    def audit(self, *, signatures: bool = False) -> dict[str, Any]:
        """Per counter: receipt gaps, journal findings, clock flags; with ``signatures``, every stored signature."""
        conn = self._reader()
        reports = []
        verifier = Verifier(threads=1) if signatures else None
        for (counter_id,) in conn.execute("SELECT counter_id FROM counters ORDER BY counter_id").fetchall():
            # Sorted by SQLite from its indexes: the gaps are then one pass over the numbers held.
            seqs = (r[0] for r in conn.execute(
                "SELECT receipt_seq FROM transactions WHERE counter_id = ? AND kind = 'recharge' "
                "UNION SELECT receipt_seq FROM rejections WHERE counter_id = ? ORDER BY 1", [counter_id, counter_id]))
            credited, paise = conn.execute(
                "SELECT COUNT(*), COALESCE(SUM(amount_paise), 0) FROM transactions "
                "WHERE counter_id = ? AND status = 'credited'", [counter_id]).fetchone()
            waiting = [r[0] for r in conn.execute(
                "SELECT txn_id FROM transactions WHERE counter_id = ? AND status = 'void_waiting' "
                "ORDER BY receipt_seq", [counter_id])]
            flagged = conn.execute(
                "SELECT txn_id, created_at, received_at, time_flag FROM transactions WHERE counter_id = ? "
                "AND time_flag IS NOT NULL ORDER BY receipt_seq", [counter_id]).fetchall()
            entries = conn.execute(f"SELECT {', '.join(_JOURNAL_COLUMNS)} FROM journal WHERE counter_id = ? "
                                   "ORDER BY seq, received_at", [counter_id])
            report = audit.counter_report(counter_id, receipt_seqs=seqs, entries=entries, credited=credited,
                                          credited_paise=paise, voids_waiting=waiting, clock_flags=flagged)
            if signatures:
                audit.add_signature_findings(report, signature_audit.findings(
                    self._signed_rows(conn, counter_id), [k.public_key_pem for k in self.counter_keys(counter_id)],
                    verifier))
            reports.append(report)
        return {"ok": all(r["ok"] for r in reports), "counters": reports, "audited_at": clock.now_iso()}

    def _signed_rows(self, conn: sqlite3.Connection, counter_id: str) -> Iterator[tuple[dict, list[dict]]]:
        """Each transaction of the counter with the journal entries that may be its own."""
        return signature_audit.grouped(
            conn.execute(signature_audit.recharge_join_sql(_TXN_COLUMNS, "?"), [counter_id]), _TXN_COLUMNS,
            conn.execute(signature_audit.void_entries_sql("?"), [counter_id]).fetchall())
