"""The server's own work per batch, in process: verify, check, apply and sign (issue 12), and the audit.

    python bench/bench_server_batch.py [--recharges 10000] [--rounds 3]

1. ``batches.apply_signed`` over batches of 1,000 signed recharges (each round a
   fresh server database): with every result signed by the server key, beside
   the same path with a signer that does nothing, and beside one signature
   per batch (``evidence_batch``), in the same run. The differences are what
   signing the evidence costs, and what signing it once saves.
2. ``counter-server audit`` of a counter whose receipts are 1..N and one made-up
   number 10**12, beside the same counter without it: the gaps come from the
   sorted numbers, so the time follows the rows, not the size of the gap.
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import tempfile
from pathlib import Path

from _common import Timer, counter_with_queue, template

from counter_app import counter, outbox, signing
from server import batches
from server.crediting import Rules
from server.server_key import ephemeral
from server.sqlite_store import SqliteStore
from server.verify import Verifier


def signed_queue(tmp: Path, recharges: int) -> tuple[list[dict], list[dict], str]:
    db = counter_with_queue(template(tmp / "template"), tmp / "counter", counter_id="BENCH-01",
                            url="http://127.0.0.1:9", token="x", recharges=recharges, consumers=5000)
    me = counter.load(db)
    messages, others = outbox.next_due(db, recharges)
    for message in messages:
        message["signature"] = signing.sign_object(me.private_key(), message)
    db.close()
    return messages, others, me.public_key_pem


def one_round(tmp: Path, messages: list[dict], others: list[dict], pem: str, key, name: str,
              one_signature: bool = False) -> float:
    store = SqliteStore(tmp / name, rules=Rules(max_receipt_jump=10**13))
    store.seed_consumers(5000)
    store.add_counter("BENCH-01")
    store.register_key("BENCH-01", pem)
    me = store.counter_by_id("BENCH-01")
    verifier = Verifier()
    items = [dict(m) for m in messages]
    with Timer() as timer:
        for start in range(0, len(items), 1000):
            batches.apply_signed(store, verifier, me, items[start:start + 1000], others if start == 0 else [], key,
                                 one_signature=one_signature)
    store.close()
    return len(items) / timer.seconds


def audit_seconds(store: SqliteStore) -> float:
    with Timer() as timer:
        store.audit()
    return timer.seconds


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--recharges", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        messages, others, pem = signed_queue(tmp, args.recharges)
        key = ephemeral()
        unsigned = dataclasses.replace(key, _sign=lambda data: "")
        signed_runs, bare_runs, once_runs = [], [], []
        for r in range(args.rounds):  # interleaved, so the machine's load falls on all alike
            signed_runs.append(one_round(tmp, messages, others, pem, key, f"signed-{r}"))
            bare_runs.append(one_round(tmp, messages, others, pem, unsigned, f"bare-{r}"))
            once_runs.append(one_round(tmp, messages, others, pem, key, f"once-{r}", one_signature=True))
        s, b = statistics.median(signed_runs), statistics.median(bare_runs)
        print(f"apply_signed, batches of 1,000, {args.recharges:,} recharges, {args.rounds} rounds: "
              f"median {s:,.0f} tx/s with every result signed (runs: {', '.join(f'{x:,.0f}' for x in signed_runs)}); "
              f"baseline without signing {b:,.0f} tx/s (runs: {', '.join(f'{x:,.0f}' for x in bare_runs)}); "
              f"signing costs {100 * (b - s) / b:.0f} %")
        o = statistics.median(once_runs)
        print(f"the same with one signature per batch (X-Counter-Evidence: batch): median {o:,.0f} tx/s "
              f"(runs: {', '.join(f'{x:,.0f}' for x in once_runs)}); {o / s:.2f}x every result signed")
        store = SqliteStore(tmp / "signed-0", rules=Rules(max_receipt_jump=10**13))
        base = audit_seconds(store)
        me = store.counter_by_id("BENCH-01")
        far = dict(messages[-1], txn_id="far-away", ref_txn_id="far-away", receipt_seq=10**12)
        far.pop("fingerprint", None)
        store.apply_batch(me, [far], [])  # unsigned is fine here: the store trusts its caller
        gap = audit_seconds(store)
        report = {c["counter_id"]: c for c in store.audit()["counters"]}["BENCH-01"]
        store.close()
        print(f"audit of {args.recharges:,} receipts plus one at 10**12: {gap * 1000:.0f} ms "
              f"(gaps {report['receipt_gaps']}); baseline without it {base * 1000:.0f} ms")


if __name__ == "__main__":
    main()
