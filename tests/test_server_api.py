"""The server's API over real HTTP: auth, signatures, idempotency, voids, directory, audit, admin."""

from __future__ import annotations

import copy
import dataclasses

import requests
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from counter_app import canonical, clock, counter, journal, outbox, signing
from counter_app.sync import SyncClient
from tests.server_fixture import (
    BOTH_STORES, ADMIN_TOKEN, ServerThread, consumer_numbers, ledger, new_counter, queue_void, take,
)

SERVER_STORES = BOTH_STORES  # every test here runs on SQLite and on PostgreSQL

API = "/api/v1"


def post_batch(server: ServerThread, token: str | None, items: list[dict], journal_entries=()) -> requests.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return requests.post(f"{server.url}{API}/recharges/batch", json={"items": items, "journal": list(journal_entries)},
                         headers=headers, timeout=10)


def signed(db, key=None) -> list[dict]:
    """The counter's open messages, claimed and signed as the sync client would send them."""
    me = counter.load(db)
    messages, _ = outbox.next_due(db, 1000)
    for message in messages:
        message["signature"] = signing.sign_object(key or me.private_key(), message)
    return messages


def post_and_apply(server: ServerThread, token: str, db, items: list[dict]) -> list[dict]:
    """Post, then apply the answers to the outbox as the client would."""
    results = post_batch(server, token, items).json()["results"]
    outbox.apply_batch_results(db, items, results, now=clock.now_iso(), server_time=None, offset_s=None)
    return results


def resign(message: dict, db) -> dict:
    unsigned = {k: v for k, v in message.items() if k != "signature"}
    return {**unsigned, "signature": signing.sign_object(counter.load(db).private_key(), unsigned)}


def balance(server: ServerThread, consumer_no: str) -> int:
    return server.store.get_consumer(consumer_no)["balance_paise"]


def test_health_and_openapi_describe_every_endpoint(server):
    health = requests.get(f"{server.url}{API}/health", timeout=5).json()
    assert health["status"] == "ok" and clock.parse_iso(health["server_time"])
    paths = requests.get(f"{server.url}/openapi.json", timeout=5).json()["paths"]
    ready = requests.get(f"{server.url}{API}/ready", timeout=5)
    assert ready.status_code == 200 and ready.json()["status"] == "ready"
    for path in ("/api/v1/health", "/api/v1/ready", "/api/v1/recharges/batch", "/api/v1/recharges/{txn_id}", "/api/v1/consumers",
                 "/api/v1/consumers/{consumer_no}", "/api/v1/counters/me/key", "/api/v1/admin/faults"):
        assert path in paths


def test_accepted_then_duplicate_with_the_same_server_ref(server, registered):
    db, token, counter_id = registered
    taken = take(db, 3)
    before = balance(server, taken[0].consumer_no)
    items = signed(db)
    first = post_batch(server, token, items).json()["results"]
    assert [r["status"] for r in first] == ["accepted"] * 3
    assert balance(server, taken[0].consumer_no) == before + taken[0].amount_paise
    again = post_batch(server, token, items).json()["results"]
    assert [r["status"] for r in again] == ["duplicate"] * 3
    assert [r["server_ref"] for r in again] == [r["server_ref"] for r in first]
    assert balance(server, taken[0].consumer_no) == before + taken[0].amount_paise
    info = requests.get(f"{server.url}{API}/recharges/{taken[1].txn_id}",
                        headers={"Authorization": f"Bearer {token}"}, timeout=5).json()
    assert info["status"] == "credited" and info["server_ref"] == first[1]["server_ref"]
    assert set(ledger(server, counter_id)) == {t.txn_id for t in taken}


def test_wrong_token_missing_token_and_another_counters_token_credit_nothing(server, registered, counter_template,
                                                                           tmp_path):
    db, token, counter_id = registered
    take(db, 2)
    items = signed(db)
    other_db, other_token = new_counter(counter_template, tmp_path / "other", server)
    for bad in (None, "not-a-token", token + "x"):
        answer = post_batch(server, bad, items)
        assert answer.status_code == 401 and answer.json()["error"] == "unauthorized"
    answer = post_batch(server, other_token, items)
    assert answer.status_code == 403 and answer.json()["error"] == "wrong_counter"
    assert ledger(server, counter_id) == {}
    info = requests.get(f"{server.url}{API}/recharges/{items[0]['txn_id']}",
                        headers={"Authorization": f"Bearer {other_token}"}, timeout=5)
    assert info.status_code == 404
    other_db.close()


def test_forged_and_tampered_signatures_are_refused(server, registered):
    db, token, counter_id = registered
    taken = take(db, 3)
    before = balance(server, taken[0].consumer_no)
    forged = signed(db, key=Ed25519PrivateKey.generate())
    tampered = copy.deepcopy(signed(db))
    tampered[1]["amount_paise"] += 100_000  # signature no longer matches
    results = post_batch(server, token, [forged[0], tampered[1]]).json()["results"]
    assert [(r["status"], r["reason"]) for r in results] == [("rejected", "bad_signature")] * 2
    assert ledger(server, counter_id) == {}
    assert balance(server, taken[0].consumer_no) == before


def test_replayed_txn_with_changed_amount_is_a_conflict(server, registered):
    db, token, counter_id = registered
    taken = take(db, 1)
    items = signed(db)
    assert post_batch(server, token, items).json()["results"][0]["status"] == "accepted"
    after = balance(server, taken[0].consumer_no)
    replay = copy.deepcopy(items[0])
    replay["amount_paise"] *= 10
    result = post_batch(server, token, [resign(replay, db)]).json()["results"][0]
    assert (result["status"], result["reason"]) == ("rejected", "conflict")
    assert ledger(server, counter_id) == {taken[0].txn_id: taken[0].amount_paise}
    assert balance(server, taken[0].consumer_no) == after


def test_a_rejected_item_stops_nothing_else(server, registered, monkeypatch):
    db, token, counter_id = registered
    good = take(db, 1)
    stranger = take(db, 1, consumer_no="999999999999")  # a valid number the server does not know
    good += take(db, 1, start=5)
    good += take(db, 1, start=6, amount_paise=900_00)
    monkeypatch.setattr(server.store, "rules", dataclasses.replace(server.store.rules, max_amount_paise=500_00))
    items = signed(db)
    results = post_batch(server, token, [items[0], items[1], items[3], items[2]]).json()["results"]
    assert results[3]["status"] == "accepted"
    results = results[:3]
    assert [r["status"] for r in results] == ["accepted", "rejected", "rejected"]
    assert results[1]["reason"] == "unknown_consumer" and results[2]["reason"] == "invalid_amount"
    assert set(ledger(server, counter_id)) == {good[0].txn_id, good[1].txn_id}
    assert stranger[0].txn_id not in ledger(server, counter_id)


def test_void_after_credit_reverses_it(server, registered):
    db, token, counter_id = registered
    taken = take(db, 2, consumer_no=consumer_numbers()[7])
    before = balance(server, taken[0].consumer_no)
    post_and_apply(server, token, db, signed(db))
    void_id = queue_void(db, taken[0])
    items = signed(db)
    result = post_and_apply(server, token, db, items)[0]
    assert result["status"] == "accepted" and result["reversed"] is True
    assert balance(server, taken[0].consumer_no) == before + taken[1].amount_paise
    assert post_batch(server, token, items).json()["results"][0]["status"] == "duplicate"
    assert balance(server, taken[0].consumer_no) == before + taken[1].amount_paise
    row = {r["txn_id"]: r for r in server.store.ledger(counter_id)}[taken[0].txn_id]
    assert row["voided"] and row["reversed_at"] and row["void_txn_id"] == void_id
    # A second, different void of the same recharge (the app refuses to make one) is refused.
    queue_void(db, taken[0], bare=True)
    again = post_batch(server, token, signed(db)).json()["results"][0]
    assert (again["status"], again["reason"]) == ("rejected", "already_voided")
    assert balance(server, taken[0].consumer_no) == before + taken[1].amount_paise


def test_void_before_its_recharge_means_never_credited(server, registered):
    db, token, counter_id = registered
    taken = take(db, 1, consumer_no=consumer_numbers()[9])
    queue_void(db, taken[0])
    before = balance(server, taken[0].consumer_no)
    recharge_item, void_item = signed(db)
    # The recharge's journal entry has reached the server (the chain between items), the recharge not yet.
    first = post_batch(server, token, [void_item], [recharge_item["journal"]]).json()["results"][0]
    assert first["status"] == "accepted" and first["waiting_for_original"] is True
    assert server.store.audit()["counters"]  # the waiting void shows in the audit
    late = post_batch(server, token, [recharge_item]).json()["results"][0]
    assert late["status"] == "accepted" and late["voided"] is True
    assert balance(server, taken[0].consumer_no) == before
    row = server.store.ledger(counter_id)[0]
    assert row["voided"] and row["credited_at"] is None


def test_key_registration_is_idempotent_and_a_different_key_is_refused(server, registered):
    db, token, _ = registered
    me = counter.load(db)
    url, auth = f"{server.url}{API}/counters/me/key", {"Authorization": f"Bearer {token}"}
    again = requests.post(url, json={"public_key_pem": me.public_key_pem}, headers=auth, timeout=5)
    assert again.status_code == 200 and again.json()["already_registered"] is True
    other = Ed25519PrivateKey.generate().public_key()
    from cryptography.hazmat.primitives import serialization
    pem = other.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    refused = requests.post(url, json={"public_key_pem": pem}, headers=auth, timeout=5)
    assert refused.status_code == 409 and refused.json()["error"] == "key_conflict"


def test_a_batch_before_the_key_is_registered_is_refused_whole(server, counter_template, tmp_path, no_faults):
    db, token = new_counter(counter_template, tmp_path / "c", server)
    take(db, 1)
    answer = post_batch(server, token, signed(db))
    assert answer.status_code == 409 and answer.json()["error"] == "key_not_registered"
    db.close()


def test_consumer_directory_pages_and_lookup(server, registered):
    _, token, _ = registered
    auth = {"Authorization": f"Bearer {token}"}
    seen, since = [], "0"
    while True:
        page = requests.get(f"{server.url}{API}/consumers", params={"since": since, "limit": 128},
                            headers=auth, timeout=5).json()
        seen += page["consumers"]
        since = page["next_cursor"]
        if not page["more"]:
            break
    assert len({c["consumer_no"] for c in seen}) == len(seen) >= 300
    assert set(seen[0]) == {"consumer_no", "name", "meter_no", "subdivision", "balance_paise", "updated_at"}
    one = requests.get(f"{server.url}{API}/consumers/{seen[5]['consumer_no']}", headers=auth, timeout=5).json()
    assert one["name"] == seen[5]["name"]
    missing = requests.get(f"{server.url}{API}/consumers/123456789", headers=auth, timeout=5)
    assert missing.status_code == 404 and missing.json()["error"] == "unknown_consumer"
    assert requests.get(f"{server.url}{API}/consumers", timeout=5).status_code == 401


def test_an_edited_journal_entry_is_refused_and_the_audit_reports_the_gap(server, registered):
    db, token, counter_id = registered
    take(db, 3)
    first, second, third = signed(db)
    broken = copy.deepcopy(third)
    broken["journal"]["at"] = "2020-01-01T00:00:00.000000Z"  # no longer matches its hash
    results = post_batch(server, token, [first, resign(broken, db)]).json()["results"]
    assert [r["status"] for r in results] == ["accepted", "rejected"]
    assert results[1]["reason"] == "journal_mismatch" and "does not match its hash" in results[1]["message"]
    # The true third arrives without the second: kept, and held as a gap the audit reports.
    assert post_batch(server, token, [third]).json()["results"][0]["status"] == "accepted"
    report = {c["counter_id"]: c for c in server.store.audit()["counters"]}[counter_id]
    assert not report["ok"] and report["receipt_gaps"] == ["2"]
    assert f"gap: journal entry {second['journal']['seq']} not received" in report["chain_findings"]
    assert not any(f.startswith("break") for f in report["chain_findings"])


def test_the_full_journal_chain_arrives_with_the_client(server, registered):
    db, _, counter_id = registered
    take(db, 5)
    with __import__("counter_app.storage", fromlist=["x"]).write_transaction(db):
        journal.append(db, "note", {"text": "between recharges"}, ref="x")
    take(db, 2)
    result = SyncClient(db).sync_once(force=True)
    assert result.accepted == 7 and result.error is None
    report = {c["counter_id"]: c for c in server.store.audit()["counters"]}[counter_id]
    assert report["ok"], report
    assert report["journal_max_seq"] == journal.last(db)[0]


def test_admin_faults_need_the_admin_token_and_take_effect(server, registered):
    _, token, _ = registered
    url = f"{server.url}{API}/admin/faults"
    assert requests.put(url, json={"maintenance": True}, timeout=5).status_code == 401
    assert requests.put(url, json={"maintenance": True}, headers={"Authorization": f"Bearer {token}"},
                        timeout=5).status_code == 401
    admin = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
    assert requests.put(url, json={"maintenance": True, "retry_after_s": 7}, headers=admin, timeout=5).ok
    down = requests.get(f"{server.url}{API}/consumers", headers={"Authorization": f"Bearer {token}"}, timeout=5)
    assert down.status_code == 503 and down.headers["Retry-After"] == "7"
    assert requests.put(url, json={"throttle_rate": 1.0, "retry_after_s": 3}, headers=admin, timeout=5).ok
    busy = requests.get(f"{server.url}{API}/consumers", headers={"Authorization": f"Bearer {token}"}, timeout=5)
    assert busy.status_code == 429 and busy.headers["Retry-After"] == "3"
    assert requests.put(url, json={}, headers=admin, timeout=5).json()["throttle_rate"] == 0


def test_canonical_signing_covers_the_journal_entry(registered):
    db, _, _ = registered
    take(db, 1)
    item = signed(db)[0]
    unsigned = {k: v for k, v in item.items() if k != "signature"}
    key = counter.load(db).private_key().public_key()
    assert signing.verify_bytes(key, canonical.to_bytes(unsigned), item["signature"])
    unsigned["journal"]["payload"] += " "
    assert not signing.verify_object(key, unsigned, item["signature"])


def test_idempotency_survives_a_server_restart(tmp_path, counter_template, server):
    """The txn_id constraint lives in the database, not in memory: a restarted server still says duplicate."""
    from server.sqlite_store import SqliteStore

    db, _ = new_counter(counter_template, tmp_path / "c", server)
    take(db, 2)
    items = signed(db)
    me = counter.load(db)
    store = SqliteStore(tmp_path / "srv")
    store.seed_consumers(100)
    store.add_counter(me.counter_id)
    store.register_key(me.counter_id, me.public_key_pem)
    from server.store import CounterRecord

    who = CounterRecord(me.counter_id, me.public_key_pem, None)
    first = store.apply_batch(who, items, []).results
    store.close()
    again = SqliteStore(tmp_path / "srv")
    second = again.apply_batch(who, items, []).results
    assert [r["status"] for r in second] == ["duplicate", "duplicate"]
    assert [r["server_ref"] for r in second] == [r["server_ref"] for r in first]
    again.close()
    db.close()
