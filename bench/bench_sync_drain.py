"""Drain a counter's queue to a local server: the whole path (signing, HTTP, server writes, outbox updates).

Prints transactions per second of the real client (batches of ``sync_batch_size``)
beside a naive client in the same run: the same code sending one transaction per
request (batch size 1), which is what a client without batching does.

    python bench/bench_sync_drain.py [--recharges 10000] [--naive 1000] [--batch-size N]

Target: at least 5,000 per second, and at least 20 times the naive client.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from _common import Timer, add_counter, counter_with_queue, start_server, stop_server, template

from counter_app import settings
from counter_app.sync import SyncClient


def drain(db, batch_size: int, *, limit: int | None = None) -> tuple[int, float]:
    """Sync everything queued (or, naive, the first ``limit`` one per request) and time it."""
    settings.change(db, "sync_batch_size", batch_size)
    client = SyncClient(db)
    assert client.register_key() is None
    if limit is not None:  # stop the naive client half way: park the rest as already confirmed elsewhere
        keep = db.execute("SELECT journal_seq FROM outbox WHERE state = 'pending' ORDER BY journal_seq "
                          "LIMIT 1 OFFSET ?", [limit]).fetchone()[0]
        db.execute("UPDATE outbox SET state = 'rejected', reject_reason = 'bench-parked' WHERE journal_seq >= ?",
                   [keep])
    with Timer() as timer:
        result = client.sync_once(force=True)
    if limit is not None:
        db.execute("UPDATE outbox SET state = 'pending', reject_reason = NULL WHERE reject_reason = 'bench-parked'")
    assert result.error is None and result.remaining == 0, result
    return result.accepted, timer.seconds


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--recharges", type=int, default=10_000)
    parser.add_argument("--naive", type=int, default=1_000, help="transactions the naive client sends")
    parser.add_argument("--batch-size", type=int, help="default: the sync_batch_size setting's default")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        proc, url = start_server(tmp / "server", consumers=5_000)
        try:
            tpl = template(tmp / "template")
            fast = counter_with_queue(tpl, tmp / "fast", counter_id="FAST-01", url=url,
                                      token=add_counter(tmp / "server", "FAST-01"), recharges=args.recharges,
                                      consumers=5_000)
            naive = counter_with_queue(tpl, tmp / "naive", counter_id="NAIVE-01", url=url,
                                       token=add_counter(tmp / "server", "NAIVE-01"), recharges=args.naive,
                                       consumers=5_000)
            batch = args.batch_size or settings.get(fast, "sync_batch_size")
            # Half the naive run before and half after, so a busy moment on a shared machine hurts both alike.
            settings.change(naive, "sync_batch_size", 1)
            before_sent, before_seconds = drain(naive, 1, limit=args.naive // 2)
            sent, seconds = drain(fast, batch)
            after_sent, after_seconds = drain(naive, 1)
            naive_sent, naive_seconds = before_sent + after_sent, before_seconds + after_seconds
        finally:
            stop_server(proc)
    rate, naive_rate = sent / seconds, naive_sent / naive_seconds
    print(f"drain, batches of {batch}: {sent:,} transactions in {seconds:.2f} s = {rate:,.0f} tx/s "
          f"(target >= 5,000 tx/s: {'met' if rate >= 5000 else 'MISSED'})")
    print(f"naive, one request per transaction: {naive_sent:,} in {naive_seconds:.2f} s = {naive_rate:,.0f} tx/s")
    print(f"speed-up: {rate / naive_rate:.1f}x (target >= 20x: {'met' if rate / naive_rate >= 20 else 'MISSED'})")


if __name__ == "__main__":
    main()
