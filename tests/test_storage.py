"""Opening the database: durable pragmas, damaged and newer files, migrations."""

import pytest

from counter_app import connection, migrations, paths, storage
from counter_app.errors import StorageError
from tests.core_fixtures import raw_connect, run_cli


def test_durable_pragmas(counter_dir):
    db = connection.open_counter_db(counter_dir)
    try:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert db.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
    finally:
        db.close()


def test_corrupt_file_gets_a_clear_message(tmp_path):
    paths.db_path(tmp_path).write_bytes(b"this is not sqlite at all, it is a text file" * 50)
    before = paths.db_path(tmp_path).read_bytes()
    res = run_cli("status", data_dir=tmp_path)
    assert res.code == 1
    assert "damaged" in res.err and "restore it from a backup" in res.err
    assert "Traceback" not in res.err
    assert paths.db_path(tmp_path).read_bytes() == before, "a damaged file must be left as it was"


def test_read_only_database_message():
    # Root ignores permissions, so check the mapping of SQLite's own words too.
    import sqlite3
    text = storage.describe_sqlite_error(sqlite3.OperationalError("attempt to write a readonly database"), "x")
    assert "cannot be written" in text
    text = storage.describe_sqlite_error(sqlite3.OperationalError("database or disk is full"), "x")
    assert "full" in text and "nothing was saved" in text


def test_full_disk_loses_nothing(counter_dir):
    """Simulate a full disk with max_page_count: the write is refused cleanly, earlier data stays."""
    from counter_app import recharge
    from tests.core_fixtures import CASHIER
    db = connection.open_counter_db(counter_dir)
    try:
        first = recharge.take_recharge(db, cashier_id=CASHIER, consumer_no="1234567890", amount_paise=10000)
        pages = db.execute("PRAGMA page_count").fetchone()[0]
        db.execute(f"PRAGMA max_page_count = {pages}")
        import sqlite3
        with pytest.raises(sqlite3.OperationalError, match="full"):
            for i in range(2000):
                recharge.take_recharge(db, cashier_id=CASHIER, consumer_no=f"2{i:09d}", amount_paise=10000)
    finally:
        db.close()
    rows = raw_connect(counter_dir).execute("SELECT txn_id FROM recharges").fetchall()
    assert (first.txn_id,) in rows
    assert run_cli("verify", data_dir=counter_dir).code == 0


def test_newer_database_is_refused(counter_dir):
    conn = raw_connect(counter_dir)
    conn.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
                 "VALUES ('counter_app', 'm999_from_the_future', '2030-01-01')")
    conn.close()
    with pytest.raises(StorageError, match="newer version"):
        connection.open_counter_db(counter_dir)
    res = run_cli("status", data_dir=counter_dir)
    assert res.code == 1 and "newer version" in res.err


def test_file_is_copied_before_a_migration(counter_dir):
    @migrations.migrations(name="m900_test_only")
    def _extra(db):
        db.execute("CREATE TABLE test_only (x INTEGER)")
    try:
        db = connection.open_counter_db(counter_dir)
        assert "test_only" in db.table_names()
        db.close()
        copies = list(paths.backup_dir(counter_dir).glob("*before-m900_test_only.sqlite3"))
        assert len(copies) == 1
        import sqlite3
        old = sqlite3.connect(copies[0])
        tables = {r[0] for r in old.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        old.close()
        assert "test_only" not in tables and "journal" in tables
    finally:
        migrations.migrations._migrations.pop()


def test_new_database_needs_no_copy(tmp_path):
    connection.open_counter_db(tmp_path).close()
    assert not paths.backup_dir(tmp_path).exists()
