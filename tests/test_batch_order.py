"""A batch sent while its counter's batch before it is still on its way (``X-Counter-Follows``) applies after it.

Against the real server over HTTP: the server parses and begins checking the
second batch at once, and applies it once the first is done. A batch that names
a batch the server never saw (lost on the way, or held by another worker
process) is applied anyway: its journal entries are held as a gap and linked
when the batch before them comes.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time

import requests

from counter_app import outbox
from counter_app.transport import EVIDENCE_HEADER, FOLLOWS_HEADER
from server.batch_order import CounterLines
from tests.server_fixture import BOTH_STORES, ServerThread, ledger, take

SERVER_STORES = BOTH_STORES
API = "/api/v1"


def test_a_counters_batches_apply_in_the_order_they_came_and_other_counters_do_not_wait():
    async def scenario() -> list[str]:
        lines, order = CounterLines(), []
        first, second, third = lines.arrive("A"), lines.arrive("A"), lines.arrive("A")
        other = lines.arrive("B")

        async def apply(name: str, turn, after: float = 0.0) -> None:
            await turn.after_previous()
            await asyncio.sleep(after)
            order.append(name)
            turn.done()

        await asyncio.gather(apply("A3", third), apply("A2", second), apply("A1", first, after=0.05),
                             apply("B1", other))
        assert lines.counters() == 0  # nothing is left behind the last
        return order

    assert asyncio.run(scenario()) == ["B1", "A1", "A2", "A3"]


def test_each_batch_knows_how_many_of_its_counter_are_before_it():
    """The server parses ahead only the batch next in line (``ahead`` <= 1): a counter sending many at once
    holds one parsed batch waiting, not many."""
    lines = CounterLines()
    first, second, third = lines.arrive("A"), lines.arrive("A"), lines.arrive("A")
    assert [first.ahead, second.ahead, third.ahead, lines.arrive("B").ahead] == [0, 1, 2, 0]
    first.done()
    first.done()  # said twice (an error path and the finally): counted once
    assert lines.arrive("A").ahead == 2


def test_a_batch_whose_predecessor_is_done_or_unknown_does_not_wait():
    async def scenario() -> None:
        lines = CounterLines()
        alone = lines.arrive("A")
        await asyncio.wait_for(alone.after_previous(), 1)
        alone.done()
        later = lines.arrive("A")
        await asyncio.wait_for(later.after_previous(), 1)
        later.done()

    asyncio.run(scenario())


def halves(db, count: int) -> tuple[list[dict], list[dict], list[dict]]:
    """Two batches of ``count`` recharges in journal order, and the entries before them (set-up, shift)."""
    take(db, count)
    messages, before = outbox.next_signed(db, 1000)
    items = [json.loads(m.wire()) for m in messages]
    return items[:count // 2], items[count // 2:], before


def post(server: ServerThread, token: str, items: list[dict], follows: int | None = None,
         journal: list[dict] = ()) -> dict:
    headers = {"Authorization": f"Bearer {token}", EVIDENCE_HEADER: "batch",
               **({FOLLOWS_HEADER: str(follows)} if follows is not None else {})}
    answer = requests.post(f"{server.url}{API}/recharges/batch", json={"items": items, "journal": list(journal)},
                           headers=headers, timeout=30)
    assert answer.status_code == 200, answer.text
    return answer.json()


def refs(answer: dict) -> list[str]:
    assert [r["status"] for r in answer["results"]] == ["accepted"] * len(answer["results"])
    return [r["server_ref"] for r in answer["results"]]


def test_the_batch_that_follows_waits_for_the_one_still_being_applied(server, registered, monkeypatch):
    db, token, counter_id = registered
    first, second, before = halves(db, 12)
    applying = server.store.apply_batch
    entered = threading.Event()

    def slow_for_the_first(counter, items, journal, before_commit=None):
        if items and items[0]["txn_id"] == first[0]["txn_id"]:
            entered.set()
            time.sleep(0.6)  # the first batch is slow to apply: the second arrives meanwhile
        return applying(counter, items, journal, before_commit=before_commit)

    monkeypatch.setattr(server.store, "apply_batch", slow_for_the_first)
    answers: dict[str, dict] = {}
    sender = threading.Thread(target=lambda: answers.update(first=post(server, token, first, journal=before)))
    sender.start()
    assert entered.wait(10)
    answers["second"] = post(server, token, second, follows=first[-1]["journal"]["seq"])
    sender.join(30)
    # Without the wait the second batch, quick to apply, would have taken the write first.
    assert max(refs(answers["first"])) < min(refs(answers["second"]))
    assert answers["second"]["journal_ack"]["seq"] == second[-1]["journal"]["seq"]
    assert len(ledger(server, counter_id)) == 12


def test_three_on_the_way_apply_in_the_order_they_came(server, registered, monkeypatch):
    """The third finds two before it: it waits for its turn before it is even parsed, and still comes last."""
    db, token, counter_id = registered
    take(db, 12)
    messages, before = outbox.next_signed(db, 1000)
    items = [json.loads(m.wire()) for m in messages]
    first, second, third = items[:4], items[4:8], items[8:]
    applying = server.store.apply_batch
    entered = threading.Event()

    def slow_for_the_first(counter, batch, journal, before_commit=None):
        if batch and batch[0]["txn_id"] == first[0]["txn_id"]:
            entered.set()
            time.sleep(0.6)
        return applying(counter, batch, journal, before_commit=before_commit)

    monkeypatch.setattr(server.store, "apply_batch", slow_for_the_first)
    answers: dict[str, dict] = {}
    senders = [threading.Thread(target=lambda: answers.update(first=post(server, token, first, journal=before)))]
    senders[0].start()
    assert entered.wait(10)
    for name, batch, after in (("second", second, first), ("third", third, second)):
        senders.append(threading.Thread(target=lambda name=name, batch=batch, after=after: answers.update(
            {name: post(server, token, batch, follows=after[-1]["journal"]["seq"])})))
        senders[-1].start()
        time.sleep(0.15)  # the third comes after the second
    for sender in senders:
        sender.join(30)
    assert max(refs(answers["first"])) < min(refs(answers["second"]))
    assert max(refs(answers["second"])) < min(refs(answers["third"]))
    assert answers["third"]["journal_ack"]["seq"] == third[-1]["journal"]["seq"]
    assert len(ledger(server, counter_id)) == 12


def test_a_batch_that_came_before_the_one_it_follows_is_applied_and_its_entries_linked_later(server, registered):
    db, token, counter_id = registered
    first, second, before = halves(db, 10)
    early = post(server, token, second, follows=first[-1]["journal"]["seq"])  # the first was lost on the way
    assert len(refs(early)) == 5
    assert early["journal_ack"]["seq"] < second[0]["journal"]["seq"]  # held as a gap: not acknowledged yet
    late = post(server, token, first, journal=before)
    assert len(refs(late)) == 5
    assert late["journal_ack"]["seq"] == second[-1]["journal"]["seq"]  # the gap is joined up
    report = {c["counter_id"]: c for c in server.store.audit()["counters"]}[counter_id]
    assert report["chain_findings"] == [] and report["receipt_gaps"] == [], report
    assert len(ledger(server, counter_id)) == 10
