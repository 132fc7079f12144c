"""The server database upgrades from every released schema (fixtures made by that release's code)."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from server import sqlite_schema
from server.sqlite_store import DB_NAME, SqliteStore
from server.store import CounterRecord

FIXTURES = sorted((Path(__file__).parent / "fixtures").glob("server-v*.sqlite3"))


def _open_copy(fixture: Path, tmp_path: Path) -> SqliteStore:
    (tmp_path / "srv").mkdir()
    shutil.copy(fixture, tmp_path / "srv" / DB_NAME)
    return SqliteStore(tmp_path / "srv")


def test_v1_upgrades_keeping_every_transaction_key_and_journal_entry(tmp_path):
    fixture = Path(__file__).parent / "fixtures" / "server-v1.sqlite3"
    old = sqlite3.connect(fixture)
    txns = old.execute("SELECT counter_id, txn_id, status, server_ref, amount_paise FROM transactions "
                       "ORDER BY server_ref").fetchall()
    keys = dict(old.execute("SELECT counter_id, public_key_pem FROM counters").fetchall())
    journal = old.execute("SELECT COUNT(*) FROM journal").fetchone()[0]
    max_seqs = dict(old.execute("SELECT counter_id, MAX(seq) FROM journal GROUP BY counter_id").fetchall())
    old.close()
    store = _open_copy(fixture, tmp_path)
    try:
        conn = sqlite3.connect(store.path)
        assert conn.execute("PRAGMA user_version").fetchone()[0] == sqlite_schema.SCHEMA_VERSION
        assert conn.execute("SELECT counter_id, txn_id, status, server_ref, amount_paise FROM transactions "
                            "ORDER BY server_ref").fetchall() == txns
        assert conn.execute("SELECT COUNT(*) FROM journal").fetchone()[0] == journal
        # The idempotency key is (counter_id, txn_id) now.
        pk = [r[1] for r in sorted(conn.execute("PRAGMA table_info(transactions)").fetchall(), key=lambda r: r[5])
              if r[5]]
        assert pk == ["counter_id", "txn_id"]
        conn.close()
        for counter_id, pem in keys.items():
            record = store.counter_by_id(counter_id)
            assert record.public_key_pem.strip() == pem.strip() and record.revoked_at is None
            assert [k.retired_at for k in store.counter_keys(counter_id)] == [None]
        assert {c["counter_id"]: c["journal_max_seq"] for c in store.audit()["counters"]} == max_seqs
        # What the v1 server stored still verifies: content, journal entry and signature, with the kept keys.
        assert [c["signature_findings"] for c in store.audit(signatures=True)["counters"]] == [[], []]
        copies = list((tmp_path / "srv").glob(f"{DB_NAME}.before-v2-*"))
        assert len(copies) == 1 and sqlite3.connect(copies[0]).execute("PRAGMA user_version").fetchone()[0] == 1
    finally:
        store.close()


def test_a_migrated_transaction_is_still_a_duplicate(tmp_path):
    """A counter that resends what the v1 server credited hears 'duplicate', with the same server_ref."""
    fixture = Path(__file__).parent / "fixtures" / "server-v1.sqlite3"
    store = _open_copy(fixture, tmp_path)
    try:
        row = sqlite3.connect(store.path).execute(
            "SELECT counter_id, txn_id, fingerprint FROM transactions WHERE kind = 'recharge' LIMIT 1").fetchone()
        record = store.counter_by_id(row[0])
        assert isinstance(record, CounterRecord)
        tx_row = store.get_transaction(row[0], row[1])
        assert tx_row["fingerprint"] == row[2]
        assert store.get_transaction("FIX-02" if row[0] == "FIX-01" else "FIX-01", row[1]) is None
    finally:
        store.close()


def test_a_database_from_a_newer_server_is_refused_untouched(tmp_path):
    (tmp_path / "srv").mkdir()
    path = tmp_path / "srv" / DB_NAME
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {sqlite_schema.SCHEMA_VERSION + 1}")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(sqlite_schema.SchemaTooNew, match="newer"):
        SqliteStore(tmp_path / "srv")
    assert path.read_bytes() == before


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.stem)
def test_every_fixture_opens_twice(fixture, tmp_path):
    """Opening an upgraded database again runs nothing (and keeps no second copy)."""
    _open_copy(fixture, tmp_path).close()
    SqliteStore(tmp_path / "srv").close()
    assert len(list((tmp_path / "srv").glob(f"{DB_NAME}.before-*"))) == 1
