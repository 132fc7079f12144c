"""The transfer file: exported at the counter, imported at the office, then synced: nothing twice."""

import io
import json
import contextlib

import pytest

from counter_app import transfer, users, voids
from counter_app.sync import SyncClient
from server.cli import main as server_main
from tests.server_fixture import BOTH_STORES, ServerThread, database_for, new_counter, take

SERVER_STORES = BOTH_STORES  # every test here runs on SQLite and on PostgreSQL


@pytest.fixture
def office(tmp_path, request, store_kind):
    running = ServerThread(tmp_path / "server-data", database=database_for(request, store_kind))
    yield running, running.cli_args
    running.stop()


def server_cli(store_args, *args):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = server_main([*store_args, *args])
    return code, out.getvalue(), err.getvalue()


def test_round_trip_then_online_sync_is_all_duplicates(office, counter_template, tmp_path):
    server, server_dir = office
    db, _ = new_counter(counter_template, tmp_path / "c", server)
    try:
        assert SyncClient(db).register_key() is None
        users.add(db, user_id="sup", name="Sunita", role="supervisor", pin="9876")
        taken = take(db, 5, amount_paise=300_00)
        voids.void_recharge(db, taken[2].receipt_no, supervisor_id="sup", reason="wrong_amount")
        out = tmp_path / "usb" / "queue.json"
        done = transfer.export_queue(db, out)
        assert done["count"] == 6  # five recharges and the void
        counter_id = done["counter_id"]
        # rows stay open at the counter until the server's word comes back by sync
        assert db.execute("SELECT COUNT(*) FROM outbox WHERE state = 'pending'").fetchone()[0] == 6

        code, stdout, stderr = server_cli(server_dir, "import", str(out), "--json")
        assert code == 0, stderr
        report = json.loads(stdout)
        assert (report["accepted"], report["duplicate"], report["rejected"]) == (6, 0, 0)
        ledger = {r["txn_id"]: r for r in server.store.ledger(counter_id)}
        assert len(ledger) == 5 and ledger[taken[2].txn_id]["voided"]

        # importing the same file again changes nothing
        code, stdout, _ = server_cli(server_dir, "import", str(out), "--json")
        assert json.loads(stdout)["duplicate"] == 6

        result = SyncClient(db).sync_once(force=True)
        assert (result.accepted, result.duplicate, result.rejected, result.remaining) == (0, 6, 0, 0)
        after = {r["txn_id"]: r for r in server.store.ledger(counter_id)}
        assert after == ledger, "the online sync after the import credited nothing again"
        confirmed = dict(db.execute("SELECT txn_id, server_ref FROM outbox WHERE kind = 'recharge'").fetchall())
        assert all(confirmed[t] == ledger[t]["server_ref"] for t in ledger)
    finally:
        db.close()


def test_a_tampered_file_is_refused_whole(office, counter_template, tmp_path):
    server, server_dir = office
    db, _ = new_counter(counter_template, tmp_path / "c", server)
    try:
        assert SyncClient(db).register_key() is None
        take(db, 3, amount_paise=500_00)
        out = tmp_path / "queue.json"
        counter_id = transfer.export_queue(db, out)["counter_id"]
    finally:
        db.close()
    body = json.loads(out.read_text())
    body["items"][1]["amount_paise"] = 50_000_00  # one amount changed
    out.write_text(json.dumps(body))
    code, _, err = server_cli(server_dir, "import", str(out))
    assert code == 1 and "signature does not verify" in err
    assert server.store.ledger(counter_id) == []
    # a file that is not a transfer file, or of an unknown counter
    junk = tmp_path / "junk.json"
    junk.write_text("{not json")
    code, _, err = server_cli(server_dir, "import", str(junk))
    assert code == 1 and "not a transfer file" in err
    body["counter_id"] = "NOBODY-9"
    out.write_text(json.dumps(body))
    code, _, err = server_cli(server_dir, "import", str(out))
    assert code == 1 and "not registered" in err


def test_export_queue_cli_with_nothing_to_send(counter_template, tmp_path):
    from tests.core_fixtures import run_cli
    import shutil
    shutil.copytree(counter_template, tmp_path / "c")
    res = run_cli("export-queue", "--out", str(tmp_path / "q.json"), data_dir=tmp_path / "c")
    assert res.code == 1 and "Nothing is waiting" in res.err


def test_a_restored_counter_skips_numbers_the_server_already_has(office, counter_template, tmp_path):
    """Receipts synced after the last backup exist only on the server: never issue them again."""
    from counter_app import backup, backup_crypto, connection, restore, settings, verify
    from counter_app.recharge import take_recharge
    from tests.core_fixtures import run_cli

    server, _ = office
    db, _ = new_counter(counter_template, tmp_path / "c", server)
    backup_crypto.set_passphrase(tmp_path / "c", "monsoon-ledger-42")
    settings.change(db, "restore_receipt_gap", 0)  # only the server's word protects here
    take(db, 2)
    made = backup.make_backup(db, tmp_path / "c", to=tmp_path / "usb")
    take(db, 3, start=10)  # issued after the backup, then synced
    assert SyncClient(db).sync_once(force=True).remaining == 0
    db.close()
    res = run_cli("restore", str(made.path), "--passphrase-stdin", "--json", stdin="monsoon-ledger-42\n",
                  data_dir=tmp_path / "new-pc")
    assert res.code == 0, res.err
    out = json.loads(res.out)
    assert out["server_last_receipt_seq"] == 5 and out["next_receipt_seq"] == 6
    db = connection.open_counter_db(tmp_path / "new-pc")
    try:
        taken = take_recharge(db, cashier_id="asha", consumer_no=taken_consumer(), amount_paise=100_00)
        assert taken.receipt_seq == 6
        assert verify.run(db) == []
    finally:
        db.close()
    # with the server unreachable, the answer is None and the gap alone protects
    other = tmp_path / "unreachable"
    restore.restore(other, made.path, passphrase="monsoon-ledger-42")
    run_cli("setup", "--counter-id", out["counter_id"], "--server", "http://127.0.0.1:9", data_dir=other)
    assert restore.raise_floor_from_server(other) is None


def taken_consumer():
    from tests.server_fixture import consumer_numbers
    return consumer_numbers(1)[0]
