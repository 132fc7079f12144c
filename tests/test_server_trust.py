"""Issue 12, server side: what one counter (with its own valid token and key) can do to another's money.

Two real counters, MNG-01 and MNG-02 style, each with its own token and key,
talk to the real server over HTTP. MNG-02 is the attacker: it signs whatever it
likes with its own key (see ``forge_item``).
"""

from __future__ import annotations

import dataclasses
import time
import uuid

import pytest
import requests

from counter_app import clock
from counter_app import journal as chain
from counter_app.storage import write_transaction
from counter_app.sync import SyncClient
from tests.server_fixture import BOTH_STORES, ServerThread, consumer_numbers, forge_item, ledger, take

SERVER_STORES = BOTH_STORES  # every test here runs on SQLite and on PostgreSQL

API = "/api/v1"
MAX_JUMP = 100_000  # the server's default max_receipt_jump, as the issue gives it


def post(server: ServerThread, token: str, items: list[dict], entries=()) -> list[dict]:
    answer = requests.post(f"{server.url}{API}/recharges/batch", json={"items": items, "journal": list(entries)},
                           headers={"Authorization": f"Bearer {token}"}, timeout=10)
    assert answer.status_code == 200, answer.text
    return answer.json()["results"]


def balance(server: ServerThread, consumer_no: str) -> int:
    return server.store.get_consumer(consumer_no)["balance_paise"]


def audit_of(server: ServerThread, counter_id: str) -> dict:
    return {c["counter_id"]: c for c in server.store.audit()["counters"]}[counter_id]


@pytest.fixture
def two(counter_pair):
    """MNG-01 (the victim) and MNG-02 (the attacker), both registered with their own keys: (db, token, id)."""
    return [(db, token, counter_id) for db, token, counter_id, _ in counter_pair]


def test_a_counter_cannot_void_another_counters_pending_recharge(server, two):
    (db1, _, id1), (db2, token2, id2) = two
    victim = take(db1, 1, amount_paise=200_50, consumer_no=consumer_numbers()[11])[0]  # not synced yet
    before = balance(server, victim.consumer_no)
    fields = {"kind": "void", "ref_txn_id": victim.txn_id, "receipt_seq": victim.receipt_seq,
              "receipt_no": victim.receipt_no, "consumer_no": victim.consumer_no, "amount_paise": victim.amount_paise}
    # A well-formed void in MNG-02's own chain, naming MNG-01's txn_id (printed on the customer's receipt).
    result = post(server, token2, [forge_item(db2, **fields)])[0]
    assert (result["status"], result["reason"]) == ("rejected", "conflict")
    assert audit_of(server, id2)["voids_waiting_for_recharge"] == []
    # The same with the made-up journal entry of the report: seq 999, prev_hash zeros.
    made_up = {"seq": 999, "at": clock.now_iso(), "kind": "void", "actor": "asha", "ref": victim.txn_id,
               "payload": "{}", "prev_hash": chain.GENESIS, "hash": "ab" * 32}
    result = post(server, token2, [forge_item(db2, **fields, entry=made_up)])[0]
    assert result["status"] == "rejected" and result["reason"] in ("conflict", "journal_mismatch")
    assert audit_of(server, id2)["journal_max_seq"] < 999
    # MNG-01 syncs: its Rs 200.50 is credited, not voided.
    synced = SyncClient(db1).sync_once(force=True)
    assert synced.accepted == 1 and synced.error is None
    assert ledger(server, id1) == {victim.txn_id: 200_50}
    assert not server.store.ledger(id1)[0]["voided"]
    assert balance(server, victim.consumer_no) == before + 200_50


def test_a_void_of_another_counters_credited_recharge_is_a_conflict(server, two):
    (db1, _, id1), (db2, token2, _) = two
    victim = take(db1, 1, amount_paise=120_00, consumer_no=consumer_numbers()[12])[0]
    assert SyncClient(db1).sync_once(force=True).accepted == 1
    after = balance(server, victim.consumer_no)
    result = post(server, token2, [forge_item(db2, kind="void", ref_txn_id=victim.txn_id,
                                              receipt_seq=victim.receipt_seq, receipt_no=victim.receipt_no,
                                              consumer_no=victim.consumer_no, amount_paise=victim.amount_paise)])[0]
    assert (result["status"], result["reason"]) == ("rejected", "conflict")
    assert balance(server, victim.consumer_no) == after
    assert not server.store.ledger(id1)[0]["voided"]


def test_a_txn_id_squat_leaves_both_counters_transactions_standing(server, two):
    (db1, _, id1), (db2, token2, id2) = two
    victim = take(db1, 1, amount_paise=300_00, consumer_no=consumer_numbers()[13])[0]  # pending on MNG-01
    own = consumer_numbers()[14]
    before_victim, before_own = balance(server, victim.consumer_no), balance(server, own)
    squat = post(server, token2, [forge_item(db2, txn_id=victim.txn_id, consumer_no=own, amount_paise=50_00)])[0]
    assert squat["status"] == "accepted"  # MNG-02's own transaction, on its own consumer
    synced = SyncClient(db1).sync_once(force=True)
    assert (synced.accepted, synced.rejected) == (1, 0)
    assert ledger(server, id1) == {victim.txn_id: 300_00}
    assert ledger(server, id2) == {victim.txn_id: 50_00}
    assert balance(server, victim.consumer_no) == before_victim + 300_00
    assert balance(server, own) == before_own + 50_00
    # Each counter asks about "its" txn_id and hears about its own.
    for token, amount in ((two[0][1], 300_00), (token2, 50_00)):
        info = requests.get(f"{server.url}{API}/recharges/{victim.txn_id}",
                            headers={"Authorization": f"Bearer {token}"}, timeout=5).json()
        assert info["amount_paise"] == amount


def test_a_made_up_journal_entry_is_refused_and_not_kept(server, two):
    (_, _, _), (db2, token2, id2) = two
    honest = take(db2, 1)[0]
    assert SyncClient(db2).sync_once(force=True).accepted == 1  # the server holds MNG-02's chain so far
    held = audit_of(server, id2)["journal_max_seq"]
    made_up = {"seq": 999, "at": clock.now_iso(), "kind": "recharge", "actor": "asha", "ref": None,
               "payload": "{}", "prev_hash": chain.GENESIS, "hash": "cd" * 32}
    txn = str(uuid.uuid4())
    result = post(server, token2, [forge_item(db2, txn_id=txn, entry={**made_up, "ref": txn})])[0]
    assert (result["status"], result["reason"]) == ("rejected", "journal_mismatch")
    # Even with a hash that matches its content, an entry 999 cannot start the chain.
    digest = chain.entry_hash(999, made_up["at"], "recharge", "asha", txn, "{}", chain.GENESIS)
    result = post(server, token2, [forge_item(db2, txn_id=txn, entry={**made_up, "ref": txn, "hash": digest})])[0]
    assert (result["status"], result["reason"]) == ("rejected", "journal_mismatch")
    assert "start the chain" in result["message"]
    # An entry that does not follow the one the server holds before it is refused too.
    last_seq = audit_of(server, id2)["journal_max_seq"]
    digest = chain.entry_hash(last_seq + 1, made_up["at"], "recharge", "asha", txn, "{}", "ef" * 32)
    bad_link = {**made_up, "seq": last_seq + 1, "ref": txn, "prev_hash": "ef" * 32, "hash": digest}
    result = post(server, token2, [forge_item(db2, txn_id=txn, entry=bad_link)])[0]
    assert (result["status"], result["reason"]) == ("rejected", "journal_mismatch")
    assert "does not follow" in result["message"]
    assert audit_of(server, id2)["journal_max_seq"] == held == last_seq
    assert audit_of(server, id2)["chain_findings"] == []
    assert ledger(server, id2) == {honest.txn_id: honest.amount_paise}


def test_journal_rejection_messages_read_as_sentences(server, two):
    (_, _, _), (db2, token2, _) = two
    item = forge_item(db2)
    wrong = forge_item(db2, entry={**item["journal"]}, txn_id=str(uuid.uuid4()))  # another item's entry
    result = post(server, token2, [wrong])[0]
    assert result["reason"] == "journal_mismatch"
    assert "its its" not in result["message"] and "The transaction's its" not in result["message"]
    assert result["message"] == "The transaction's journal entry is not this recharge's."


def test_a_reused_receipt_number_with_another_txn_id_is_a_conflict(server, two):
    (db1, token1, id1), _ = two
    first = take(db1, 1)[0]
    assert SyncClient(db1).sync_once(force=True).accepted == 1
    again = post(server, token1, [forge_item(db1, receipt_seq=first.receipt_seq, receipt_no=first.receipt_no)])[0]
    assert (again["status"], again["reason"]) == ("rejected", "conflict")
    assert "Receipt number" in again["message"]
    assert ledger(server, id1) == {first.txn_id: first.amount_paise}


def test_a_reused_receipt_number_is_found_in_a_batch_whose_numbers_are_far_apart(server, two):
    """PostgreSQL reads a batch's receipt numbers as one range unless they are spread out; both ways find it."""
    (db1, token1, id1), _ = two
    first = take(db1, 1)[0]
    assert SyncClient(db1).sync_once(force=True).accepted == 1
    reused = forge_item(db1, receipt_seq=first.receipt_seq, receipt_no=first.receipt_no)
    far = forge_item(db1, receipt_seq=first.receipt_seq + 40)
    results = post(server, token1, [reused, far])
    assert [(r["status"], r.get("reason")) for r in results] == [("rejected", "conflict"), ("accepted", None)]
    assert ledger(server, id1) == {first.txn_id: first.amount_paise, far["txn_id"]: far["amount_paise"]}


def test_an_entry_following_the_head_links_in_a_batch_whose_entries_are_far_apart(server, two):
    """The entries a batch needs are read as one range unless spread out; spread out, the held one is found too."""
    (db1, token1, _), _ = two
    take(db1, 1)
    assert SyncClient(db1).sync_once(force=True).accepted == 1
    follows = forge_item(db1)  # the entry right after the server's head
    with write_transaction(db1):  # entries the server never gets, so the next item's entry is far past
        for n in range(40):
            chain.append(db1, "note", {"n": n}, actor="bench")
    far = forge_item(db1)
    answer = requests.post(f"{server.url}{API}/recharges/batch", json={"items": [follows, far], "journal": []},
                           headers={"Authorization": f"Bearer {token1}"}, timeout=10).json()
    assert [r["status"] for r in answer["results"]] == ["accepted", "accepted"]
    assert answer["journal_ack"]["seq"] == follows["journal"]["seq"]  # linked to the held head, not a gap


def test_an_impossible_timestamp_is_refused_as_invalid(server, two):
    (db1, token1, id1), _ = two
    result = post(server, token1, [forge_item(db1, created_at="2026-13-45T99:99:99Z")])[0]
    assert (result["status"], result["reason"]) == ("rejected", "invalid")
    assert "created_at" in result["message"]
    assert ledger(server, id1) == {}


def test_a_timestamp_outside_the_clock_window_is_credited_and_flagged(server, two):
    (db1, token1, id1), _ = two
    ahead = clock.to_iso(clock.utc_now() + __import__("datetime").timedelta(days=2))
    item = forge_item(db1, created_at=ahead)
    result = post(server, token1, [item])[0]
    assert result["status"] == "accepted"  # never refuse money for a clock
    report = audit_of(server, id1)
    assert not report["ok"] and len(report["clock_findings"]) == 1
    assert item["txn_id"] in report["clock_findings"][0] and "ahead" in report["clock_findings"][0]


def test_a_receipt_number_far_past_the_last_is_refused_and_not_remembered(server, two):
    (db1, token1, id1), _ = two
    take(db1, 2)
    assert SyncClient(db1).sync_once(force=True).accepted == 2
    me = {"Authorization": f"Bearer {token1}"}
    last = requests.get(f"{server.url}{API}/counters/me", headers=me, timeout=5).json()["last_receipt_seq"]
    result = post(server, token1, [forge_item(db1, receipt_seq=last + MAX_JUMP + 1)])[0]
    assert (result["status"], result["reason"]) == ("rejected", "invalid")
    assert "100,000" in result["message"]
    # A restored counter asking where to continue is not sent to the made-up number.
    assert requests.get(f"{server.url}{API}/counters/me", headers=me, timeout=5).json()["last_receipt_seq"] == last
    near = post(server, token1, [forge_item(db1, receipt_seq=last + MAX_JUMP)])[0]
    assert near["status"] == "accepted"


def test_audit_of_a_huge_receipt_gap_is_fast_and_gives_ranges(server, two, monkeypatch):
    (db1, token1, id1), _ = two
    monkeypatch.setattr(server.store, "rules", dataclasses.replace(server.store.rules, max_receipt_jump=10**13))
    take(db1, 1)
    assert SyncClient(db1).sync_once(force=True).accepted == 1
    assert post(server, token1, [forge_item(db1, receipt_seq=10**12)])[0]["status"] == "accepted"
    started = time.perf_counter()
    report = audit_of(server, id1)
    assert time.perf_counter() - started < 2.0
    assert report["receipt_gaps"] == [f"2..{10**12 - 1}"]
    assert report["receipt_numbers_missing"] == 10**12 - 2 and report["last_receipt_seq"] == 10**12


def test_counters_me_never_sends_a_restored_counter_to_an_absurd_number(server, two):
    """Numbers held from before the checks (a made-up 10**12 kept by the old server) are not "the last"."""
    (db1, token1, id1), _ = two
    take(db1, 3)
    assert SyncClient(db1).sync_once(force=True).accepted == 3
    last = db1.execute("SELECT MAX(receipt_seq) FROM recharges").fetchone()[0]
    # As the old server left it: a rejection recorded with the made-up number.
    server.sql("INSERT INTO rejections (counter_id, txn_id, receipt_seq, reason, at) VALUES (?, ?, ?, ?, ?)",
               [id1, str(uuid.uuid4()), 10**12, "unknown_consumer", clock.now_iso()])
    me = requests.get(f"{server.url}{API}/counters/me", headers={"Authorization": f"Bearer {token1}"},
                      timeout=5).json()
    assert me["last_receipt_seq"] == last


def test_a_chain_arriving_mid_life_is_held_as_a_gap_not_refused(server, two):
    """A counter new to this server sends its chain from where it is: its money is credited, the gap audited."""
    (db1, token1, id1), _ = two
    txn, at = str(uuid.uuid4()), clock.now_iso()
    payload = '{"txn_id":"%s"}' % txn
    digest = chain.entry_hash(250_000, at, "recharge", "asha", txn, payload, "ab" * 32)
    entry = {"seq": 250_000, "at": at, "kind": "recharge", "actor": "asha", "ref": txn, "payload": payload,
             "prev_hash": "ab" * 32, "hash": digest}
    result = post(server, token1, [forge_item(db1, txn_id=txn, entry=entry, receipt_seq=1)])[0]
    assert result["status"] == "accepted"
    report = audit_of(server, id1)
    assert report["journal_max_seq"] == 250_000 and "gap: journal entries 1..249999 not received" in \
        report["chain_findings"]
