"""Issue 12, the counter's own file as an attacker sees it: secrets, signatures, witnesses, faults.

Each test does what the issue's attacker did (or the fault it names) to a real
counter database on disk, then checks what ``verify``, the next recharge or the
CLI says.
"""

import json
import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from counter_app import backup, backup_crypto, connection, journal, keystore, paths, settings, storage, sync_lock
from counter_app.canonical import dumps
from counter_app.recharge import take_recharge
from tests.core_fixtures import (
    CASHIER, CASHIER_PIN, confirm_as_the_server_would, delete_last_recharge, raw_connect, run_cli,
)

PIN = CASHIER_PIN + "\n"


def recharge(data_dir, consumer="5550000010", amount="250"):
    return run_cli("recharge", "--cashier", CASHIER, "--consumer", consumer, "--amount", amount, "--pin-stdin",
                   "--json", stdin=PIN, data_dir=data_dir)


@pytest.fixture
def three(counter_dir):
    for i in range(3):
        assert recharge(counter_dir, consumer=f"55500000{i}0").code == 0
    assert run_cli("verify", data_dir=counter_dir).code == 0
    return counter_dir


def findings(data_dir):
    res = run_cli("verify", "--json", data_dir=data_dir)
    assert res.code == 1, res.out
    return json.loads(res.out)["findings"]


def forge_amount(conn: sqlite3.Connection, receipt_no: str, amount_paise: int) -> None:
    """The issue's attacker: drop the triggers, change the amount, recompute the whole chain (no secret needed)."""
    for name in ("recharges_no_update", "journal_no_update"):
        conn.execute(f"DROP TRIGGER {name}")
    conn.execute("UPDATE recharges SET amount_paise = ? WHERE receipt_no = ?", [amount_paise, receipt_no])
    prev = journal.GENESIS
    for seq, at, kind, actor, ref, payload in conn.execute(
            "SELECT seq, at, kind, actor, ref, payload FROM journal ORDER BY seq").fetchall():
        data = json.loads(payload)
        if kind == "recharge" and data.get("receipt_no") == receipt_no:
            data["amount_paise"] = amount_paise
            payload = dumps(data)
        digest = journal.entry_hash(seq, at, kind, actor, ref, payload, prev)
        conn.execute("UPDATE journal SET payload = ?, prev_hash = ?, hash = ? WHERE seq = ?", [payload, prev, digest, seq])
        prev = digest
    for name, table in (("recharges_no_update", "recharges"), ("journal_no_update", "journal")):
        conn.execute(f"CREATE TRIGGER {name} BEFORE UPDATE ON {table} BEGIN SELECT RAISE(ABORT, 'x'); END")


# -- item 3: forged credit from an edited file ----------------------------------
def test_an_edited_amount_with_a_recomputed_chain_is_found_by_its_signature(three):
    conn = raw_connect(three)
    forge_amount(conn, "MNG-01-0000002", 99_999_00)
    conn.close()
    (three / "journal-head.json").unlink()  # the head witness would see the rewrite too: leave only the signature
    found = findings(three)
    assert not any("hash" in f or "does not follow" in f for f in found), found  # the chain is whole again
    assert any("MNG-01-0000002" in f and "differs from what was signed at commit" in f for f in found), found


def test_a_resigned_message_with_another_key_does_not_check(three):
    """Rewriting the stored message too needs the counter's key: a made-up key's signature fails."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from counter_app import signing

    conn = raw_connect(three)
    forge_amount(conn, "MNG-01-0000002", 99_999_00)
    txn_id, message = conn.execute("SELECT o.txn_id, o.message FROM outbox o JOIN recharges r ON r.txn_id = o.txn_id "
                                   "WHERE r.receipt_no = 'MNG-01-0000002'").fetchone()
    data = json.loads(message)
    data["amount_paise"] = 99_999_00
    data["journal"] = dict(zip(("seq", "at", "kind", "actor", "ref", "payload", "prev_hash", "hash"), conn.execute(
        "SELECT seq, at, kind, actor, ref, payload, prev_hash, hash FROM journal WHERE seq = ?",
        [data["journal"]["seq"]]).fetchone()))
    text = dumps(data)
    conn.execute("UPDATE outbox SET message = ?, signature = ? WHERE txn_id = ?",
                 [text, signing.sign_bytes(Ed25519PrivateKey.generate(), text.encode()), txn_id])
    conn.close()
    assert any("MNG-01-0000002" in f and "does not check" in f for f in findings(three))


def test_every_message_is_signed_inside_its_commit(three):
    conn = raw_connect(three)
    rows = conn.execute("SELECT message, signature FROM outbox").fetchall()
    conn.close()
    assert len(rows) == 3 and all(m and s for m, s in rows)


def test_the_database_holds_no_secret_and_the_key_files_are_owner_only(tmp_path):
    data = tmp_path / "fresh"
    res = run_cli("setup", "--counter-id", "MNG-09", "--server", "http://127.0.0.1:9", "--token-stdin",
                  stdin="tok-secret-4242\n", data_dir=data)
    assert res.code == 0, res.err
    raw = paths.db_path(data).read_bytes()
    assert b"tok-secret-4242" not in raw and b"PRIVATE KEY" not in raw
    conn = raw_connect(data)
    assert conn.execute("SELECT private_key_pem, token FROM counter").fetchone() == ("", None)
    conn.close()
    assert keystore.get(data, "token") == "tok-secret-4242"
    if os.name == "posix":
        assert stat.S_IMODE(data.stat().st_mode) == 0o700
        for name in (keystore.KEY_FILE, keystore.TOKEN_FILE, paths.DB_NAME):
            assert stat.S_IMODE((data / name).stat().st_mode) == 0o600, name
    log = (data / "logs" / "counter-app.log")
    assert not log.exists() or "tok-secret-4242" not in log.read_text()


def test_a_backup_carries_the_key_only_encrypted_and_a_restore_moves_it_back_out(three, tmp_path):
    backup_crypto.set_passphrase(three, "monsoon-ledger-42")
    db = connection.open_counter_db(three)
    made = backup.make_backup(db, three, to=tmp_path / "usb")
    private = keystore.get(three, "key")
    db.close()
    assert b"PRIVATE KEY" not in made.path.read_bytes()
    fresh = tmp_path / "new-pc"
    res = run_cli("restore", str(made.path), "--passphrase-stdin", stdin="monsoon-ledger-42\n", data_dir=fresh)
    assert res.code == 0, res.err
    assert keystore.get(fresh, "key") == private
    assert b"PRIVATE KEY" not in paths.db_path(fresh).read_bytes()
    assert run_cli("verify", data_dir=fresh).code == 0


# -- item 5: the token never on a command line ------------------------------------
def test_setup_takes_the_token_from_a_file_stdin_or_the_environment_and_warns_about_token(tmp_path, monkeypatch):
    token_file = tmp_path / "token.txt"
    token_file.write_text("from-a-file\n")
    res = run_cli("setup", "--counter-id", "MNG-09", "--server", "http://127.0.0.1:9", "--token-file",
                  str(token_file), data_dir=tmp_path / "a")
    assert res.code == 0 and "warning" not in res.err and keystore.get(tmp_path / "a", "token") == "from-a-file"
    monkeypatch.setenv("COUNTER_APP_TOKEN", "from-the-env")
    res = run_cli("setup", "--counter-id", "MNG-09", "--server", "http://127.0.0.1:9", data_dir=tmp_path / "b")
    assert res.code == 0 and keystore.get(tmp_path / "b", "token") == "from-the-env"
    res = run_cli("setup", "--counter-id", "MNG-09", "--server", "http://127.0.0.1:9", "--token", "visible",
                  data_dir=tmp_path / "c")
    assert res.code == 0 and "visible to other users" in res.err and keystore.get(tmp_path / "c", "token") == "visible"
    res = run_cli("setup", "--counter-id", "MNG-09", "--server", "http://127.0.0.1:9", "--token-file",
                  str(tmp_path / "missing"), data_dir=tmp_path / "d")
    assert res.code == 1 and "Cannot read the token file" in res.err and "Traceback" not in res.err


# -- item 4: "confirmed" is evidence; the tail has witnesses -----------------------
def test_a_row_set_confirmed_by_hand_fails_verify(three):
    confirm_as_the_server_would(three, "0")  # a server key pinned, nothing confirmed
    conn = raw_connect(three)
    conn.execute("UPDATE outbox SET state = 'confirmed', server_ref = 'BSP-FAKE' WHERE journal_seq = "
                 "(SELECT MIN(journal_seq) FROM outbox)")
    conn.close()
    assert any("marked confirmed" in f for f in findings(three))


def test_status_does_not_count_a_row_set_confirmed_by_hand_as_confirmed(three):
    """It counts it apart and says what to do; verify, which checks each signature, names it."""
    confirm_as_the_server_would(three, "o.journal_seq = (SELECT MAX(journal_seq) FROM outbox)")  # one signed
    conn = raw_connect(three)
    conn.execute("UPDATE outbox SET state = 'confirmed', server_ref = 'BSP-FAKE' WHERE journal_seq = "
                 "(SELECT MIN(journal_seq) FROM outbox)")
    conn.close()
    shown = json.loads(run_cli("status", "--json", data_dir=three).out)
    assert (shown["confirmed"], shown["unproven"], shown["pending"]) == (1, 1, 1)
    assert any("no signed word of the server" in w and "counter-app verify" in w for w in shown["warnings"])
    text = run_cli("status", data_dir=three).out
    assert "Confirmed: 1 " in text and "WARNING: 1 transaction(s)" in text


def test_a_server_signed_confirmation_passes_and_a_copied_one_does_not(three):
    confirm_as_the_server_would(three)
    assert run_cli("verify", data_dir=three).code == 0
    conn = raw_connect(three)
    first, second = conn.execute("SELECT evidence, server_sig FROM outbox ORDER BY journal_seq LIMIT 2").fetchall()
    conn.execute("UPDATE outbox SET evidence = ?, server_sig = ? WHERE journal_seq = "
                 "(SELECT MAX(journal_seq) FROM outbox)", list(first))
    conn.close()
    assert any("MNG-01-0000003" in f and "marked confirmed" in f for f in findings(three))


def test_a_deleted_tail_is_reported_with_its_receipt_numbers_and_never_reused(three):
    delete_last_recharge(three)
    found = findings(three)
    assert any("truncated tail" in f and "missing receipts: MNG-01-0000003" in f for f in found), found
    res = recharge(three, consumer="5550000990")
    assert res.code == 0, res.err
    assert json.loads(res.out)["receipt_no"] == "MNG-01-0000004"  # 3 was printed once; never again


def test_the_newest_backup_is_a_witness_of_the_head(three, tmp_path):
    backup_crypto.set_passphrase(three, "monsoon-ledger-42")
    db = connection.open_counter_db(three)
    settings.change(db, "backup_dir", str(tmp_path / "usb"))
    backup.make_backup(db, three)
    db.close()
    delete_last_recharge(three)
    (three / "journal-head.json").unlink()  # the attacker found the side file too
    found = findings(three)
    assert any("the newest backup" in f and "truncated tail" in f and "MNG-01-0000003" in f for f in found), found


# -- item 12: verify never creates a database; a damaged one takes no money --------
def test_verify_of_a_missing_folder_or_an_empty_file_says_so_and_creates_nothing(tmp_path):
    missing = tmp_path / "no-such-folder"
    res = run_cli("verify", data_dir=missing)
    assert res.code == 1 and "There is no counter database" in res.err and not missing.exists()
    empty = tmp_path / "empty"
    empty.mkdir()
    paths.db_path(empty).write_bytes(b"")
    res = run_cli("verify", data_dir=empty)
    assert res.code == 1 and "There is no counter database" in res.err
    assert paths.db_path(empty).stat().st_size == 0
    assert not {keystore.KEY_FILE, paths.DB_NAME + "-wal"} & {p.name for p in empty.iterdir()}


def test_a_database_failing_quick_check_refuses_new_recharges(counter_dir):
    db = connection.open_counter_db(counter_dir)
    db.execute("CREATE TABLE filler (x TEXT)")
    with storage.write_transaction(db):
        db.conn.executemany("INSERT INTO filler VALUES (?)", [("y" * 500,) for _ in range(400)])
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    # A leaf page in the middle of a table no recharge reads: only a whole-file check can see it.
    page = db.execute("SELECT pageno FROM dbstat WHERE name = 'filler' AND pagetype = 'leaf' "
                      "ORDER BY pageno LIMIT 1 OFFSET 20").fetchone()[0]
    page_size = db.execute("PRAGMA page_size").fetchone()[0]
    db.close()
    with open(paths.db_path(counter_dir), "r+b") as handle:  # a bad sector
        handle.seek((page - 1) * page_size)
        handle.write(b"\xff" * page_size)
    before = raw_connect(counter_dir).execute("SELECT COUNT(*) FROM recharges").fetchone()[0]
    res = recharge(counter_dir)
    assert res.code == 1 and "restore the counter from its latest backup" in res.err and "Traceback" not in res.err
    assert raw_connect(counter_dir).execute("SELECT COUNT(*) FROM recharges").fetchone()[0] == before


# -- item 13: an edited backup header ---------------------------------------------
@pytest.mark.parametrize("edit", [
    lambda h: h.pop("kdf"),
    lambda h: h.update(kdf=[1, 2]),
    lambda h: h.update(nonce="!!"),
    lambda h: h["kdf"].update(n=2**21),
    lambda h: h["kdf"].update(r="8"),
    lambda h: h.update(journal_seq=None),
], ids=["no-kdf", "kdf-list", "bad-nonce", "huge-n", "r-text", "no-seq"])
def test_restore_of_an_edited_header_says_damaged_and_never_runs_scrypt_with_it(three, tmp_path, edit):
    backup_crypto.set_passphrase(three, "monsoon-ledger-42")
    db = connection.open_counter_db(three)
    made = backup.make_backup(db, three, to=tmp_path / "usb")
    db.close()
    raw = made.path.read_bytes()
    head, _, rest = raw[len(backup.MAGIC):].partition(b"\n")
    header = json.loads(head)
    edit(header)
    made.path.write_bytes(backup.MAGIC + json.dumps(header).encode() + b"\n" + rest)
    res = run_cli("restore", str(made.path), "--passphrase-stdin", stdin="monsoon-ledger-42\n",
                  data_dir=tmp_path / "new-pc")
    assert res.code == 1 and "damaged or not a counter backup" in res.err, res.err
    assert "internal error" not in res.err


# -- item 14: a closed pipe is not our bug -----------------------------------------
def test_output_into_a_closed_pipe_is_not_an_internal_error(three):
    db = connection.open_counter_db(three)
    for i in range(300):
        take_recharge(db, cashier_id=CASHIER, consumer_no=f"{8000000000 + i}", amount_paise=100_00)
    db.close()
    proc = subprocess.Popen([sys.executable, "-m", "counter_app", "--data-dir", str(three), "list", "--json"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.read(100)   # what 'head -c 100' reads, then it goes away
    proc.stdout.close()
    err = proc.stderr.read().decode()
    proc.stderr.close()
    proc.wait(timeout=60)
    assert "internal error" not in err and "Traceback" not in err and "BrokenPipe" not in err, err


# -- item 11: a full disk under the log file ---------------------------------------
@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (Linux) to fill a disk on demand")
def test_a_full_disk_under_the_log_says_once_that_logging_is_off(three):
    log_file = paths.log_dir(three) / "counter-app.log"
    log_file.unlink(missing_ok=True)
    log_file.symlink_to("/dev/full")   # every write: ENOSPC, as on a full disk
    from counter_app import logsetup

    logsetup._configured = None
    res = recharge(three, amount="5")  # refused (and logged): the log cannot be written
    assert res.code == 1 and "smallest recharge" in res.err
    assert "Logging error" not in res.err and "Traceback" not in res.err
    assert res.err.count("logging is off") == 1, res.err
    logsetup._configured = None


# -- item 10: one sync at a time per data folder -----------------------------------
def test_a_second_sync_says_who_is_syncing_and_exits_1(three):
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sys, time; from pathlib import Path; from counter_app import sync_lock\n"
        "with sync_lock.holding(Path(sys.argv[1])):\n    print('held', flush=True); time.sleep(30)\n"), str(three)],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        res = run_cli("sync", data_dir=three)
        assert res.code == 1 and f"a sync is already running (process {holder.pid})" in res.err, res.err
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()
    with sync_lock.holding(three):   # the OS dropped the dead process's lock
        pass


def test_the_sync_lock_file_names_the_holder(tmp_path):
    with sync_lock.holding(tmp_path):
        assert (tmp_path / sync_lock.LOCK_FILE).read_text() == str(os.getpid())
        with pytest.raises(sync_lock.SyncBusy, match=f"process {os.getpid()}"):
            with sync_lock.holding(tmp_path):
                pass



# -- the OS keyring, where one is usable -------------------------------------------
def test_with_a_usable_keyring_the_secrets_go_there_and_no_file_holds_them(tmp_path, monkeypatch):
    """A keyring backend of the ``keyring`` package's own kind (in memory here: this PC has none)."""
    import keyring
    from keyring.backend import KeyringBackend

    class MemoryKeyring(KeyringBackend):
        priority = 5
        store: dict = {}

        def set_password(self, service, username, password):
            self.store[(service, username)] = password

        def get_password(self, service, username):
            return self.store.get((service, username))

        def delete_password(self, service, username):
            self.store.pop((service, username), None)

    before = keyring.get_keyring()
    monkeypatch.delenv(keystore.ENV_KEYRING, raising=False)
    keyring.set_keyring(MemoryKeyring())
    try:
        data = tmp_path / "kr"
        res = run_cli("setup", "--counter-id", "MNG-09", "--server", "http://127.0.0.1:9", "--token-stdin",
                      stdin="tok-in-keyring\n", data_dir=data)
        assert res.code == 0, res.err
        assert keystore.where(data) == "keyring"
        assert not (data / keystore.KEY_FILE).exists() and not (data / keystore.TOKEN_FILE).exists()
        assert "tok-in-keyring" in MemoryKeyring.store.values()
        keystore.forget_cache()
        assert keystore.get(data, "token") == "tok-in-keyring" and "PRIVATE KEY" in keystore.get(data, "key")
        assert recharge_in(data).code == 0 and run_cli("verify", data_dir=data).code == 0
    finally:
        keyring.set_keyring(before)
        keystore.forget_cache()


def recharge_in(data):
    run_cli("user", "add", "--id", CASHIER, "--name", "Asha", "--role", "cashier", "--pin-stdin", stdin=PIN,
            data_dir=data)
    run_cli("shift", "open", "--cashier", CASHIER, "--float", "100", "--pin-stdin", stdin=PIN, data_dir=data)
    return recharge(data)
