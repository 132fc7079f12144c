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


def drain(db, batch_size: int) -> tuple[int, float]:
    settings.change(db, "sync_batch_size", batch_size)
    client = SyncClient(db)
    assert client.register_key() is None
    with Timer() as timer:
        result = client.sync_once(force=True)
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
            sent, seconds = drain(fast, batch)
            naive_sent, naive_seconds = drain(naive, 1)
        finally:
            stop_server(proc)
    rate, naive_rate = sent / seconds, naive_sent / naive_seconds
    print(f"drain, batches of {batch}: {sent:,} transactions in {seconds:.2f} s = {rate:,.0f} tx/s "
          f"(target >= 5,000 tx/s: {'met' if rate >= 5000 else 'MISSED'})")
    print(f"naive, one request per transaction: {naive_sent:,} in {naive_seconds:.2f} s = {naive_rate:,.0f} tx/s")
    print(f"speed-up: {rate / naive_rate:.1f}x (target >= 20x: {'met' if rate / naive_rate >= 20 else 'MISSED'})")


if __name__ == "__main__":
    main()
