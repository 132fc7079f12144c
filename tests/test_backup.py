"""Backups to a second medium, restore without receipt reuse, exposure limits."""

from __future__ import annotations

import json
import os
import random
import signal
import time

import pytest

from counter_app import backup, backup_crypto, connection, paths, restore, settings, verify
from counter_app.errors import KnownError, Refused
from counter_app.recharge import take_recharge
from tests.core_fixtures import CASHIER, CASHIER_PIN, run_cli

PASSPHRASE = "monsoon-ledger-42"


@pytest.fixture
def ready(counter_dir, tmp_path):
    """A counter with a passphrase and a backup folder on a 'USB drive'."""
    usb = tmp_path / "usb"
    backup_crypto.set_passphrase(counter_dir, PASSPHRASE)
    db = connection.open_counter_db(counter_dir)
    settings.change(db, "backup_dir", str(usb))
    yield counter_dir, usb, db
    db.close()


def take(db, n, start=0):
    return [take_recharge(db, cashier_id=CASHIER, consumer_no=f"{7000000000 + start + i}", amount_paise=100_00)
            for i in range(n)]


def test_backup_is_encrypted_checked_and_restorable(ready, tmp_path):
    data_dir, usb, db = ready
    take(db, 5)
    result = backup.make_backup(db, data_dir)
    raw = result.path.read_bytes()
    assert b"SQLite format 3" not in raw and b"7000000001" not in raw, "the backup must be encrypted"
    assert result.last_receipt_seq == 5
    # a restore on a new PC needs only the file and the passphrase
    new_pc = tmp_path / "new-pc"
    out = restore.restore(new_pc, result.path, passphrase=PASSPHRASE)
    assert out.counter_id == "MNG-01" and out.backup_last_receipt_seq == 5
    with pytest.raises(KnownError, match="wrong passphrase"):
        restore.restore(tmp_path / "other", result.path, passphrase="not-the-passphrase")
    # one changed byte in the ciphertext is refused whole
    tampered = tmp_path / "tampered.cbk"
    data = bytearray(raw)
    data[-100] ^= 0x01
    tampered.write_bytes(bytes(data))
    with pytest.raises(KnownError, match="changed or damaged"):
        restore.restore(tmp_path / "other2", tampered, passphrase=PASSPHRASE)
    assert not paths.db_path(tmp_path / "other2").exists()


def test_restore_never_reuses_a_receipt_number(ready, tmp_path):
    data_dir, usb, db = ready
    take(db, 5)
    made = backup.make_backup(db, data_dir)
    lost = take(db, 3, start=100)  # issued after the backup; the PC then dies
    assert [r.receipt_seq for r in lost] == [6, 7, 8]
    new_pc = tmp_path / "new-pc"
    out = restore.restore(new_pc, made.path, passphrase=PASSPHRASE)
    assert out.next_receipt_seq == 5 + settings.DEFAULTS["restore_receipt_gap"].default + 1
    db2 = connection.open_counter_db(new_pc)
    try:
        after = take(db2, 2, start=200)
        assert after[0].receipt_seq == out.next_receipt_seq
        assert not {r.receipt_no for r in after} & {r.receipt_no for r in lost}
        assert verify.run(db2) == []
    finally:
        db2.close()
    # the supervisor may push the numbering further, never back
    out = restore.restore(tmp_path / "pc3", made.path, passphrase=PASSPHRASE, next_receipt=5000)
    assert out.next_receipt_seq == 5000


def test_restore_refuses_another_counter_and_a_newer_database(ready, tmp_path):
    data_dir, usb, db = ready
    take(db, 2)
    made = backup.make_backup(db, data_dir)
    take(db, 1, start=50)
    with pytest.raises(Refused, match="newer than the backup"):
        restore.restore(data_dir, made.path, passphrase=PASSPHRASE)
    other = tmp_path / "other-counter"
    res = run_cli("setup", "--counter-id", "PAT-02", "--server", "http://127.0.0.1:1", data_dir=other)
    assert res.code == 0
    with pytest.raises(Refused, match="belongs to counter PAT-02"):
        restore.restore(other, made.path, passphrase=PASSPHRASE)
    out = restore.restore(other, made.path, passphrase=PASSPHRASE, force=True)
    assert out.replaced and any(p.name == paths.DB_NAME for p in (other / "replaced").rglob("*"))


def test_automatic_backup_every_n_recharges_and_pruning(ready):
    data_dir, usb, db = ready
    settings.change(db, "backup_every_n_recharges", 3)
    settings.change(db, "backup_keep_last", 2)
    settings.change(db, "backup_keep_daily_days", 0)
    made = []
    for i in range(10):
        take(db, 1, start=i)
        outcome = backup.maybe_auto_backup(db, data_dir)
        if outcome is not None:
            assert not isinstance(outcome, str), outcome
            made.append(outcome.last_receipt_seq)
    assert made == [3, 6, 9]
    assert len(list(usb.glob("*.cbk"))) == 2, "older backups are pruned (keep the last 2, today's is among them)"


def test_automatic_backup_failure_never_stops_the_counter(ready, tmp_path):
    data_dir, usb, db = ready
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    settings.change(db, "backup_dir", str(blocker / "sub"))
    settings.change(db, "backup_every_n_recharges", 1)
    res = run_cli("recharge", "--cashier", CASHIER, "--consumer", "1234567890", "--amount", "100", "--pin-stdin",
                  "--json", stdin=CASHIER_PIN + "\n", data_dir=data_dir)
    assert res.code == 0, res.err
    assert "Cannot write the backup" in json.loads(res.out)["backup_error"]
    assert "warning" in res.err


def _backup_child(data_dir) -> None:
    try:
        db = connection.open_counter_db(data_dir)
        while True:
            backup.make_backup(db, data_dir)
    finally:
        os._exit(1)


def test_kill_during_backup_leaves_the_previous_backup_good(ready):
    data_dir, usb, db = ready
    take(db, 30)
    first = backup.make_backup(db, data_dir)
    db.close()
    rng = random.Random(7)
    for _ in range(25):
        pid = os.fork()
        if pid == 0:  # pragma: no cover - child
            _backup_child(data_dir)
        time.sleep(rng.uniform(0.0, 0.08))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    finished = sorted(usb.glob("*.cbk"))
    assert finished, "the backup made before the kills (or a newer whole one) is still there"
    for path in finished:  # every finished backup is whole: it decrypts, verifies, holds all 30 recharges
        header, cipher = backup.read_header(path)
        plain = backup_crypto.decrypt(header, cipher, key=backup_crypto.load_key(data_dir).key)
        assert len(plain) == header["size"]
        image = backup.load_image(plain)
        try:
            assert backup.check_copy(image) == [], path.name
            assert image.execute("SELECT MAX(receipt_seq) FROM recharges").fetchone()[0] == first.last_receipt_seq
        finally:
            image.close()
    db = connection.open_counter_db(data_dir)
    try:
        again = backup.make_backup(db, data_dir)
        assert again.path.exists()
        assert not list(usb.glob("*.part")), "stale partial files are cleaned up by the next backup"
        assert verify.run(db) == []
    finally:
        db.close()


def test_backup_cli(ready):
    data_dir, usb, db = ready
    res = run_cli("backup", "--json", data_dir=data_dir)
    assert res.code == 0, res.err
    assert json.loads(res.out)["path"].startswith(str(usb))
    res = run_cli("backup", "--set-passphrase", "--passphrase-stdin", stdin="short\n", data_dir=data_dir)
    assert res.code == 1 and "at least 8" in res.err


def test_backup_needs_a_location_and_passphrase(counter_dir):
    res = run_cli("backup", data_dir=counter_dir)
    assert res.code == 1 and "No backup location" in res.err
    res = run_cli("backup", "--to", str(counter_dir / "x"), data_dir=counter_dir)
    assert res.code == 1 and "passphrase" in res.err


def test_restore_cli(ready, tmp_path):
    data_dir, usb, db = ready
    take(db, 2)
    made = backup.make_backup(db, data_dir)
    res = run_cli("restore", str(made.path), "--passphrase-stdin", "--json", stdin=PASSPHRASE + "\n",
                  data_dir=tmp_path / "fresh")
    assert res.code == 0, res.err
    assert json.loads(res.out)["next_receipt_seq"] == 1003
    res = run_cli("restore", str(tmp_path / "nothing.cbk"), "--passphrase-stdin", stdin="x\n",
                  data_dir=tmp_path / "fresh2")
    assert res.code == 1 and "Cannot read" in res.err


def test_exposure_limits_warn_and_block_only_when_set(ready):
    data_dir, usb, db = ready
    settings.change(db, "max_pending_paise", 150_00)
    take(db, 2)
    status = json.loads(run_cli("status", "--json", data_dir=data_dir).out)
    assert status["exposure"] and "over the limit of Rs 150.00" in status["exposure"][0]
    take(db, 1, start=10)  # still takes money: warn only by default
    settings.change(db, "block_on_exposure", 1)
    with pytest.raises(Refused, match="block_on_exposure"):
        take(db, 1, start=20)
