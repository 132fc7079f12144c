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
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from counter_app import clock
from server import audit, crediting, seed
from server.store import CounterExists, CounterRecord, KeyConflict, hash_token, new_token

SCHEMA_VERSION = 1
DB_NAME = "server.sqlite3"
_SCHEMA = [
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL)",
    "INSERT OR IGNORE INTO meta (key, value) VALUES ('server_ref', 0)",
    """CREATE TABLE IF NOT EXISTS counters (
        counter_id TEXT PRIMARY KEY,
        token_sha256 TEXT NOT NULL UNIQUE,
        public_key_pem TEXT,
        key_registered_at TEXT,
        created_at TEXT NOT NULL)""",
    # change_seq is the row id: an update moves the row to the end, so a directory
    # page "changed since cursor" is a range scan of the table itself.
    """CREATE TABLE IF NOT EXISTS consumers (
        change_seq INTEGER PRIMARY KEY,
        consumer_no TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        meter_no TEXT NOT NULL,
        subdivision TEXT NOT NULL,
        balance_paise INTEGER NOT NULL,
        updated_at TEXT NOT NULL)""",
    """CREATE TABLE IF NOT EXISTS transactions (
        txn_id TEXT PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('recharge', 'void')),
        ref_txn_id TEXT NOT NULL,
        counter_id TEXT NOT NULL REFERENCES counters(counter_id),
        receipt_no TEXT NOT NULL,
        receipt_seq INTEGER NOT NULL,
        consumer_no TEXT NOT NULL,
        amount_paise INTEGER NOT NULL CHECK (amount_paise > 0),
        created_at TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        server_ref TEXT NOT NULL UNIQUE,
        status TEXT NOT NULL CHECK (status IN ('credited', 'reversed', 'voided', 'void_applied', 'void_waiting')),
        received_at TEXT NOT NULL,
        credited_at TEXT,
        reversed_at TEXT,
        reversed_by TEXT,
        balance_after_paise INTEGER,
        signature TEXT NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS transactions_counter ON transactions(counter_id, receipt_seq)",
    "CREATE INDEX IF NOT EXISTS transactions_ref ON transactions(ref_txn_id) WHERE kind = 'void'",
    "CREATE INDEX IF NOT EXISTS transactions_waiting ON transactions(ref_txn_id) WHERE status = 'void_waiting'",
    """CREATE TABLE IF NOT EXISTS rejections (
        id INTEGER PRIMARY KEY,
        counter_id TEXT NOT NULL,
        txn_id TEXT NOT NULL,
        receipt_seq INTEGER NOT NULL,
        reason TEXT NOT NULL,
        at TEXT NOT NULL)""",
    "CREATE INDEX IF NOT EXISTS rejections_counter ON rejections(counter_id, receipt_seq)",
    """CREATE TABLE IF NOT EXISTS journal (
        counter_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        at TEXT NOT NULL,
        kind TEXT NOT NULL,
        actor TEXT,
        ref TEXT,
        payload TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL,
        received_at TEXT NOT NULL,
        PRIMARY KEY (counter_id, seq, hash)) WITHOUT ROWID""",
    f"PRAGMA user_version = {SCHEMA_VERSION}",
]
_TXN_COLUMNS = ("txn_id", "kind", "ref_txn_id", "counter_id", "receipt_no", "receipt_seq", "consumer_no",
                "amount_paise", "created_at", "fingerprint", "server_ref", "status", "received_at", "credited_at",
                "reversed_at", "reversed_by", "balance_after_paise", "signature")
_TXN_SELECT = f"SELECT {', '.join(_TXN_COLUMNS)} FROM transactions"
_CONSUMER_COLUMNS = ("consumer_no", "name", "meter_no", "subdivision", "balance_paise", "updated_at")
_JOURNAL_COLUMNS = ("seq", "at", "kind", "actor", "ref", "payload", "prev_hash", "hash")


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(str(path), timeout=30, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA busy_timeout = 30000")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    return conn


class _SqliteTx:
    """The write transaction that :mod:`server.crediting` works in.

    A batch's reads are done up front in a few ``IN (...)`` queries and its
    writes at the end with ``executemany``: the rules see every change at once
    through the caches, and SQLite is asked a handful of times per batch
    instead of five times per item. All of it is inside one transaction.
    """

    def __init__(self, conn: sqlite3.Connection, items: list[dict[str, Any]]) -> None:
        self.conn = conn
        self.now = clock.now_iso()
        self._next_ref = conn.execute("SELECT value FROM meta WHERE key = 'server_ref'").fetchone()[0]
        self._next_change = conn.execute("SELECT COALESCE(MAX(change_seq), 0) FROM consumers").fetchone()[0]
        self._txns: dict[str, dict[str, Any] | None] = {}
        self._waiting: dict[str, dict[str, Any]] = {}
        self._balances: dict[str, int | None] = {}
        self._new: dict[str, dict[str, Any]] = {}
        self._changed: dict[str, dict[str, Any]] = {}
        self._touched: dict[str, int] = {}
        self._rejections: list[list[Any]] = []
        ids = list({i["txn_id"] for i in items} | {i["ref_txn_id"] for i in items})
        self._txns = dict.fromkeys(ids)
        for chunk in _chunks(ids):
            for row in conn.execute(f"{_TXN_SELECT} WHERE txn_id IN ({_marks(chunk)})", chunk):
                self._txns[row[0]] = dict(zip(_TXN_COLUMNS, row))
            for row in conn.execute(f"{_TXN_SELECT} WHERE status = 'void_waiting' AND ref_txn_id IN ({_marks(chunk)})",
                                    chunk):
                self._waiting[row[2]] = dict(zip(_TXN_COLUMNS, row))
        numbers = list({i["consumer_no"] for i in items})
        self._balances = dict.fromkeys(numbers)
        for chunk in _chunks(numbers):
            self._balances.update(conn.execute(
                f"SELECT consumer_no, balance_paise FROM consumers WHERE consumer_no IN ({_marks(chunk)})", chunk))

    def get_txn(self, txn_id: str) -> dict[str, Any] | None:
        if txn_id not in self._txns:
            row = self.conn.execute(f"{_TXN_SELECT} WHERE txn_id = ?", [txn_id]).fetchone()
            self._txns[txn_id] = dict(zip(_TXN_COLUMNS, row)) if row else None
        return self._txns[txn_id]

    def waiting_void_for(self, txn_id: str) -> dict[str, Any] | None:
        return self._waiting.get(txn_id)

    def consumer_balance(self, consumer_no: str) -> int | None:
        if consumer_no not in self._balances:
            row = self.conn.execute("SELECT balance_paise FROM consumers WHERE consumer_no = ?",
                                    [consumer_no]).fetchone()
            self._balances[consumer_no] = row[0] if row else None
        return self._balances[consumer_no]

    def add_balance(self, consumer_no: str, delta_paise: int) -> int:
        balance = self.consumer_balance(consumer_no)
        assert balance is not None
        self._balances[consumer_no] = balance + delta_paise
        self._touched[consumer_no] = balance + delta_paise
        return balance + delta_paise

    def next_server_ref(self) -> str:
        self._next_ref += 1
        return f"BSP{self._next_ref:012d}"

    def insert_txn(self, row: dict[str, Any]) -> None:
        self._txns[row["txn_id"]] = self._new[row["txn_id"]] = row
        if row["status"] == "void_waiting":
            self._waiting[row["ref_txn_id"]] = row

    def update_txn(self, txn_id: str, **changes: Any) -> None:
        row = self.get_txn(txn_id)
        assert row is not None
        row.update(changes)
        if row["status"] != "void_waiting":
            self._waiting.pop(row["ref_txn_id"], None)
        if txn_id not in self._new:
            self._changed[txn_id] = row

    def record_rejection(self, counter_id: str, item: dict[str, Any], reason: str) -> None:
        self._rejections.append([counter_id, item["txn_id"], item["receipt_seq"], reason, self.now])

    def finish(self, counter_id: str, journal: list[dict[str, Any]]) -> None:
        conn = self.conn
        conn.executemany(f"INSERT INTO transactions ({', '.join(_TXN_COLUMNS)}) VALUES ({_marks(_TXN_COLUMNS)})",
                         [[row[c] for c in _TXN_COLUMNS] for row in self._new.values()])
        conn.executemany("UPDATE transactions SET status = ?, reversed_at = ?, reversed_by = ? WHERE txn_id = ?",
                         [[r["status"], r["reversed_at"], r["reversed_by"], t] for t, r in self._changed.items()])
        updates = []
        for consumer_no, balance in self._touched.items():
            self._next_change += 1  # the row moves to the end of the directory's change order
            updates.append([balance, self.now, self._next_change, consumer_no])
        conn.executemany("UPDATE consumers SET balance_paise = ?, updated_at = ?, change_seq = ? "
                         "WHERE consumer_no = ?", updates)
        conn.executemany("INSERT INTO rejections (counter_id, txn_id, receipt_seq, reason, at) VALUES (?, ?, ?, ?, ?)",
                         self._rejections)
        conn.executemany(
            "INSERT OR IGNORE INTO journal (counter_id, seq, at, kind, actor, ref, payload, prev_hash, hash, "
            "received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [[counter_id, *(e[c] for c in _JOURNAL_COLUMNS), self.now] for e in journal])
        conn.execute("UPDATE meta SET value = ? WHERE key = 'server_ref'", [self._next_ref])


def _marks(values: Any) -> str:
    return ", ".join("?" for _ in values)


def _chunks(values: list[Any], size: int = 500) -> list[list[Any]]:
    return [values[i:i + size] for i in range(0, len(values), size)]


class SqliteStore:
    def __init__(self, data_dir: Path, *, max_amount_paise: int = 1_99_999_00) -> None:
        data_dir.mkdir(parents=True, exist_ok=True)
        self.path = data_dir / DB_NAME
        self.max_amount_paise = max_amount_paise
        self._write_lock = threading.Lock()
        self._writer = _connect(self.path)
        for statement in _SCHEMA:
            self._writer.execute(statement)
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

    def ping(self) -> None:
        self._reader().execute("SELECT 1").fetchone()

    def close(self) -> None:
        with self._readers_lock:
            for conn in self._readers:
                conn.close()
            self._readers.clear()
        self._writer.close()

    # -- counters -----------------------------------------------------------
    def add_counter(self, counter_id: str) -> str:
        token, digest = new_token()
        with self._write() as conn:
            if conn.execute("SELECT 1 FROM counters WHERE counter_id = ?", [counter_id]).fetchone():
                raise CounterExists(counter_id)
            conn.execute("INSERT INTO counters (counter_id, token_sha256, created_at) VALUES (?, ?, ?)",
                         [counter_id, digest, clock.now_iso()])
        return token

    def counter_for_token(self, token: str) -> CounterRecord | None:
        row = self._reader().execute(
            "SELECT counter_id, public_key_pem, key_registered_at FROM counters WHERE token_sha256 = ?",
            [hash_token(token)]).fetchone()
        return CounterRecord(*row) if row else None

    def counter_progress(self, counter_id: str) -> dict[str, Any]:
        reader = self._reader()
        last = reader.execute(
            "SELECT MAX(seq) FROM (SELECT MAX(receipt_seq) AS seq FROM transactions WHERE counter_id = ? "
            "AND kind = 'recharge' UNION ALL SELECT MAX(receipt_seq) FROM rejections WHERE counter_id = ?)",
            [counter_id, counter_id]).fetchone()[0]
        journal = reader.execute("SELECT MAX(seq) FROM journal WHERE counter_id = ?", [counter_id]).fetchone()[0]
        return {"last_receipt_seq": last or 0, "journal_max_seq": journal or 0}

    def counter_by_id(self, counter_id: str) -> CounterRecord | None:
        row = self._reader().execute(
            "SELECT counter_id, public_key_pem, key_registered_at FROM counters WHERE counter_id = ?",
            [counter_id]).fetchone()
        return CounterRecord(*row) if row else None

    def register_key(self, counter_id: str, public_key_pem: str) -> tuple[str, bool]:
        with self._write() as conn:
            pem, at = conn.execute("SELECT public_key_pem, key_registered_at FROM counters WHERE counter_id = ?",
                                   [counter_id]).fetchone()
            if pem is not None:
                if pem.strip() != public_key_pem.strip():
                    raise KeyConflict(counter_id)
                return at, True
            at = clock.now_iso()
            conn.execute("UPDATE counters SET public_key_pem = ?, key_registered_at = ? WHERE counter_id = ?",
                         [public_key_pem.strip() + "\n", at, counter_id])
            return at, False

    # -- money --------------------------------------------------------------
    def apply_batch(self, counter: CounterRecord, items: list[dict[str, Any]],
                    journal: list[dict[str, Any]]) -> list[dict[str, Any]]:
        with self._write() as conn:
            tx = _SqliteTx(conn, items)
            results = [crediting.apply_item(tx, counter.counter_id, item, max_amount_paise=self.max_amount_paise)
                       for item in items]
            tx.finish(counter.counter_id, [item["journal"] for item in items] + journal)
        return results

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
            "FROM transactions r LEFT JOIN transactions v ON v.kind = 'void' AND v.ref_txn_id = r.txn_id "
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
    def audit(self) -> dict[str, Any]:
        conn = self._reader()
        reports = []
        for (counter_id,) in conn.execute("SELECT counter_id FROM counters ORDER BY counter_id").fetchall():
            seqs = [r[0] for r in conn.execute(
                "SELECT receipt_seq FROM transactions WHERE counter_id = ? AND kind = 'recharge' "
                "UNION SELECT receipt_seq FROM rejections WHERE counter_id = ?", [counter_id, counter_id])]
            credited, paise = conn.execute(
                "SELECT COUNT(*), COALESCE(SUM(amount_paise), 0) FROM transactions "
                "WHERE counter_id = ? AND status = 'credited'", [counter_id]).fetchone()
            waiting = [r[0] for r in conn.execute(
                "SELECT txn_id FROM transactions WHERE counter_id = ? AND status = 'void_waiting' "
                "ORDER BY receipt_seq", [counter_id])]
            entries = conn.execute(f"SELECT {', '.join(_JOURNAL_COLUMNS)} FROM journal WHERE counter_id = ? "
                                   "ORDER BY seq, received_at", [counter_id])
            reports.append(audit.counter_report(counter_id, receipt_seqs=seqs, entries=entries, credited=credited,
                                                credited_paise=paise, voids_waiting=waiting))
        return {"ok": all(r["ok"] for r in reports), "counters": reports, "audited_at": clock.now_iso()}
