"""Fixtures for core tests: a real counter database on disk, set up once and copied per test.

Import the fixtures you use into a test module (``from tests.core_fixtures import counter_dir``).
Hashing PINs with argon2 is slow on purpose, so the set-up database is built once per
session and each test gets its own copy of the file.
"""

from __future__ import annotations

import contextlib
import io
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import pytest

from counter_app import connection, counter, paths, shifts, users
from counter_cli.main import main

CASHIER, CASHIER_PIN = "asha", "1234"
CASHIER2, CASHIER2_PIN = "ravi", "5678"
SUPERVISOR, SUPERVISOR_PIN = "sup", "9876"
COUNTER_ID = "MNG-01"


@dataclass
class CliResult:
    code: int
    out: str
    err: str


def run_cli(*argv: str, stdin: str = "", data_dir: Path | None = None) -> CliResult:
    """Run ``counter-app`` in this process, capturing its output and exit code."""
    args = list(argv)
    if data_dir is not None:
        args = ["--data-dir", str(data_dir), *args]
    out, err = io.StringIO(), io.StringIO()
    import sys

    old_stdin = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(args)
            except SystemExit as exc:  # argparse usage errors
                code = int(exc.code or 0)
    finally:
        sys.stdin = old_stdin
    return CliResult(code, out.getvalue(), err.getvalue())


def build_counter(data_dir: Path, *, open_shift: bool = True) -> None:
    db = connection.open_counter_db(data_dir)
    try:
        counter.setup(db, counter_id=COUNTER_ID, server_url="http://127.0.0.1:9", office="Test Office")
        users.add(db, user_id=CASHIER, name="Asha Devi", role="cashier", pin=CASHIER_PIN)
        users.add(db, user_id=CASHIER2, name="Ravi Kumar", role="cashier", pin=CASHIER2_PIN)
        users.add(db, user_id=SUPERVISOR, name="Sunita Singh", role="supervisor", pin=SUPERVISOR_PIN)
        if open_shift:
            shifts.open_shift(db, cashier_id=CASHIER, float_paise=1_000_00)
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        db.close()


@pytest.fixture(scope="session")
def _template_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    template = tmp_path_factory.mktemp("template")
    build_counter(template)
    return template


@pytest.fixture
def counter_dir(_template_dir: Path, tmp_path: Path) -> Path:
    """A data dir with counter MNG-01, cashiers asha/ravi, supervisor sup, and asha's shift open."""
    target = tmp_path / "data"
    target.mkdir()
    copy_data_files(_template_dir, target)
    return target


@pytest.fixture
def db(counter_dir: Path):
    handle = connection.open_counter_db(counter_dir)
    yield handle
    handle.close()


def raw_connect(data_dir: Path) -> sqlite3.Connection:
    """A plain sqlite3 connection, as a person with a DB browser would have."""
    return sqlite3.connect(str(paths.db_path(data_dir)), isolation_level=None)


def table_counts(data_dir: Path) -> dict[str, int]:
    conn = raw_connect(data_dir)
    try:
        return {t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                for t in ("journal", "recharges", "outbox", "shifts", "users")}
    finally:
        conn.close()


def copy_data_files(template: Path, target: Path) -> None:
    """The database and the keystore files beside it (the signing key, the token): a counter's data folder."""
    from counter_app import keystore

    shutil.copy(paths.db_path(template), paths.db_path(target))
    for name in keystore.FILES:
        if (template / name).exists():
            shutil.copy(template / name, target / name)


def confirm_as_the_server_would(data_dir: Path, where: str = "state = 'pending'") -> None:
    """Stand-in for the server's signed word (the sync tests drive the real server): pin a test server
    key in the data folder and mark the rows confirmed with evidence signed by it."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from counter_app import canonical, keystore, signing

    key = Ed25519PrivateKey.generate()
    pem = key.public_key().public_bytes(serialization.Encoding.PEM,
                                        serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    keystore.pin_server_key(data_dir, pem)
    conn = raw_connect(data_dir)
    counter_id = conn.execute("SELECT counter_id FROM counter").fetchone()[0]
    rows = conn.execute(f"SELECT o.txn_id, o.kind, r.amount_paise, o.journal_seq FROM outbox o JOIN recharges r "
                        f"ON r.txn_id = o.ref_txn_id WHERE {where}").fetchall()
    for txn_id, kind, amount, seq in rows:
        outcome = "credited" if kind == "recharge" else "void_applied"
        found = {"counter_id": counter_id, "txn_id": txn_id, "kind": kind, "amount_paise": amount,
                 "outcome": outcome, "server_ref": f"SRV-{seq}", "at": "2026-12-01T00:00:00Z"}
        conn.execute("UPDATE outbox SET state = 'confirmed', server_ref = ?, evidence = ?, server_sig = ? "
                     "WHERE txn_id = ?", [f"SRV-{seq}", canonical.dumps(found), signing.sign_object(key, found),
                                          txn_id])
    conn.close()


def delete_last_recharge(data_dir: Path) -> None:
    """The issue's attacker: remove the last recharge (journal, recharge, outbox rows), triggers recreated."""
    conn = raw_connect(data_dir)
    conn.execute("PRAGMA foreign_keys = OFF")
    for name in ("recharges_no_delete", "journal_no_delete"):
        conn.execute(f"DROP TRIGGER {name}")
    txn_id, seq = conn.execute("SELECT txn_id, journal_seq FROM recharges ORDER BY receipt_seq DESC LIMIT 1").fetchone()
    conn.execute("DELETE FROM outbox WHERE txn_id = ?", [txn_id])
    conn.execute("DELETE FROM recharges WHERE txn_id = ?", [txn_id])
    conn.execute("DELETE FROM journal WHERE seq >= ?", [seq])
    for name, table in (("recharges_no_delete", "recharges"), ("journal_no_delete", "journal")):
        conn.execute(f"CREATE TRIGGER {name} BEFORE DELETE ON {table} BEGIN SELECT RAISE(ABORT, '{table} is "
                     "append-only'); END")
    conn.close()
