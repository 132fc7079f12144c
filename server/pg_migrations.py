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
    # A batch's reads (server/postgres_batch.py, PgTx) in one call, and its end in another: the
    # change-number lock, the consumers' row locks, the new transactions and the balances, with no round
    # trip to the server process while the lock is held. What to read, and which rows, balances and moves
    # to write, is decided there; these only run the statements, and refuse what the locks make impossible.
    Migration(3, "a batch's reads and its end, one call each", """
CREATE FUNCTION credit_batch_begin(p_counter TEXT, p_asked JSON) RETURNS JSON LANGUAGE plpgsql AS $fn$
DECLARE
    v_numbers TEXT[] := ARRAY(SELECT json_array_elements_text(p_asked->'numbers'));
    v_ids TEXT[] := ARRAY(SELECT json_array_elements_text(p_asked->'ids'));
    v_seqs BIGINT[] := ARRAY(SELECT json_array_elements_text(p_asked->'seqs')::BIGINT);
    v_wanted BIGINT[] := ARRAY(SELECT json_array_elements_text(p_asked->'wanted')::BIGINT);
    v_items TEXT[] := ARRAY(SELECT json_array_elements_text(p_asked->'items'));
    v_head JSON;
    v_found TEXT[];
    v_txns JSON;
    v_fresh INTEGER;
BEGIN
    -- The counter's row first: its other batches wait here, and what is read below (a statement of its
    -- own, so a snapshot of its own) includes what a batch of the same counter committed meanwhile.
    SELECT json_build_array(journal_head_seq, journal_head_hash) INTO v_head FROM counters
     WHERE counter_id = p_counter FOR UPDATE;
    SELECT array_agg(t.txn_id), json_agg(t) INTO v_found, v_txns FROM transactions t
     WHERE t.counter_id = p_counter AND t.txn_id = ANY(v_ids);
    -- A server_ref for each item not already held (a resend needs none).
    SELECT count(*) INTO v_fresh FROM unnest(v_items) AS i(txn_id) LEFT JOIN unnest(v_found) AS f(txn_id)
        ON f.txn_id = i.txn_id WHERE f.txn_id IS NULL;
    RETURN json_build_object(
        'head', v_head,
        'balances', (SELECT json_object_agg(consumer_no, balance_paise) FROM consumers
                      WHERE consumer_no = ANY(v_numbers)),
        'txns', v_txns,
        'waiting', (SELECT json_agg(t) FROM transactions t WHERE t.counter_id = p_counter
                     AND t.status = 'void_waiting' AND t.ref_txn_id = ANY(v_ids)),
        'numbered', (SELECT json_agg(json_build_array(receipt_seq, txn_id)) FROM transactions
                      WHERE counter_id = p_counter AND kind = 'recharge' AND receipt_seq = ANY(v_seqs)),
        'last_receipt', GREATEST(
            (SELECT MAX(receipt_seq) FROM transactions WHERE counter_id = p_counter AND kind = 'recharge'),
            (SELECT MAX(receipt_seq) FROM rejections WHERE counter_id = p_counter)),
        'refs', (SELECT json_agg(nextval('server_ref_seq')) FROM generate_series(1, v_fresh)),
        'journal', (SELECT json_agg(json_build_array(seq, hash, prev_hash, linked)) FROM journal
                     WHERE counter_id = p_counter AND seq = ANY(v_wanted)));
END
$fn$;
CREATE FUNCTION credit_batch_end(p_change_lock BIGINT, p_balances JSON, p_rows JSON, p_now TEXT)
    RETURNS JSONB LANGUAGE plpgsql AS $fn$
DECLARE
    -- Each consumer whose balance the batch read or wrote: the balance it read, and the change it made
    -- (null: read only, for a row's balance after).
    v_numbers TEXT[] := ARRAY(SELECT json_array_elements_text(p_balances->'numbers'));
    v_starts BIGINT[] := ARRAY(SELECT json_array_elements_text(p_balances->'starts')::BIGINT);
    v_changes BIGINT[] := ARRAY(SELECT json_array_elements_text(p_balances->'deltas')::BIGINT);
    v_at TID[];
    v_nos TEXT[];
    v_moved BIGINT[];
    v_deltas BIGINT[];
    v_count INTEGER;
BEGIN
    PERFORM pg_advisory_xact_lock(p_change_lock);
    -- Locked in consumer_no order, so two batches never deadlock; ctid finds each locked row again
    -- without walking its dead versions.
    WITH locked AS MATERIALIZED (
        SELECT c.ctid AS at, c.consumer_no, c.balance_paise FROM consumers c
         WHERE c.consumer_no = ANY(v_numbers) ORDER BY c.consumer_no FOR UPDATE)
    SELECT count(*), array_agg(l.at), array_agg(l.consumer_no), array_agg(l.balance_paise - s.start),
           array_agg(s.delta)
      INTO v_count, v_at, v_nos, v_moved, v_deltas
      FROM locked l JOIN unnest(v_numbers, v_starts, v_changes) AS s(consumer_no, start, delta)
           ON s.consumer_no = l.consumer_no;
    IF v_count <> cardinality(v_numbers) THEN  -- consumers are never deleted; refuse rather than answer wrongly
        RAISE EXCEPTION 'consumers vanished under a batch';
    END IF;
    INSERT INTO transactions (txn_id, kind, ref_txn_id, counter_id, receipt_no, receipt_seq, consumer_no,
                              amount_paise, created_at, fingerprint, server_ref, status, received_at, credited_at,
                              reversed_at, reversed_by, balance_after_paise, signature, time_flag)
    SELECT r.txn_id, r.kind, r.ref_txn_id, r.counter_id, r.receipt_no, r.receipt_seq, r.consumer_no,
           r.amount_paise, r.created_at, r.fingerprint, r.server_ref, r.status, r.received_at, r.credited_at,
           r.reversed_at, r.reversed_by, r.balance_after_paise + coalesce(m.moved, 0), r.signature, r.time_flag
      FROM json_populate_recordset(NULL::transactions, p_rows) r
      LEFT JOIN unnest(v_nos, v_moved) AS m(consumer_no, moved) ON m.consumer_no = r.consumer_no
    ON CONFLICT (counter_id, txn_id) DO NOTHING;
    GET DIAGNOSTICS v_count = ROW_COUNT;
    IF v_count <> json_array_length(p_rows) THEN  -- another transaction inserted one first: run the batch again
        RAISE EXCEPTION USING ERRCODE = 'serialization_failure',
            MESSAGE = 'another transaction inserted one of this batch''s transactions first';
    END IF;
    UPDATE consumers c SET balance_paise = c.balance_paise + d.delta, updated_at = p_now,
           change_seq = nextval('consumer_change_seq')
      FROM unnest(v_nos, v_deltas) AS d(consumer_no, delta)
     WHERE c.ctid = ANY(v_at) AND c.consumer_no = d.consumer_no AND d.delta IS NOT NULL;
    GET DIAGNOSTICS v_count = ROW_COUNT;
    IF v_count <> (SELECT count(*) FROM unnest(v_changes) AS d(delta) WHERE d.delta IS NOT NULL) THEN
        RAISE EXCEPTION 'a locked consumer row moved under its lock';  -- the locks make this impossible
    END IF;
    RETURN (SELECT coalesce(jsonb_object_agg(m.consumer_no, m.moved), '{}'::jsonb)
              FROM unnest(v_nos, v_moved) AS m(consumer_no, moved) WHERE m.moved <> 0);
END
$fn$;
"""),
    # The key in the other order: (txn_id, counter_id) answers "this counter's txn_id" as before, and also
    # "does any counter hold this txn_id" (a void naming another counter's), which had an index of its own:
    # one index fewer to write for every transaction.
    Migration(4, "transactions keyed txn_id first", """
ALTER TABLE transactions DROP CONSTRAINT transactions_pkey,
    ADD CONSTRAINT transactions_pkey PRIMARY KEY (txn_id, counter_id);
DROP INDEX transactions_txn;
"""),
    # The same two calls, each reading its JSON once. A JSON argument is text: every ``->`` on it parsed
    # the whole text again (five times for the reads' question, three for the balances, and the rows once
    # more for their count), which was a fifth of PostgreSQL's work in the herd (perf, 2026-12-01).
    # ``json_to_record`` parses once into typed arrays. The journal entries and receipt numbers a batch asks
    # for are a run of consecutive numbers: they are read as one range of the index, not one descent per
    # number, unless the numbers asked for are spread far apart (a counter's odd batch), where a range
    # could walk most of its journal.
    Migration(5, "a batch's calls read their JSON once", """
CREATE OR REPLACE FUNCTION credit_batch_begin(p_counter TEXT, p_asked JSON) RETURNS JSON LANGUAGE plpgsql AS $fn$
DECLARE
    v_numbers TEXT[];
    v_ids TEXT[];
    v_seqs BIGINT[];
    v_wanted BIGINT[];
    v_items TEXT[];
    v_head JSON;
    v_found TEXT[];
    v_txns JSON;
    v_fresh INTEGER;
    v_numbered JSON;
    v_journal JSON;
    v_lo BIGINT;
    v_hi BIGINT;
BEGIN
    SELECT a.numbers, a.ids, a.seqs, a.wanted, a.items INTO v_numbers, v_ids, v_seqs, v_wanted, v_items
      FROM json_to_record(p_asked) AS a(numbers TEXT[], ids TEXT[], seqs BIGINT[], wanted BIGINT[], items TEXT[]);
    -- The counter's row first: its other batches wait here, and what is read below (a statement of its
    -- own, so a snapshot of its own) includes what a batch of the same counter committed meanwhile.
    SELECT json_build_array(journal_head_seq, journal_head_hash) INTO v_head FROM counters
     WHERE counter_id = p_counter FOR UPDATE;
    SELECT array_agg(t.txn_id), json_agg(t) INTO v_found, v_txns FROM transactions t
     WHERE t.txn_id = ANY(v_ids) AND t.counter_id = p_counter;
    -- A server_ref for each item not already held (a resend needs none).
    SELECT count(*) INTO v_fresh FROM unnest(v_items) AS i(txn_id) LEFT JOIN unnest(v_found) AS f(txn_id)
        ON f.txn_id = i.txn_id WHERE f.txn_id IS NULL;
    -- "+ 0" keeps the list out of the index condition, so the range alone bounds the scan.
    SELECT min(n), max(n) INTO v_lo, v_hi FROM unnest(v_seqs) AS s(n);
    IF v_hi - v_lo < 4 * cardinality(v_seqs) THEN
        SELECT json_agg(json_build_array(receipt_seq, txn_id)) INTO v_numbered FROM transactions
         WHERE counter_id = p_counter AND kind = 'recharge'
           AND receipt_seq BETWEEN v_lo AND v_hi AND receipt_seq + 0 = ANY(v_seqs);
    ELSE
        SELECT json_agg(json_build_array(receipt_seq, txn_id)) INTO v_numbered FROM transactions
         WHERE counter_id = p_counter AND kind = 'recharge' AND receipt_seq = ANY(v_seqs);
    END IF;
    SELECT min(n), max(n) INTO v_lo, v_hi FROM unnest(v_wanted) AS s(n);
    IF v_hi - v_lo < 4 * cardinality(v_wanted) THEN
        SELECT json_agg(json_build_array(seq, hash, prev_hash, linked)) INTO v_journal FROM journal
         WHERE counter_id = p_counter AND seq BETWEEN v_lo AND v_hi AND seq + 0 = ANY(v_wanted);
    ELSE
        SELECT json_agg(json_build_array(seq, hash, prev_hash, linked)) INTO v_journal FROM journal
         WHERE counter_id = p_counter AND seq = ANY(v_wanted);
    END IF;
    RETURN json_build_object(
        'head', v_head,
        'balances', (SELECT json_object_agg(consumer_no, balance_paise) FROM consumers
                      WHERE consumer_no = ANY(v_numbers)),
        'txns', v_txns,
        'waiting', (SELECT json_agg(t) FROM transactions t WHERE t.counter_id = p_counter
                     AND t.status = 'void_waiting' AND t.ref_txn_id = ANY(v_ids)),
        'numbered', v_numbered,
        'last_receipt', GREATEST(
            (SELECT MAX(receipt_seq) FROM transactions WHERE counter_id = p_counter AND kind = 'recharge'),
            (SELECT MAX(receipt_seq) FROM rejections WHERE counter_id = p_counter)),
        'refs', (SELECT json_agg(nextval('server_ref_seq')) FROM generate_series(1, v_fresh)),
        'journal', v_journal);
END
$fn$;
CREATE OR REPLACE FUNCTION credit_batch_end(p_change_lock BIGINT, p_balances JSON, p_rows JSON, p_now TEXT)
    RETURNS JSONB LANGUAGE plpgsql AS $fn$
DECLARE
    -- Each consumer whose balance the batch read or wrote: the balance it read, and the change it made
    -- (null: read only, for a row's balance after); and how many rows p_rows holds.
    v_numbers TEXT[];
    v_starts BIGINT[];
    v_changes BIGINT[];
    v_rows INTEGER;
    v_at TID[];
    v_nos TEXT[];
    v_moved BIGINT[];
    v_deltas BIGINT[];
    v_count INTEGER;
BEGIN
    SELECT b.numbers, b.starts, b.deltas, b.rows INTO v_numbers, v_starts, v_changes, v_rows
      FROM json_to_record(p_balances) AS b(numbers TEXT[], starts BIGINT[], deltas BIGINT[], rows INTEGER);
    IF v_rows IS NULL THEN
        v_rows := json_array_length(p_rows);
    END IF;
    PERFORM pg_advisory_xact_lock(p_change_lock);
    -- Locked in consumer_no order, so two batches never deadlock; ctid finds each locked row again
    -- without walking its dead versions.
    WITH locked AS MATERIALIZED (
        SELECT c.ctid AS at, c.consumer_no, c.balance_paise FROM consumers c
         WHERE c.consumer_no = ANY(v_numbers) ORDER BY c.consumer_no FOR UPDATE)
    SELECT count(*), array_agg(l.at), array_agg(l.consumer_no), array_agg(l.balance_paise - s.start),
           array_agg(s.delta)
      INTO v_count, v_at, v_nos, v_moved, v_deltas
      FROM locked l JOIN unnest(v_numbers, v_starts, v_changes) AS s(consumer_no, start, delta)
           ON s.consumer_no = l.consumer_no;
    IF v_count <> cardinality(v_numbers) THEN  -- consumers are never deleted; refuse rather than answer wrongly
        RAISE EXCEPTION 'consumers vanished under a batch';
    END IF;
    INSERT INTO transactions (txn_id, kind, ref_txn_id, counter_id, receipt_no, receipt_seq, consumer_no,
                              amount_paise, created_at, fingerprint, server_ref, status, received_at, credited_at,
                              reversed_at, reversed_by, balance_after_paise, signature, time_flag)
    SELECT r.txn_id, r.kind, r.ref_txn_id, r.counter_id, r.receipt_no, r.receipt_seq, r.consumer_no,
           r.amount_paise, r.created_at, r.fingerprint, r.server_ref, r.status, r.received_at, r.credited_at,
           r.reversed_at, r.reversed_by, r.balance_after_paise + coalesce(m.moved, 0), r.signature, r.time_flag
      FROM json_populate_recordset(NULL::transactions, p_rows) r
      LEFT JOIN unnest(v_nos, v_moved) AS m(consumer_no, moved) ON m.consumer_no = r.consumer_no
    ON CONFLICT (counter_id, txn_id) DO NOTHING;
    GET DIAGNOSTICS v_count = ROW_COUNT;
    IF v_count <> v_rows THEN  -- another transaction inserted one first: run the batch again
        RAISE EXCEPTION USING ERRCODE = 'serialization_failure',
            MESSAGE = 'another transaction inserted one of this batch''s transactions first';
    END IF;
    UPDATE consumers c SET balance_paise = c.balance_paise + d.delta, updated_at = p_now,
           change_seq = nextval('consumer_change_seq')
      FROM unnest(v_nos, v_deltas) AS d(consumer_no, delta)
     WHERE c.ctid = ANY(v_at) AND c.consumer_no = d.consumer_no AND d.delta IS NOT NULL;
    GET DIAGNOSTICS v_count = ROW_COUNT;
    IF v_count <> (SELECT count(*) FROM unnest(v_changes) AS d(delta) WHERE d.delta IS NOT NULL) THEN
        RAISE EXCEPTION 'a locked consumer row moved under its lock';  -- the locks make this impossible
    END IF;
    RETURN (SELECT coalesce(jsonb_object_agg(m.consumer_no, m.moved), '{}'::jsonb)
              FROM unnest(v_nos, v_moved) AS m(consumer_no, moved) WHERE m.moved <> 0);
END
$fn$;
"""),
    # The foreign key from a transaction to its counter was checked row by row: an internal query and a
    # key-share lock for every transaction inserted, about 6 us of PostgreSQL's CPU a transaction in the
    # herd (pg_stat_statements counted one check per row; the herd with and without it, 2026-12-01). The
    # same rule holds with one check per statement over the rows it inserted; and a counter, never deleted
    # (revoked only), cannot be deleted or renamed while a transaction names it.
    Migration(6, "a transaction's counter checked once a statement", """
ALTER TABLE transactions DROP CONSTRAINT transactions_counter_id_fkey;
CREATE FUNCTION transactions_name_counters() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
    IF EXISTS (SELECT 1 FROM added a WHERE NOT EXISTS (SELECT 1 FROM counters c WHERE c.counter_id = a.counter_id))
    THEN
        RAISE EXCEPTION USING ERRCODE = 'foreign_key_violation',
            MESSAGE = 'a transaction names a counter that does not exist';
    END IF;
    RETURN NULL;
END
$fn$;
CREATE TRIGGER transactions_name_counters AFTER INSERT ON transactions
    REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION transactions_name_counters();
CREATE FUNCTION transactions_keep_counter() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
    IF NEW.counter_id IS DISTINCT FROM OLD.counter_id THEN
        RAISE EXCEPTION USING ERRCODE = 'foreign_key_violation',
            MESSAGE = 'a transaction''s counter is never changed';
    END IF;
    RETURN NEW;
END
$fn$;
CREATE TRIGGER transactions_keep_counter BEFORE UPDATE OF counter_id ON transactions
    FOR EACH ROW EXECUTE FUNCTION transactions_keep_counter();
CREATE FUNCTION counters_keep_named() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
    IF (TG_OP = 'DELETE' OR NEW.counter_id IS DISTINCT FROM OLD.counter_id)
       AND EXISTS (SELECT 1 FROM transactions t WHERE t.counter_id = OLD.counter_id) THEN
        RAISE EXCEPTION USING ERRCODE = 'foreign_key_violation',
            MESSAGE = 'counter ' || OLD.counter_id || ' has transactions: it is revoked, never deleted or renamed';
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END
$fn$;
CREATE TRIGGER counters_keep_named BEFORE DELETE OR UPDATE OF counter_id ON counters
    FOR EACH ROW EXECUTE FUNCTION counters_keep_named();
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
