"""The PostgreSQL schema as numbered migrations, applied by ``counter-server migrate`` and on start.

A released migration is never edited: its text is hashed into
``schema_migrations`` when applied, and a database whose recorded hash differs
from the code's is refused (someone changed history). A change of schema is a
new migration at the end of ``MIGRATIONS``. Each migration runs in its own
transaction, under an advisory lock, so N server processes starting together
apply it once.

Times are ISO 8601 UTC text, as in the SQLite store; the ones compared as
ranges are ``COLLATE "C"``, so their order is the byte order whatever the
database's locale. Keys: a transaction is identified by ``(counter_id, txn_id)``, so one counter can
never name another's money (the same tables as the SQLite store's version 2). ``consumers.change_seq`` orders the directory: an
update takes the next number (see :mod:`server.postgres_store` for why numbers
are taken in commit order).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import psycopg

from counter_app import clock
from counter_app.journal import GENESIS

MIGRATION_LOCK = 0x636F756E  # "coun": pg_advisory_xact_lock key while migrating


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.sql.encode()).hexdigest()


class MigrationRefused(Exception):
    """The database cannot be used by this code; the message says why and what to do."""


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "initial", f"""
CREATE TABLE counters (
    counter_id TEXT PRIMARY KEY,
    token_sha256 TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    revoked_at TEXT,
    token_rotated_at TEXT,
    journal_head_seq BIGINT NOT NULL DEFAULT 0,
    journal_head_hash TEXT NOT NULL DEFAULT '{GENESIS}'
);
CREATE TABLE counter_keys (
    counter_id TEXT NOT NULL REFERENCES counters(counter_id),
    key_id TEXT NOT NULL,
    public_key_pem TEXT NOT NULL,
    registered_at TEXT NOT NULL,
    retired_at TEXT,
    PRIMARY KEY (counter_id, key_id)
);
CREATE UNIQUE INDEX counter_keys_active ON counter_keys (counter_id) WHERE retired_at IS NULL;
CREATE SEQUENCE consumer_change_seq;
CREATE TABLE consumers (
    consumer_no TEXT PRIMARY KEY,
    change_seq BIGINT NOT NULL DEFAULT nextval('consumer_change_seq') UNIQUE,
    name TEXT NOT NULL,
    meter_no TEXT NOT NULL,
    subdivision TEXT NOT NULL,
    balance_paise BIGINT NOT NULL,
    updated_at TEXT NOT NULL
);
ALTER SEQUENCE consumer_change_seq OWNED BY consumers.change_seq;
CREATE SEQUENCE server_ref_seq;
CREATE TABLE transactions (
    counter_id TEXT NOT NULL REFERENCES counters(counter_id),
    txn_id TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('recharge', 'void')),
    ref_txn_id TEXT NOT NULL,
    receipt_no TEXT NOT NULL,
    receipt_seq BIGINT NOT NULL,
    consumer_no TEXT NOT NULL,
    amount_paise BIGINT NOT NULL CHECK (amount_paise > 0),
    created_at TEXT COLLATE "C" NOT NULL,
    fingerprint TEXT NOT NULL,
    server_ref TEXT NOT NULL UNIQUE,
    status TEXT NOT NULL CHECK (status IN ('credited', 'reversed', 'voided', 'void_applied', 'void_waiting')),
    received_at TEXT COLLATE "C" NOT NULL,
    credited_at TEXT COLLATE "C",
    reversed_at TEXT,
    reversed_by TEXT,
    balance_after_paise BIGINT,
    signature TEXT NOT NULL,
    time_flag TEXT CHECK (time_flag IN ('ahead', 'behind')),
    PRIMARY KEY (counter_id, txn_id)
);
CREATE INDEX transactions_counter_seq ON transactions (counter_id, receipt_seq);
CREATE INDEX transactions_void_ref ON transactions (counter_id, ref_txn_id) WHERE kind = 'void';
CREATE INDEX transactions_waiting ON transactions (counter_id, ref_txn_id) WHERE status = 'void_waiting';
CREATE INDEX transactions_txn ON transactions (txn_id);
CREATE INDEX transactions_time_flag ON transactions (counter_id) WHERE time_flag IS NOT NULL;
CREATE TABLE rejections (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    counter_id TEXT NOT NULL,
    txn_id TEXT NOT NULL,
    receipt_seq BIGINT NOT NULL,
    reason TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX rejections_counter ON rejections (counter_id, receipt_seq);
CREATE TABLE journal (
    counter_id TEXT NOT NULL,
    seq BIGINT NOT NULL,
    at TEXT NOT NULL,
    kind TEXT NOT NULL,
    actor TEXT,
    ref TEXT,
    payload TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL,
    received_at TEXT NOT NULL,
    linked INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (counter_id, seq, hash)
);
CREATE INDEX journal_unlinked ON journal (counter_id, seq) WHERE linked = 0;
CREATE INDEX journal_recharge_ref ON journal (counter_id, ref) WHERE kind = 'recharge';
"""),
    Migration(2, "operations pages", """
ALTER TABLE counters ADD COLUMN office TEXT;
ALTER TABLE counters ADD COLUMN last_contact_at TEXT COLLATE "C";
CREATE INDEX transactions_taken ON transactions (created_at, status, counter_id, amount_paise);
CREATE INDEX transactions_consumer ON transactions (consumer_no, received_at);
CREATE INDEX journal_resolutions ON journal (counter_id, ref) WHERE kind IN ('supersede', 'refunded');
CREATE TABLE web_users (
    user_id TEXT PRIMARY KEY,
    role TEXT NOT NULL CHECK (role IN ('viewer', 'admin')),
    password_hash TEXT NOT NULL,
    failed_attempts INTEGER NOT NULL DEFAULT 0,
    locked_until TEXT COLLATE "C",
    created_at TEXT NOT NULL
);
CREATE TABLE web_sessions (
    token_sha256 TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES web_users(user_id),
    csrf_token TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT COLLATE "C" NOT NULL
);
CREATE TABLE admin_actions (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at TEXT NOT NULL,
    user_id TEXT NOT NULL,
    action TEXT NOT NULL,
    counter_id TEXT,
    detail TEXT NOT NULL
);
CREATE INDEX admin_actions_counter ON admin_actions (counter_id, id);
"""),
)

_BOOKKEEPING = """CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    applied_at TEXT NOT NULL)"""


def applied(conn: psycopg.Connection) -> dict[int, str]:
    """version -> recorded sha256 of what this database has applied."""
    with conn.transaction():
        exists = conn.execute("SELECT to_regclass('schema_migrations') IS NOT NULL").fetchone()[0]
        if not exists:
            return {}
        return dict(conn.execute("SELECT version, sha256 FROM schema_migrations").fetchall())


def check(done: dict[int, str], migrations: tuple[Migration, ...] = MIGRATIONS) -> None:
    """Refuse a database newer than the code, or one whose history differs from the code's."""
    known = {m.version: m for m in migrations}
    newer = sorted(v for v in done if v not in known)
    if newer:
        raise MigrationRefused(f"The database has schema version {newer[-1]}, newer than this server "
                               f"({migrations[-1].version}); run the newer counter-server.")
    edited = [v for v, digest in done.items() if known[v].sha256 != digest]
    if edited:
        raise MigrationRefused(f"Migration {edited[0]} ({known[edited[0]].name}) differs from the one this "
                               "database applied; a released migration must never be edited.")


def migrate(conn: psycopg.Connection, migrations: tuple[Migration, ...] = MIGRATIONS) -> list[int]:
    """Apply the missing migrations in order, each in its own transaction; returns the versions applied."""
    done_now = []
    for migration in migrations:
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", [MIGRATION_LOCK])
            conn.execute(_BOOKKEEPING)
            done = dict(conn.execute("SELECT version, sha256 FROM schema_migrations").fetchall())
            check(done, migrations)
            if migration.version in done:
                continue
            conn.execute(migration.sql)
            conn.execute("INSERT INTO schema_migrations (version, name, sha256, applied_at) VALUES (%s, %s, %s, %s)",
                         [migration.version, migration.name, migration.sha256, clock.now_iso()])
            done_now.append(migration.version)
    return done_now
