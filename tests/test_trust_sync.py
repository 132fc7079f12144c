"""Issue 12, the counter's side against the real server over HTTP: "confirmed" is the server's signed word.

Two real counters with their own tokens and keys; the server signs each result
(evidence + server_sig) and each batch's journal_ack with its own key, which
the counters pinned at setup.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from counter_app import clock, counter, inspection, keystore, outbox, settings, transport, verify
from counter_app.sync import SyncClient
from tests.core_fixtures import delete_last_recharge, run_cli
from tests.server_fixture import ServerThread, consumer_numbers, forge_item, ledger, take

API = "/api/v1"


def post(server: ServerThread, token: str, items: list[dict]) -> list[dict]:
    answer = requests.post(f"{server.url}{API}/recharges/batch", json={"items": items, "journal": []},
                           headers={"Authorization": f"Bearer {token}"}, timeout=10)
    assert answer.status_code == 200, answer.text
    return answer.json()["results"]


def state_of(db, txn_id: str) -> tuple:
    return db.execute("SELECT state, reject_reason, last_error FROM outbox WHERE txn_id = ?", [txn_id]).fetchone()


def send_and_lose_the_answer(db, server: ServerThread) -> None:
    """A sync whose answer never came back: the rows stay open (as after a crash or a timeout)."""
    me = counter.load(db)
    messages, others = outbox.next_signed(db, 100)
    body = json.dumps({"items": [json.loads(m.wire()) for m in messages], "journal": others}).encode()
    failure, _ = transport.post_batch(requests.Session(), transport.Endpoint(me.counter_id, me.server_url, me.token),
                                      body, (5.0, 10.0))
    assert failure is None


def test_a_void_from_another_counter_never_cancels_our_credit(server, counter_pair):
    """The issue's attack: MNG-02 voids MNG-01's pending Rs 200.50. MNG-01's row is confirmed only on a credit."""
    (db1, _, id1, _), (db2, token2, _, _) = counter_pair
    ours = take(db1, 1, amount_paise=200_50, consumer_no=consumer_numbers()[12])[0]
    fields = {"kind": "void", "ref_txn_id": ours.txn_id, "receipt_seq": ours.receipt_seq,
              "receipt_no": ours.receipt_no, "consumer_no": ours.consumer_no, "amount_paise": ours.amount_paise}
    post(server, token2, [forge_item(db2, **fields)])
    result = SyncClient(db1).sync_once(force=True)
    assert (result.accepted, result.disputed, result.error) == (1, 0, None)
    found = json.loads(db1.execute("SELECT evidence FROM outbox WHERE txn_id = ?", [ours.txn_id]).fetchone()[0])
    assert found["outcome"] == "credited" and found["amount_paise"] == 200_50 and found["counter_id"] == id1
    assert state_of(db1, ours.txn_id)[0] == "confirmed" and ledger(server, id1) == {ours.txn_id: 200_50}
    assert verify.run(db1) == []


def test_an_outcome_other_than_a_credit_is_disputed_listed_and_counted(server, counter_pair):
    """Whatever undid our credit (here: a void signed with our own key, not through our app), the counter
    does not say confirmed: it says disputed, with the server's words, in the supervisor's view and status."""
    (db1, token1, id1, _), _ = counter_pair
    ours = take(db1, 1, amount_paise=300_00, consumer_no=consumer_numbers()[13])[0]
    send_and_lose_the_answer(db1, server)                   # credited on the server, in flight here
    fields = {"kind": "void", "ref_txn_id": ours.txn_id, "receipt_seq": ours.receipt_seq,
              "receipt_no": ours.receipt_no, "consumer_no": ours.consumer_no, "amount_paise": ours.amount_paise}
    assert post(server, token1, [forge_item(db1, **fields)])[0]["status"] == "accepted"   # reversed there
    result = SyncClient(db1).sync_once(force=True)
    assert result.disputed == 1 and result.accepted == 0
    state, reason, words = state_of(db1, ours.txn_id)
    assert (state, reason) == ("disputed", "reversed") and "did not void it" in words
    status = inspection.status(db1)
    assert (status.disputed, status.disputed_paise, status.confirmed) == (1, 300_00, 0)
    listed = inspection.list_transactions(db1, status="supervisor")
    assert [r["txn_id"] for r in listed] == [ours.txn_id] and listed[0]["status"] == "disputed"
    assert verify.run(db1) == []                             # disputed is not a claim of credit
    assert SyncClient(db1).sync_once(force=True).sent == 0   # not sent again: it waits for a supervisor


def test_an_answer_not_signed_by_the_pinned_key_confirms_nothing(server, counter_pair):
    (db1, _, _, folder), _ = counter_pair
    other = Ed25519PrivateKey.generate().public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    keystore.pin_server_key(folder, other)                   # as if a fake server's key had been given
    taken = take(db1, 2)
    result = SyncClient(db1).sync_once(force=True)
    assert "not signed by the server key this counter pinned" in result.error
    assert result.accepted == 0 and result.sent == 0 and result.remaining == 2
    assert inspection.status(db1).confirmed == 0
    assert {state_of(db1, t.txn_id)[0] for t in taken} == {"pending"}   # sent again later


def test_setup_pins_the_server_key_and_sync_keeps_the_signed_journal_ack(server, tmp_path, no_faults):
    data = tmp_path / "via-cli"
    token = server.store.add_counter("MNG-77")
    res = run_cli("setup", "--counter-id", "MNG-77", "--server", server.url, "--token-stdin", "--json",
                  stdin=token + "\n", data_dir=data)
    assert res.code == 0, res.err
    assert json.loads(res.out)["server_key_pinned"] is True
    assert keystore.server_key_pem(data).strip() == server.key.public_key_pem.strip()
    pem_file = tmp_path / "server.pem"
    pem_file.write_text(server.key.public_key_pem)
    res = run_cli("setup", "--counter-id", "MNG-78", "--server", "http://127.0.0.1:9", "--server-key-file",
                  str(pem_file), data_dir=tmp_path / "by-it")
    assert res.code == 0 and keystore.server_key_pem(tmp_path / "by-it").strip() == server.key.public_key_pem.strip()
    bad = tmp_path / "bad.pem"
    bad.write_text("not a key")
    res = run_cli("setup", "--counter-id", "MNG-79", "--server", "http://127.0.0.1:9", "--server-key-file",
                  str(bad), data_dir=tmp_path / "bad")
    assert res.code == 1 and "not an Ed25519 public key" in res.err


def test_the_servers_signed_ack_witnesses_a_deleted_tail(server, counter_pair):
    (db1, _, id1, folder), _ = counter_pair
    take(db1, 3)
    assert SyncClient(db1).sync_once(force=True).accepted == 3
    ack = json.loads((folder / "journal-ack.json").read_text())
    assert ack["counter_id"] == id1 and ack["seq"] >= 3
    assert verify.run(db1) == []
    delete_last_recharge(folder)
    (folder / "journal-head.json").unlink()
    found = verify.run(db1)
    assert any("server's signed acknowledgement" in f and "truncated" in f for f in found), found


def test_a_wait_stored_while_the_clock_was_a_year_ahead_is_not_a_year(server, counter_pair, monkeypatch):
    (db1, _, _, _), _ = counter_pair
    take(db1, 1)
    real = clock.utc_now
    monkeypatch.setattr(clock, "utc_now", lambda: real() + dt.timedelta(days=365))
    db1.execute("UPDATE counter SET server_url = 'http://127.0.0.1:9'")   # the server is unreachable
    failed = SyncClient(db1).sync_once()
    assert failed.error and clock.parse_iso(failed.next_attempt_at) > real() + dt.timedelta(days=300)
    monkeypatch.setattr(clock, "utc_now", real)                           # IT puts the clock right
    db1.execute("UPDATE counter SET server_url = ?", [server.url])
    cap = dt.timedelta(seconds=settings.get(db1, "sync_backoff_cap_s"))
    waited = SyncClient(db1).sync_once()
    if waited.skipped:
        assert clock.parse_iso(waited.next_attempt_at) <= real() + cap + dt.timedelta(seconds=1)
    else:
        assert waited.accepted == 1
