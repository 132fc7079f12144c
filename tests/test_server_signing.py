"""Issue 12 item 4, server side: every result is signed evidence, in PROTOCOL.md's wire format."""

from __future__ import annotations

import hashlib
import os
import stat

import pytest
import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from counter_app import clock, counter, outbox, signing
from server.server_key import ServerKeyError, load_or_create
from tests.server_fixture import BOTH_STORES, ServerThread, consumer_numbers, queue_void, take

SERVER_STORES = BOTH_STORES  # every test here runs on SQLite and on PostgreSQL

API = "/api/v1"
EVIDENCE_KEYS = {"counter_id", "txn_id", "kind", "amount_paise", "outcome", "server_ref", "at"}


def server_public_key(server: ServerThread):
    answer = requests.get(f"{server.url}{API}/server-key", timeout=5)  # no token: it is public
    assert answer.status_code == 200
    body = answer.json()
    key = signing.load_public_key(body["public_key_pem"])
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    assert body["key_id"] == hashlib.sha256(raw).hexdigest()[:16]
    return key


def claim(db) -> tuple[list[dict], list[dict]]:
    """The counter's open messages, signed, and the journal between them, as the client sends them."""
    me = counter.load(db)
    messages, others = outbox.next_due(db, 1000)
    for message in messages:
        message["signature"] = signing.sign_object(me.private_key(), message)
    return messages, others


def post(server: ServerThread, token: str, items: list[dict], others: list[dict] = ()) -> dict:
    answer = requests.post(f"{server.url}{API}/recharges/batch", json={"items": items, "journal": list(others)},
                           headers={"Authorization": f"Bearer {token}"}, timeout=10)
    assert answer.status_code == 200, answer.text
    return answer.json()


def send(server: ServerThread, token: str, db) -> tuple[dict, list[dict]]:
    """Send every open message and apply the answers at the counter, as a sync does."""
    messages, others = claim(db)
    answer = post(server, token, messages, others)
    outbox.apply_batch_results(db, messages, answer["results"], now=clock.now_iso(), server_time=None,
                               offset_s=None)
    return answer, messages


def check_signed(key, result: dict) -> dict:
    evidence = result["evidence"]
    assert set(evidence) == EVIDENCE_KEYS
    assert signing.verify_object(key, evidence, result["server_sig"])
    return evidence


def test_the_server_key_is_public_owner_only_and_survives_a_restart(server):
    key = server_public_key(server)
    path = server.data_dir / "server-key.pem"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    again = load_or_create(path)
    assert again.public_key_pem == key.public_bytes(serialization.Encoding.PEM,
                                                    serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    assert "PRIVATE" not in repr(again)


def test_a_key_file_others_can_read_is_refused(tmp_path):
    path = tmp_path / "server-key.pem"
    load_or_create(path)
    os.chmod(path, 0o644)
    with pytest.raises(ServerKeyError, match="chmod 600"):
        load_or_create(path)


def test_each_result_carries_signed_evidence_and_the_journal_head(server, registered):
    db, token, counter_id = registered
    key = server_public_key(server)
    taken = take(db, 2, amount_paise=200_50)
    answer, _ = send(server, token, db)
    for result, t in zip(answer["results"], taken):
        assert result["status"] == "accepted" and result["server_ref"]  # today's keys stay
        evidence = check_signed(key, result)
        assert evidence == {"counter_id": counter_id, "txn_id": t.txn_id, "kind": "recharge",
                            "amount_paise": t.amount_paise, "outcome": "credited",
                            "server_ref": result["server_ref"], "at": evidence["at"]}
        assert clock.parse_iso(evidence["at"])
    ack = answer["journal_ack"]
    assert set(ack) == {"counter_id", "seq", "hash", "at"} and ack["counter_id"] == counter_id
    assert signing.verify_object(key, ack, answer["journal_ack_sig"])
    head = db.execute("SELECT seq, hash FROM journal WHERE seq = ?", [taken[-1].journal_seq]).fetchone()
    assert (ack["seq"], ack["hash"]) == tuple(head)  # the whole chain up to the last item is held
    forged = dict(result["evidence"], amount_paise=99_999_00)
    assert not signing.verify_object(key, forged, result["server_sig"])


def test_outcomes_of_voids_and_rejections(server, registered):
    db, token, counter_id = registered
    key = server_public_key(server)
    taken = take(db, 1, amount_paise=150_00, consumer_no=consumer_numbers(30)[21])
    _, (first,) = send(server, token, db)
    queue_void(db, taken[0])
    void = check_signed(key, send(server, token, db)[0]["results"][0])
    assert (void["kind"], void["outcome"], void["amount_paise"]) == ("void", "void_applied", 150_00)
    # The recharge resent: a duplicate, whose evidence now says reversed (credited, then taken back).
    again = post(server, token, [first])["results"][0]
    assert again["status"] == "duplicate" and check_signed(key, again)["outcome"] == "reversed"
    stranger = take(db, 1, consumer_no="999999999999", amount_paise=75_00)[0]
    rejected = check_signed(key, send(server, token, db)[0]["results"][0])
    assert rejected == {"counter_id": counter_id, "txn_id": stranger.txn_id, "kind": "recharge",
                        "amount_paise": 75_00, "outcome": "rejected", "server_ref": None, "at": rejected["at"]}


def test_a_void_that_came_first_signs_void_waiting_then_voided(server, registered):
    db, token, _ = registered
    key = server_public_key(server)
    taken = take(db, 1, consumer_no=consumer_numbers(30)[22])
    queue_void(db, taken[0])
    (recharge_item, void_item), others = claim(db)
    # The void first, with the chain between (so the server holds its recharge's journal entry).
    answer = post(server, token, [void_item], [*others, recharge_item["journal"]])
    assert check_signed(key, answer["results"][0])["outcome"] == "void_waiting"
    late = post(server, token, [recharge_item])["results"][0]
    assert check_signed(key, late)["outcome"] == "voided"


def test_a_bad_signature_is_a_signed_rejection(server, registered):
    db, token, _ = registered
    key = server_public_key(server)
    take(db, 1)
    messages, others = claim(db)
    messages[0]["signature"] = signing.sign_object(Ed25519PrivateKey.generate(), messages[0])
    result = post(server, token, messages, others)["results"][0]
    assert result["reason"] == "bad_signature"
    assert check_signed(key, result)["outcome"] == "rejected"


def test_asking_about_one_transaction_gives_signed_evidence_too(server, registered):
    """A counter that settles a lost answer by asking (GET /recharges/{txn_id}) gets the same evidence."""
    db, token, counter_id = registered
    key = server_public_key(server)
    taken = take(db, 1, amount_paise=99_00)[0]
    answer, _ = send(server, token, db)
    info = requests.get(f"{server.url}{API}/recharges/{taken.txn_id}", headers={"Authorization": f"Bearer {token}"},
                        timeout=5).json()
    assert info["status"] == "credited"  # today's keys stay
    evidence = check_signed(key, info)
    assert {k: v for k, v in evidence.items() if k != "at"} == {
        k: v for k, v in answer["results"][0]["evidence"].items() if k != "at"}
