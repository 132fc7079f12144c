"""The server's SQLite schema and its migrations, one small function per version.

The released schema (version 1) marked itself only with ``PRAGMA
user_version``, so that number stays the version marker: each migration runs
in its own transaction and sets ``user_version`` inside it, so a crash leaves
the file at the last whole version. The file is copied next to itself before
the first pending migration runs, and a database newer than this code is
refused rather than guessed at. Never edit a released migration; add one.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from pathlib import Path

from counter_app import clock
from counter_app import journal as chain
from server.store import key_id

log = logging.getLogger(__name__)


class SchemaTooNew(Exception):
    """The database was written by a newer server."""


def _m001_initial(conn: sqlite3.Connection) -> None:
    """The released schema, version 1."""
    for statement in [
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
            status TEXT NOT NULL CHECK (status IN ('credited', 'reversed', 'voided', 'void_applied',
                                                   'void_waiting')),
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
    ]:
        conn.execute(statement)


_V1_TXN_COLUMNS = ("txn_id, kind, ref_txn_id, counter_id, receipt_no, receipt_seq, consumer_no, amount_paise, "
                   "created_at, fingerprint, server_ref, status, received_at, credited_at, reversed_at, reversed_by, "
                   "balance_after_paise, signature")


def _m002_scoped_to_counters(conn: sqlite3.Connection) -> None:
    """Issue 12: a transaction is (counter_id, txn_id); keys keep their history; counters can be revoked.

    The journal learns which entries link back to the genesis entry without a
    gap (``linked``), and each counter remembers the newest such entry: the
    ``journal_ack`` the server signs.
    """
    conn.execute("""CREATE TABLE transactions_v2 (
        counter_id TEXT NOT NULL REFERENCES counters(counter_id),
        txn_id TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('recharge', 'void')),
        ref_txn_id TEXT NOT NULL,
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
        signature TEXT NOT NULL,
        time_flag TEXT CHECK (time_flag IN ('ahead', 'behind')),
        PRIMARY KEY (counter_id, txn_id))""")
    conn.execute(f"INSERT INTO transactions_v2 ({_V1_TXN_COLUMNS}) SELECT {_V1_TXN_COLUMNS} FROM transactions")
    conn.execute("DROP TABLE transactions")
    conn.execute("ALTER TABLE transactions_v2 RENAME TO transactions")
    for statement in [
        "CREATE INDEX transactions_counter ON transactions(counter_id, receipt_seq)",
        "CREATE INDEX transactions_ref ON transactions(counter_id, ref_txn_id) WHERE kind = 'void'",
        "CREATE INDEX transactions_waiting ON transactions(counter_id, ref_txn_id) WHERE status = 'void_waiting'",
        # Only to answer "does another counter hold this txn_id?" (a void naming it is refused).
        "CREATE INDEX transactions_txn ON transactions(txn_id)",
        "CREATE INDEX transactions_time_flag ON transactions(counter_id) WHERE time_flag IS NOT NULL",
        """CREATE TABLE counter_keys (
            counter_id TEXT NOT NULL REFERENCES counters(counter_id),
            key_id TEXT NOT NULL,
            public_key_pem TEXT NOT NULL,
            registered_at TEXT NOT NULL,
            retired_at TEXT,
            PRIMARY KEY (counter_id, key_id))""",
        "CREATE UNIQUE INDEX counter_keys_active ON counter_keys(counter_id) WHERE retired_at IS NULL",
    ]:
        conn.execute(statement)
    for counter_id, pem, at in conn.execute("SELECT counter_id, public_key_pem, key_registered_at FROM counters "
                                            "WHERE public_key_pem IS NOT NULL").fetchall():
        conn.execute("INSERT INTO counter_keys (counter_id, key_id, public_key_pem, registered_at) VALUES (?, ?, ?, ?)",
                     [counter_id, key_id(pem), pem, at or clock.now_iso()])
    conn.execute("ALTER TABLE counters DROP COLUMN public_key_pem")
    conn.execute("ALTER TABLE counters DROP COLUMN key_registered_at")
    for column in ("revoked_at TEXT", "token_rotated_at TEXT", "journal_head_seq INTEGER NOT NULL DEFAULT 0",
                   f"journal_head_hash TEXT NOT NULL DEFAULT '{chain.GENESIS}'"):
        conn.execute(f"ALTER TABLE counters ADD COLUMN {column}")
    conn.execute("ALTER TABLE journal ADD COLUMN linked INTEGER NOT NULL DEFAULT 0")
    conn.execute("CREATE INDEX journal_unlinked ON journal(counter_id, seq) WHERE linked = 0")
    conn.execute("CREATE INDEX journal_recharge_ref ON journal(counter_id, ref) WHERE kind = 'recharge'")
    _link_existing(conn)


def _link_existing(conn: sqlite3.Connection) -> None:
    """Mark the entries already held that link back to genesis, and each counter's newest such entry."""
    for (counter_id,) in conn.execute("SELECT DISTINCT counter_id FROM journal").fetchall():
        linked: dict[int, set[str]] = {0: {chain.GENESIS}}
        head = (0, chain.GENESIS)
        for seq, prev_hash, digest in conn.execute(
                "SELECT seq, prev_hash, hash FROM journal WHERE counter_id = ? ORDER BY seq", [counter_id]).fetchall():
            if prev_hash in linked.get(seq - 1, ()):
                linked.setdefault(seq, set()).add(digest)
                conn.execute("UPDATE journal SET linked = 1 WHERE counter_id = ? AND seq = ? AND hash = ?",
                             [counter_id, seq, digest])
                head = (seq, digest)
        conn.execute("UPDATE counters SET journal_head_seq = ?, journal_head_hash = ? WHERE counter_id = ?",
                     [*head, counter_id])


def _m003_operations_pages(conn: sqlite3.Connection) -> None:
    """Issue 15: the operations pages: offices, last contact, web users and sessions, the admin log."""
    conn.execute("ALTER TABLE counters ADD COLUMN office TEXT")
    conn.execute("ALTER TABLE counters ADD COLUMN last_contact_at TEXT")
    for statement in [
        # Collections and "credited today" are sums over the recharges taken in a time range: a covering
        # index answers them without touching the table.
        "CREATE INDEX IF NOT EXISTS transactions_taken ON transactions(created_at, status, counter_id, amount_paise)",
        "CREATE INDEX IF NOT EXISTS transactions_consumer ON transactions(consumer_no, received_at)",
        # A rejection stops awaiting a supervisor when the counter's journal says it was corrected or refunded.
        "CREATE INDEX IF NOT EXISTS journal_resolutions ON journal(counter_id, ref) "
        "WHERE kind IN ('supersede', 'refunded')",
        """CREATE TABLE IF NOT EXISTS web_users (
            user_id TEXT PRIMARY KEY,
            role TEXT NOT NULL CHECK (role IN ('viewer', 'admin')),
            password_hash TEXT NOT NULL,
            failed_attempts INTEGER NOT NULL DEFAULT 0,
            locked_until TEXT,
            created_at TEXT NOT NULL)""",
        """CREATE TABLE IF NOT EXISTS web_sessions (
            token_sha256 TEXT PRIMARY KEY,
            user_id TEXT NOT NULL REFERENCES web_users(user_id),
            csrf_token TEXT NOT NULL,
            created_at TEXT NOT NULL,
            expires_at TEXT NOT NULL)""",
        """CREATE TABLE IF NOT EXISTS admin_actions (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            user_id TEXT NOT NULL,
            action TEXT NOT NULL,
            counter_id TEXT,
            detail TEXT NOT NULL)""",
        "CREATE INDEX IF NOT EXISTS admin_actions_counter ON admin_actions(counter_id, id)",
    ]:
        conn.execute(statement)


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_m001_initial, _m002_scoped_to_counters,
                                                          _m003_operations_pages]
SCHEMA_VERSION = len(MIGRATIONS)


def refuse_newer(path: Path) -> None:
    """Raise SchemaTooNew before anything (even the WAL switch) touches a file from a newer server."""
    if not path.exists():
        return
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
    finally:
        conn.close()
    if version > SCHEMA_VERSION:
        raise SchemaTooNew(f"The server database {path} has schema version {version}, newer than this "
                           f"counter-server knows ({SCHEMA_VERSION}). Install the newer counter-server; this one "
                           "will not touch the file.")


def upgrade(conn: sqlite3.Connection, path: Path) -> int:
    """Bring the database at ``path`` (open as ``conn``, autocommit) up to SCHEMA_VERSION; return the old version."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise SchemaTooNew(f"The server database {path} has schema version {version}, newer than this "
                           f"counter-server knows ({SCHEMA_VERSION}). Install the newer counter-server; this one "
                           "will not touch the file.")
    if version == SCHEMA_VERSION:
        return version
    if version > 0:
        copy = path.with_name(f"{path.name}.before-v{version + 1}-{clock.now_iso().replace(':', '')}")
        conn.execute("VACUUM INTO ?", [str(copy)])
        log.warning("server database %s: schema %d -> %d; a copy was kept at %s", path, version, SCHEMA_VERSION,
                    copy)
    while True:  # re-read inside each transaction: another process may be upgrading the same file
        conn.execute("BEGIN IMMEDIATE")
        try:
            current = conn.execute("PRAGMA user_version").fetchone()[0]
            if current < SCHEMA_VERSION:
                MIGRATIONS[current](conn)
                conn.execute(f"PRAGMA user_version = {current + 1}")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")
        if current + 1 >= SCHEMA_VERSION:
            return version
