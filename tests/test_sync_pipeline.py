"""The drain overlaps two batches (issue 12, speed) and stays exactly once, against the real server over HTTP.

Batch k+1 leaves once k's answer is back with a result for every item, while
k's signatures are checked and its answers applied; a row stays in_flight until
its own proven answer is applied. A server whose answers do not check gets one
batch, not two. A long run of recharges (``sync_early_from``) goes further: the
next batch leaves before the answer to the one before it, naming it
(``X-Counter-Follows``); a void never does.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from counter_app import keystore, outbox, settings, transport
from counter_app.sync import SyncClient
from tests.server_fixture import ledger, queue_void, take, tries


class Events(list):
    """(what, when, items) of each send and each applied answer; ``wire``: one Request per send, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.wire: list[Request] = []


@dataclass
class Request:
    body: bytes
    follows: int | None
    sent: float
    answered: float = float("inf")


def _watch(monkeypatch) -> Events:
    """Record each send and each applied answer; applying is made slow on purpose."""
    events = Events()
    lock = threading.Lock()
    post, apply = transport.post_batch, outbox.apply_batch_results

    def posting(session, where, body, timeouts, follows=None):
        request = Request(body, follows, time.monotonic())
        with lock:
            events.append(("send", request.sent, body.count(b'"txn_id"')))
            events.wire.append(request)
        answer = post(session, where, body, timeouts, follows=follows)
        request.answered = time.monotonic()
        return answer

    def applying(db, sent, results, **kwargs):
        time.sleep(0.05)  # a slow disk: the next batch's send must not wait for this
        counts = apply(db, sent, results, **kwargs)
        with lock:
            events.append(("applied", time.monotonic(), len(sent)))
        return counts

    monkeypatch.setattr(transport, "post_batch", posting)
    monkeypatch.setattr(outbox, "apply_batch_results", applying)
    return events


def batches_of(db, size: int, *, early_from: int | None = None) -> None:
    settings.change(db, "sync_batch_size", size)
    settings.change(db, "sync_batch_max", size)
    if early_from is not None:
        settings.change(db, "sync_early_from", early_from)


def assert_each_credited_and_sent_once(server, db, counter_id: str, taken: list) -> None:
    assert ledger(server, counter_id) == {t.txn_id: t.amount_paise for t in taken}
    states = db.execute("SELECT state, COUNT(*), SUM(attempts) FROM outbox GROUP BY state").fetchall()
    assert [tuple(s) for s in states] == [("confirmed", len(taken), len(taken))]


def test_the_next_batch_leaves_while_the_last_answer_is_applied_and_each_is_credited_once(
        server, counter_pair, monkeypatch):
    (db, _, counter_id, _), _ = counter_pair
    batches_of(db, 5)
    taken = take(db, 40)
    events = _watch(monkeypatch)
    result = SyncClient(db).sync_once(force=True)
    assert (result.accepted, result.sent, result.remaining, result.batches, result.error) == (40, 40, 0, 8, None)
    sends = [at for what, at, _ in events if what == "send"]
    applied = [at for what, at, _ in events if what == "applied"]
    assert len(sends) == len(applied) == 8
    # Batch k+2 (index k+1) left before batch k+1's answer was applied (the first batch goes alone).
    overlapped = [k for k in range(1, 7) if sends[k + 1] < applied[k]]
    assert len(overlapped) >= 5, events
    assert all(sends[k] > applied[k - 2] for k in range(2, 8))   # never more than one batch ahead
    assert_each_credited_and_sent_once(server, db, counter_id, taken)


def test_a_server_whose_answers_do_not_check_gets_one_batch_not_two(server, counter_pair, monkeypatch):
    (db, _, counter_id, folder), _ = counter_pair
    batches_of(db, 5)
    other = Ed25519PrivateKey.generate().public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    keystore.pin_server_key(folder, other)   # as if a fake server's key had been given
    take(db, 30)
    events = _watch(monkeypatch)
    result = SyncClient(db).sync_once(force=True)
    assert "not signed by the server key this counter pinned" in result.error
    assert [e[0] for e in events] == ["send", "applied"]
    assert len(ledger(server, counter_id)) == 5
    assert tries(db) == {("pending", 1): 5, ("pending", 0): 25}   # the one batch sent, open; the rest never sent


def journal_seqs(body: bytes) -> list[int]:
    return [item["journal"]["seq"] for item in json.loads(body)["items"]]


def test_a_long_run_of_recharges_sends_the_next_batch_before_the_last_answer_and_credits_each_once(
        server, counter_pair, monkeypatch):
    (db, _, counter_id, _), _ = counter_pair
    batches_of(db, 5, early_from=5)
    taken = take(db, 40)
    events = _watch(monkeypatch)
    result = SyncClient(db).sync_once(force=True)
    assert (result.accepted, result.sent, result.remaining, result.error) == (40, 40, 0, None)
    wire = events.wire
    early = [k for k, request in enumerate(wire) if request.follows is not None]
    assert len(early) >= 4, wire
    for k in early:  # each names the batch before it, sent before it, and never more than two are on the wire
        assert wire[k].follows == journal_seqs(wire[k - 1].body)[-1]
        assert wire[k - 1].sent < wire[k].sent and (k < 2 or wire[k].sent > wire[k - 2].answered)
    assert wire[0].follows is None and wire[1].follows is None  # the first goes alone, then one at a time
    assert_each_credited_and_sent_once(server, db, counter_id, taken)


def test_a_batch_holding_a_void_never_leaves_before_the_last_answer(server, counter_pair, monkeypatch):
    (db, _, counter_id, _), _ = counter_pair
    batches_of(db, 4, early_from=1)
    taken = take(db, 30)
    for victim in taken[6:30:5]:
        queue_void(db, victim)
    taken += take(db, 10, start=30)
    events = _watch(monkeypatch)
    result = SyncClient(db).sync_once(force=True)
    assert (result.remaining, result.error) == (0, None)
    wire = events.wire
    with_void = [k for k, request in enumerate(wire) if b'"kind":"void"' in request.body]
    assert with_void
    for k in with_void:
        assert wire[k].follows is None and all(wire[k].sent >= before.answered for before in wire[:k])
    assert any(request.follows is not None for request in wire)  # the recharges around them did leave early
    assert ledger(server, counter_id) == {t.txn_id: t.amount_paise for t in taken}
    voided = {row["txn_id"] for row in server.store.ledger(counter_id) if row["voided"]}
    assert voided == {t.txn_id for t in taken[6:30:5]}
