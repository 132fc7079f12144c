"""One server signature per batch answer (``X-Counter-Evidence: batch``): the same proof, checked once.

The server lists the SHA-256 of each result's canonical evidence in
``evidence_batch`` and signs that list; the counter keeps the signed list
beside its rows, and ``verify`` re-checks each confirmed row against it. A
counter that does not ask (an older release) still gets one ``server_sig``
per result.
"""

from __future__ import annotations

import hashlib
import json

import requests

from counter_app import canonical, clock, outbox, signing, verify
from counter_app.sync import SyncClient
from counter_app.transport import EVIDENCE_HEADER
from tests.server_fixture import BOTH_STORES, ServerThread, ledger, take

SERVER_STORES = BOTH_STORES
API = "/api/v1"


def post(server: ServerThread, token: str, items: list[dict], *, batch: bool) -> dict:
    headers = {"Authorization": f"Bearer {token}", **({EVIDENCE_HEADER: "batch"} if batch else {})}
    answer = requests.post(f"{server.url}{API}/recharges/batch", json={"items": items, "journal": []},
                           headers=headers, timeout=10)
    assert answer.status_code == 200, answer.text
    return answer.json()


def claimed(db) -> list[outbox.Claimed]:
    return outbox.next_signed(db, 1000)[0]


def items_of(messages: list[outbox.Claimed]) -> list[dict]:
    return [json.loads(m.wire()) for m in messages]


def test_asked_for_the_answer_carries_one_signature_over_every_results_evidence(server, registered):
    db, token, counter_id = registered
    take(db, 3, amount_paise=120_00)
    answer = post(server, token, items_of(claimed(db)), batch=True)
    results, manifest = answer["results"], answer["evidence_batch"]
    assert [r["status"] for r in results] == ["accepted"] * 3
    assert all("server_sig" not in r or r["server_sig"] is None for r in results)
    assert manifest["counter_id"] == counter_id
    assert manifest["digests"] == [hashlib.sha256(canonical.to_bytes(r["evidence"])).hexdigest() for r in results]
    key = signing.load_public_key(server.key.public_key_pem)
    assert signing.verify_object(key, manifest, answer["evidence_batch_sig"])
    forged = dict(manifest, digests=manifest["digests"][:2])
    assert not signing.verify_object(key, forged, answer["evidence_batch_sig"])


def test_a_counter_that_does_not_ask_gets_one_signature_per_result(server, registered):
    """An older counter release sends no header: its answers are as before, and it confirms as before."""
    db, token, _ = registered
    take(db, 2)
    messages = claimed(db)
    answer = post(server, token, items_of(messages), batch=False)
    assert "evidence_batch" not in answer and all(r["server_sig"] for r in answer["results"])
    counts = outbox.apply_batch_results(db, messages, answer["results"], now=clock.now_iso(), server_time=None,
                                        offset_s=None, answer=answer)
    assert counts["accepted"] == 2
    assert db.execute("SELECT COUNT(*) FROM outbox WHERE state = 'confirmed' AND server_sig IS NOT NULL "
                      "AND evidence_batch IS NULL").fetchone()[0] == 2
    assert verify.run(db) == []


def test_sync_confirms_by_the_batch_signature_and_verify_rechecks_it(server, registered):
    db, _, _ = registered
    take(db, 25)
    result = SyncClient(db).sync_once(force=True)
    assert (result.accepted, result.error, result.remaining) == (25, None, 0)
    rows = db.execute("SELECT server_sig, evidence_batch FROM outbox WHERE state = 'confirmed'").fetchall()
    assert len(rows) == 25 and {sig for sig, _ in rows} == {None} and None not in {b for _, b in rows}
    assert db.execute("SELECT COUNT(*) FROM server_evidence").fetchone()[0] == result.batches
    assert verify.run(db) == []


def test_a_forged_batch_signature_confirms_nothing(server, registered):
    db, token, _ = registered
    take(db, 2)
    messages = claimed(db)
    answer = post(server, token, items_of(messages), batch=True)
    answer["evidence_batch_sig"] = signing.b64(b"\0" * 64)
    counts = outbox.apply_batch_results(db, messages, answer["results"], now=clock.now_iso(), server_time=None,
                                        offset_s=None, answer=answer)
    assert (counts["accepted"], counts["unproven"]) == (0, 2)
    assert set(db.execute("SELECT state, attempts FROM outbox").fetchall()) == {("pending", 1)}
    assert db.execute("SELECT COUNT(*) FROM server_evidence").fetchone()[0] == 0


def test_evidence_a_batch_signature_does_not_cover_is_found_by_verify(server, registered):
    """An insider with the file: a pending row marked confirmed with made-up evidence that points to a real
    signed batch, and a batch list edited to take in that evidence. Both fail verify."""
    db, _, counter_id = registered
    take(db, 3)
    assert SyncClient(db).sync_once(force=True).accepted == 3
    extra = take(db, 1, amount_paise=999_00)[0]
    conn = db.conn
    made_up = canonical.dumps({"counter_id": counter_id, "txn_id": extra.txn_id, "kind": "recharge",
                               "amount_paise": 999_00, "outcome": "credited", "server_ref": "SRV-X",
                               "at": clock.now_iso()})
    conn.execute("UPDATE outbox SET state = 'confirmed', evidence = ?, evidence_batch = 1 WHERE txn_id = ?",
                 [made_up, extra.txn_id])
    findings = verify.run(db)
    assert any(extra.txn_id in f and "no valid server signature" in f for f in findings), findings
    # Editing the signed list to take the made-up evidence in breaks the batch's signature: every row of it fails.
    conn.execute("DROP TRIGGER server_evidence_no_update")
    manifest = json.loads(conn.execute("SELECT manifest FROM server_evidence WHERE id = 1").fetchone()[0])
    manifest["digests"].append(hashlib.sha256(made_up.encode()).hexdigest())
    conn.execute("UPDATE server_evidence SET manifest = ? WHERE id = 1", [canonical.dumps(manifest)])
    findings = verify.run(db)
    assert sum("no valid server signature" in f for f in findings) == 4, findings


def test_one_bad_signature_in_a_large_batch_rejects_only_it_and_credits_the_rest_once(server, registered):
    """Signatures are checked while the batch is applied; one that fails rolls that attempt back, and the
    batch runs again with that item rejected. Large enough to be checked on the verifier's threads."""
    db, token, counter_id = registered
    taken = take(db, 40, amount_paise=101_00)
    items = items_of(claimed(db))
    items[17]["signature"] = signing.b64(b"\1" * 64)
    answer = post(server, token, items, batch=True)
    statuses = [r["status"] for r in answer["results"]]
    assert statuses[17] == "rejected" and answer["results"][17]["reason"] == "bad_signature"
    assert statuses[:17] + statuses[18:] == ["accepted"] * 39
    credited = ledger(server, counter_id)
    assert set(credited) == {t.txn_id for i, t in enumerate(taken) if i != 17}
    assert sum(credited.values()) == sum(t.amount_paise for i, t in enumerate(taken) if i != 17)
