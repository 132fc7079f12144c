"""Schema changes, one small function each, through sqlite-utils ``Migrations``.

Rules: never edit a released migration, only add new ones; the file is copied
before any migration runs; a database that has migrations this code does not
know was written by a newer app and is refused rather than guessed at.
"""

from __future__ import annotations

from pathlib import Path

import sqlite_utils
from sqlite_utils.migrations import Migrations

from counter_app import storage
from counter_app.errors import StorageError
from counter_app.i18n import _

migrations = Migrations("counter_app")

# Journal and recharges are facts: once written they never change.
_IMMUTABLE = ("journal", "recharges")


def _run(db: sqlite_utils.Database, statements: list[str]) -> None:
    # db.executescript() would COMMIT the migration's transaction first.
    for statement in statements:
        db.execute(statement)


def _append_only(db: sqlite_utils.Database, table: str) -> None:
    """Triggers that refuse UPDATE and DELETE, so facts are only ever added."""
    _run(db, [
        f"""CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table}
            BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END""",
        f"""CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table}
            BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END""",
    ])


@migrations()
def m001_initial(db: sqlite_utils.Database) -> None:
    _run(db, [
        """CREATE TABLE counter (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            counter_id TEXT NOT NULL,
            office TEXT NOT NULL DEFAULT '',
            server_url TEXT NOT NULL,
            token TEXT,
            private_key_pem TEXT NOT NULL,
            public_key_pem TEXT NOT NULL,
            key_registered_at TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""",
        "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        """CREATE TABLE users (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            role TEXT NOT NULL CHECK (role IN ('cashier', 'supervisor')),
            pin_hash TEXT NOT NULL,
            failed_attempts INTEGER NOT NULL DEFAULT 0,
            locked_until TEXT,
            active INTEGER NOT NULL DEFAULT 1,
            created_at TEXT NOT NULL
        )""",
        """CREATE TABLE journal (
            seq INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            kind TEXT NOT NULL,
            actor TEXT,
            ref TEXT,
            payload TEXT NOT NULL,
            prev_hash TEXT NOT NULL,
            hash TEXT NOT NULL
        )""",
        "CREATE INDEX journal_ref ON journal(ref)",
        # The floor under receipt numbers: numbers up to it may exist elsewhere (a
        # restored counter) and are never issued again. Written rarely, read per recharge.
        "CREATE TABLE sequences (name TEXT PRIMARY KEY, value INTEGER NOT NULL)",
        "INSERT INTO sequences (name, value) VALUES ('receipt', 0)",
        """CREATE TABLE shifts (
            id INTEGER PRIMARY KEY,
            counter_id TEXT NOT NULL,
            cashier_id TEXT NOT NULL REFERENCES users(id),
            opened_at TEXT NOT NULL,
            business_date TEXT NOT NULL,
            opening_float_paise INTEGER NOT NULL CHECK (opening_float_paise >= 0),
            float_count TEXT,
            closed_at TEXT
        )""",
        "CREATE UNIQUE INDEX one_open_shift ON shifts(counter_id) WHERE closed_at IS NULL",
        # Few indexes on purpose: each one is another page written (and fsynced)
        # in every recharge's commit. receipt_no is derived from receipt_seq, the
        # primary key, and looked up through it; verify checks the two agree.
        """CREATE TABLE recharges (
            receipt_seq INTEGER PRIMARY KEY,
            txn_id TEXT NOT NULL UNIQUE,
            receipt_no TEXT NOT NULL,
            counter_id TEXT NOT NULL,
            shift_id INTEGER NOT NULL REFERENCES shifts(id),
            cashier_id TEXT NOT NULL REFERENCES users(id),
            consumer_no TEXT NOT NULL,
            amount_paise INTEGER NOT NULL CHECK (amount_paise > 0),
            tendered_paise INTEGER NOT NULL,
            change_paise INTEGER NOT NULL CHECK (change_paise >= 0),
            payment_mode TEXT NOT NULL DEFAULT 'cash',
            created_at TEXT NOT NULL,
            business_date TEXT NOT NULL,
            journal_seq INTEGER NOT NULL REFERENCES journal(seq)
        )""",
        "CREATE INDEX recharges_consumer_day ON recharges(consumer_no, business_date)",
        "CREATE INDEX recharges_day ON recharges(business_date)",
        # One row per message to the server, sent in journal order. A recharge's
        # row has the recharge's txn_id; later kinds (a void) get their own
        # txn_id and point at the recharge through ref_txn_id.
        """CREATE TABLE outbox (
            journal_seq INTEGER PRIMARY KEY REFERENCES journal(seq),
            txn_id TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL DEFAULT 'recharge',
            ref_txn_id TEXT REFERENCES recharges(txn_id),
            state TEXT NOT NULL CHECK (state IN ('pending', 'in_flight', 'confirmed', 'rejected')),
            attempts INTEGER NOT NULL DEFAULT 0,
            last_error TEXT,
            next_attempt_at TEXT NOT NULL,
            sent_at TEXT,
            confirmed_at TEXT,
            server_ref TEXT,
            balance_after_paise INTEGER,
            reject_reason TEXT,
            updated_at TEXT NOT NULL
        )""",
        "CREATE INDEX outbox_due ON outbox(state, next_attempt_at, journal_seq)",
        "CREATE INDEX outbox_ref ON outbox(ref_txn_id)",
        """CREATE TABLE sync_state (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            last_attempt_at TEXT,
            last_success_at TEXT,
            last_error TEXT,
            server_time_offset_s REAL,
            consumers_cursor TEXT
        )""",
        "INSERT INTO sync_state (id) VALUES (1)",
        """CREATE TABLE consumers (
            consumer_no TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            meter_no TEXT,
            subdivision TEXT,
            balance_paise INTEGER,
            updated_at TEXT,
            fetched_at TEXT
        )""",
        "CREATE INDEX consumers_name ON consumers(name COLLATE NOCASE)",
    ])
    for table in _IMMUTABLE:
        _append_only(db, table)


@migrations()
def m002_reconciliation(db: sqlite_utils.Database) -> None:
    """Shift close figures, voids/refunds/corrections, and Z reports."""
    for column, kind in [("closed_by", "TEXT"), ("close_count", "TEXT"), ("counted_paise", "INTEGER"),
                         ("expected_paise", "INTEGER"), ("variance_paise", "INTEGER"),
                         ("signed_off_by", "TEXT"), ("close_note", "TEXT"), ("close_journal_seq", "INTEGER")]:
        db.execute(f"ALTER TABLE shifts ADD COLUMN {column} {kind}")
    _run(db, [
        # A closed shift is final: corrections are new journal entries, never edits.
        """CREATE TRIGGER shifts_closed_final BEFORE UPDATE ON shifts WHEN OLD.closed_at IS NOT NULL
            BEGIN SELECT RAISE(ABORT, 'a closed shift cannot be changed'); END""",
        """CREATE TRIGGER shifts_no_delete BEFORE DELETE ON shifts
            BEGIN SELECT RAISE(ABORT, 'shifts are never deleted'); END""",
        # What later happened to a recharge: voided, or (after the server rejected
        # it) superseded by a corrected transaction or refunded. At most one each.
        """CREATE TABLE adjustments (
            txn_id TEXT PRIMARY KEY REFERENCES recharges(txn_id),
            kind TEXT NOT NULL CHECK (kind IN ('void', 'superseded', 'refunded')),
            at TEXT NOT NULL,
            shift_id INTEGER NOT NULL REFERENCES shifts(id),
            actor TEXT NOT NULL,
            reason TEXT,
            note TEXT,
            new_txn_id TEXT,
            amount_paise INTEGER NOT NULL,
            journal_seq INTEGER NOT NULL REFERENCES journal(seq)
        )""",
        "CREATE INDEX adjustments_shift ON adjustments(shift_id)",
        """CREATE TABLE z_reports (
            z_no INTEGER PRIMARY KEY,
            counter_id TEXT NOT NULL,
            business_date TEXT NOT NULL UNIQUE,
            created_at TEXT NOT NULL,
            created_by TEXT,
            totals TEXT NOT NULL,
            pdf_path TEXT,
            journal_seq INTEGER NOT NULL REFERENCES journal(seq)
        )""",
    ])
    for table in ("adjustments", "z_reports"):
        _append_only(db, table)


@migrations()
def m003_sync_state(db: sqlite_utils.Database) -> None:
    """What the sync client remembers between runs: its backoff and how much of the journal it sent."""
    for column, kind in [("failures", "INTEGER NOT NULL DEFAULT 0"), ("retry_at", "TEXT"),
                         ("journal_sent_seq", "INTEGER NOT NULL DEFAULT 0"), ("server_time", "TEXT")]:
        db.execute(f"ALTER TABLE sync_state ADD COLUMN {column} {kind}")


@migrations()
def m004_backups(db: sqlite_utils.Database) -> None:
    """Where and when the database was last backed up, for the automatic backups."""
    db.execute("""CREATE TABLE backups (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        path TEXT NOT NULL,
        last_receipt_seq INTEGER NOT NULL,
        journal_seq INTEGER NOT NULL,
        size_bytes INTEGER NOT NULL
    )""")


@migrations()
def m005_trust(db: sqlite_utils.Database) -> None:
    """Signed messages at commit, the server's signed evidence, the disputed state; secrets out of the file.

    Every existing outbox row is signed now, with the key it would have been
    sent with, so the drain only sends. Rows confirmed before the server signed
    its answers are counted in a journal entry, so verify accepts exactly those
    without evidence. The private key and the token move to the keystore and are
    blanked here.
    """
    from counter_app import counter, journal, outbox

    _run(db, [
        """CREATE TABLE outbox_new (
            journal_seq INTEGER PRIMARY KEY REFERENCES journal(seq),
            txn_id TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL DEFAULT 'recharge',
            ref_txn_id TEXT REFERENCES recharges(txn_id),
            state TEXT NOT NULL CHECK (state IN ('pending', 'in_flight', 'confirmed', 'rejected', 'disputed')),
            attempts INTEGER NOT NULL DEFAULT 0,
            last_error TEXT,
            next_attempt_at TEXT NOT NULL,
            sent_at TEXT,
            confirmed_at TEXT,
            server_ref TEXT,
            balance_after_paise INTEGER,
            reject_reason TEXT,
            updated_at TEXT NOT NULL,
            message TEXT,
            signature TEXT,
            evidence TEXT,
            server_sig TEXT
        )""",
        "INSERT INTO outbox_new (journal_seq, txn_id, kind, ref_txn_id, state, attempts, last_error, next_attempt_at, "
        "sent_at, confirmed_at, server_ref, balance_after_paise, reject_reason, updated_at) SELECT journal_seq, txn_id, "
        "kind, ref_txn_id, state, attempts, last_error, next_attempt_at, sent_at, confirmed_at, server_ref, "
        "balance_after_paise, reject_reason, updated_at FROM outbox",
        "DROP TABLE outbox",
        "ALTER TABLE outbox_new RENAME TO outbox",
        "CREATE INDEX outbox_due ON outbox(state, next_attempt_at, journal_seq)",
        "CREATE INDEX outbox_ref ON outbox(ref_txn_id)",
    ])
    for column, kind in [("retry_wait_s", "REAL"), ("journal_ack", "TEXT"), ("journal_ack_sig", "TEXT")]:
        db.execute(f"ALTER TABLE sync_state ADD COLUMN {column} {kind}")
    if not db.execute("SELECT 1 FROM counter WHERE id = 1").fetchone():
        return  # a fresh database: nothing to move or sign
    counter.move_secrets_out(db)
    outbox.sign_unsigned(db, counter.signer(db))
    legacy = db.execute("SELECT COUNT(*) FROM outbox WHERE state = 'confirmed'").fetchone()[0]
    head = journal.last(db)[0]
    if legacy:
        journal.append(db, "evidence_begins", {"up_to_journal_seq": head, "confirmed_without_evidence": legacy,
                                               "why": "confirmed before the server signed its answers"})


@migrations()
def m006_cash_rounding(db: sqlite_utils.Database) -> None:
    """Cash rounding per recharge: the drawer holds amount + rounding (counter_app.cash)."""
    db.execute("ALTER TABLE recharges ADD COLUMN rounding_paise INTEGER NOT NULL DEFAULT 0")


@migrations()
def m007_evidence_batches(db: sqlite_utils.Database) -> None:
    """One server signature per batch: the signed list of the results' evidence digests, kept as received.

    A row confirmed this way has its evidence and the id of the batch whose
    signed list holds that evidence's SHA-256 (``evidence.batch_digests``);
    ``server_sig`` stays for rows answered one signature per result.
    """
    _run(db, [
        """CREATE TABLE server_evidence (
            id INTEGER PRIMARY KEY,
            manifest TEXT NOT NULL,
            signature TEXT NOT NULL,
            received_at TEXT NOT NULL
        )""",
        "ALTER TABLE outbox ADD COLUMN evidence_batch INTEGER REFERENCES server_evidence(id)",
    ])
    _append_only(db, "server_evidence")


def known_names() -> list[str]:
    return [m.name for m in migrations._migrations]


def upgrade(db: sqlite_utils.Database, path: Path) -> None:
    """Bring the schema up to date, refusing a database from a newer app."""
    applied = [m.name for m in migrations.applied(db)]
    unknown = [name for name in applied if name not in known_names()]
    if unknown:
        raise StorageError(
            _("The database {path} was written by a newer version of counter-app (it has schema changes {join} "
              "that this version does not know). Install the newer version; this one will not touch the file.").format(
                  path=path, join=', '.join(unknown))
        )
    pending = migrations.pending(db)
    if not pending:
        return
    if applied:
        storage.pre_migration_copy(db, path, pending[0].name)
    migrations.apply(db)
    db.execute(f"PRAGMA user_version = {len(known_names())}")
