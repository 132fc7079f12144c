"""Every released schema's fixture database opens with today's code, upgrades, verifies, and takes money."""

import os
import shutil
import sqlite3
import stat
from pathlib import Path

import pytest

from counter_app import connection, keystore, migrations, outbox, paths, shifts, verify
from counter_app.recharge import take_recharge

FIXTURES = sorted((Path(__file__).parent / "fixtures").glob("schema-*.sqlite3"))


def copy_fixture(fixture: Path, target: Path) -> None:
    shutil.copy(fixture, paths.db_path(target))
    for name in keystore.FILES:
        beside = fixture.with_name(f"{fixture.stem}.{name}")
        if beside.exists():
            shutil.copy(beside, target / name)


def test_there_is_a_fixture_for_the_current_schema():
    latest = migrations.known_names()[-1].split("_")[0]
    assert any(f.stem == f"schema-{latest}" for f in FIXTURES), (
        f"no fixture for {latest}: run tests/fixtures/make_schema_fixture.py schema-{latest}")


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda p: p.stem)
def test_fixture_upgrades_and_keeps_working(fixture, tmp_path):
    copy_fixture(fixture, tmp_path)
    db = connection.open_counter_db(tmp_path)
    try:
        assert [m.name for m in migrations.migrations.applied(db)] == migrations.known_names()
        assert verify.run(db) == []
        before = db.execute("SELECT MAX(receipt_seq) FROM recharges").fetchone()[0]
        shifts.open_shift(db, cashier_id="asha", float_paise=0)
        taken = take_recharge(db, cashier_id="asha", consumer_no="100099998888", amount_paise=100_00)
        assert taken.receipt_seq == before + 1
        assert verify.run(db) == []
    finally:
        db.close()


def test_an_older_database_gives_up_its_key_and_token(tmp_path):
    """m005: the private key and the API token leave the file for owner-only files, and are blanked there."""
    old = Path(__file__).parent / "fixtures" / "schema-m004.sqlite3"
    data = tmp_path / "data"
    data.mkdir(mode=0o755)
    shutil.copy(old, paths.db_path(data))
    raw = sqlite3.connect(str(paths.db_path(data)))
    private = raw.execute("SELECT private_key_pem FROM counter").fetchone()[0]
    raw.execute("UPDATE counter SET token = 'tok-123456'")
    raw.commit()
    raw.close()
    assert "PRIVATE KEY" in private
    db = connection.open_counter_db(data)
    try:
        assert db.execute("SELECT private_key_pem, token FROM counter").fetchone() == ("", None)
        assert keystore.get(data, "key") == private and keystore.get(data, "token") == "tok-123456"
        assert verify.run(db) == []
    finally:
        db.close()
    assert b"PRIVATE KEY" not in paths.db_path(data).read_bytes() and b"tok-123456" not in paths.db_path(data).read_bytes()
    if os.name == "posix":
        assert stat.S_IMODE(data.stat().st_mode) == 0o700
        for name in (keystore.KEY_FILE, keystore.TOKEN_FILE, paths.DB_NAME):
            assert stat.S_IMODE((data / name).stat().st_mode) == 0o600, name


def test_rows_confirmed_before_signed_answers_are_counted_once_and_no_more(tmp_path):
    """m005: rows an older version confirmed carry no server signature; the upgrade counts them, verify
    accepts exactly that many, and a row confirmed by hand afterwards is found."""
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(Path(__file__).parent / "fixtures" / "schema-m004.sqlite3", paths.db_path(data))
    raw = sqlite3.connect(str(paths.db_path(data)))
    raw.execute("UPDATE outbox SET state = 'confirmed', server_ref = 'OLD-1' WHERE journal_seq = "
                "(SELECT MIN(journal_seq) FROM outbox WHERE kind = 'recharge')")
    raw.commit()
    raw.close()
    db = connection.open_counter_db(data)
    try:
        assert verify.run(db) == []
        keystore.pin_server_key(data, keystore.server_key_pem(data) or _a_public_key())
        assert verify.run(db) == []
        assert (outbox.counts(db)["confirmed"]["count"], outbox.counts(db)["unproven"]["count"]) == (1, 0)
        db.execute("UPDATE outbox SET state = 'confirmed' WHERE journal_seq = (SELECT MAX(journal_seq) FROM outbox "
                   "WHERE kind = 'recharge' AND state = 'pending')")
        assert any("set by hand" in f for f in verify.run(db))
        # status counts the old confirmation and sets the one made by hand apart
        assert (outbox.counts(db)["confirmed"]["count"], outbox.counts(db)["unproven"]["count"]) == (1, 1)
    finally:
        db.close()


def _a_public_key() -> str:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    return Ed25519PrivateKey.generate().public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()
