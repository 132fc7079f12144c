"""Drain a counter's queue to a local server: the whole path (signing, HTTP, server writes, outbox updates).

Prints transactions per second of the real client (batches from ``sync_batch_size``,
doubling while answers come fast, up to ``sync_batch_max``)
beside a naive client in the same run: the same code sending one transaction per
request (batch size 1), which is what a client without batching does.

    python bench/bench_sync_drain.py [--recharges 10000] [--naive 300] [--rounds 3] [--batch-size N]

Every message was signed when its money was committed (outbox.enqueue), so the
drain only sends; each answer's server signature is checked on the HTTP thread.
Target: at least 10,000 per second, and at least 30 times the naive client.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from pathlib import Path

from _common import Timer, add_counter, counter_with_queue, start_server, stop_server, template

from counter_app import settings
from counter_app.sync import SyncClient


def drain(db, batch_size: int, *, limit: int | None = None) -> tuple[int, float]:
    """Sync everything queued (or, naive, the first ``limit`` one per request) and time it."""
    settings.change(db, "sync_batch_size", batch_size)
    if limit is not None:  # one transaction per request, always
        settings.change(db, "sync_batch_max", 1)
    client = SyncClient(db)
    assert client.register_key() is None
    if limit is not None:  # the naive client sends only ``limit``: park the rest for later rounds
        keep = db.execute("SELECT journal_seq FROM outbox WHERE state = 'pending' ORDER BY journal_seq "
                          "LIMIT 1 OFFSET ?", [limit]).fetchone()
        if keep:
            db.execute("UPDATE outbox SET state = 'rejected', reject_reason = 'bench-parked' "
                       "WHERE journal_seq >= ? AND state = 'pending'", [keep[0]])
    with Timer() as timer:
        result = client.sync_once(force=True)
    if limit is not None:
        db.execute("UPDATE outbox SET state = 'pending', reject_reason = NULL WHERE reject_reason = 'bench-parked'")
    assert result.error is None and result.remaining == 0, result
    return result.accepted, timer.seconds


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--recharges", type=int, default=10_000)
    parser.add_argument("--naive", type=int, default=300, help="transactions the naive client sends per round")
    parser.add_argument("--batch-size", type=int, help="default: the sync_batch_size setting's default")
    parser.add_argument("--rounds", type=int, default=3, help="each round: a naive run, then a full drain")
    args = parser.parse_args()
    fast_runs, naive_runs = [], []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        proc, url = start_server(tmp / "server", consumers=5_000)
        try:
            tpl = template(tmp / "template")
            naive = counter_with_queue(tpl, tmp / "naive", counter_id="NAIVE-01", url=url,
                                       token=add_counter(tmp / "server", "NAIVE-01"),
                                       recharges=args.naive * args.rounds, consumers=5_000)
            batch = args.batch_size or settings.get(naive, "sync_batch_size")
            for n in range(args.rounds):
                counter_id = f"FAST-{n:02d}"
                fast = counter_with_queue(tpl, tmp / counter_id, counter_id=counter_id, url=url,
                                          token=add_counter(tmp / "server", counter_id), recharges=args.recharges,
                                          consumers=5_000)
                # Interleaved, so a busy moment on a shared machine hurts both alike.
                naive_runs.append(drain(naive, 1, limit=args.naive))
                fast_runs.append(drain(fast, batch))
                fast.close()
        finally:
            stop_server(proc)
    rates = sorted(sent / seconds for sent, seconds in fast_runs)
    naive_rates = sorted(sent / seconds for sent, seconds in naive_runs)
    rate, naive_rate = statistics.median(rates), statistics.median(naive_rates)
    print(f"drain, batches from {batch} growing to {settings.DEFAULTS['sync_batch_max'].default}: {args.recharges:,} transactions per round, {args.rounds} rounds: "
          f"median {rate:,.0f} tx/s (runs: {', '.join(f'{r:,.0f}' for r in rates)}; "
          f"target >= 10,000 tx/s: {'met' if rate >= 10000 else 'MISSED'})")
    print(f"naive, one request per transaction ({args.naive} per round): median {naive_rate:,.0f} tx/s "
          f"(runs: {', '.join(f'{r:,.0f}' for r in naive_rates)})")
    print(f"speed-up (medians): {rate / naive_rate:.1f}x (target >= 30x: {'met' if rate / naive_rate >= 30 else 'MISSED'})")


if __name__ == "__main__":
    main()
