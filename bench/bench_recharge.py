"""Time to take one recharge (the transaction, not process start), beside a bare SQLite commit.

    .venv/bin/python bench/bench_recharge.py [--n 5000] [--dir DIR]

Both run in the same process, on the same disk, with the same pragmas
(WAL, synchronous=FULL, checkpoints in a background thread as the window runs
them), alternating one for one: the bare baseline is one INSERT and COMMIT of a
row of similar size. Target: recharge p99 <= 3x the bare commit's p99.

The recharge includes signing its message (inside the commit) and rewriting the
head witness ``journal-head.json`` after it; the witness write is also timed on
its own (same disk, same loop) so its share of the cost shows.
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from counter_app import connection, counter, paths, shifts, storage, users  # noqa: E402
from counter_app import witness  # noqa: E402
from counter_app.recharge import take_recharge  # noqa: E402


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def open_bare(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(str(path), isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, txn TEXT, consumer TEXT, amount INTEGER, at TEXT, blob TEXT)")
    return conn


def bare_commit(conn: sqlite3.Connection, i: int) -> None:
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("INSERT INTO t (txn, consumer, amount, at, blob) VALUES (?, ?, ?, ?, ?)",
                 [f"txn-{i}", "1234567890", 50000, "2026-11-27T00:00:00Z", "x" * 400])
    conn.execute("COMMIT")


def run(tmp: Path, n: int) -> tuple[list[float], list[float], list[float]]:
    """Alternate one bare commit and one recharge, so that noise from other
    processes on the machine falls on both series alike."""
    db = connection.open_counter_db(tmp / "counter")
    counter.setup(db, counter_id="BENCH-01", server_url="http://127.0.0.1:9")
    users.add(db, user_id="bench", name="Bench", role="cashier", pin="1234")
    shifts.open_shift(db, cashier_id="bench", float_paise=0)
    bare = open_bare(tmp / "bare.sqlite3")
    # The window's set-up: checkpoints in a background thread, for both series alike.
    checkpointers = [storage.defer_checkpoints(db, paths.db_path(tmp / "counter"))]
    bare.execute("PRAGMA wal_autocheckpoint = 0")
    checkpointers.append(storage.BackgroundCheckpointer(tmp / "bare.sqlite3").start())
    rng = random.Random(1)
    ours, base, side = [], [], []
    for i in range(n):
        start = time.perf_counter()
        bare_commit(bare, i)
        base.append(time.perf_counter() - start)
        consumer = str(rng.randrange(10**9, 10**10))
        start = time.perf_counter()
        taken = take_recharge(db, cashier_id="bench", consumer_no=consumer, amount_paise=rng.randrange(1000, 500000))
        ours.append(time.perf_counter() - start)
        start = time.perf_counter()
        witness.note_head(db, counter_id=taken.counter_id, seq=taken.journal_seq, hash="0" * 64,
                          receipt_seq=taken.receipt_seq, at=taken.created_at)
        side.append(time.perf_counter() - start)
    for checkpointer in checkpointers:
        checkpointer.stop()
    db.close()
    bare.close()
    return base, ours, side


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=5000)
    parser.add_argument("--dir", help="folder on the disk to measure (default: a temporary folder)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        bare, ours, side = run(Path(tmp), args.n)
    ms = 1000
    print(f"{args.n} recharges vs {args.n} bare insert+commit (WAL, synchronous=FULL, background checkpoints, same disk, interleaved)")
    print(f"  bare commit : p50 {statistics.median(bare) * ms:7.3f} ms   p99 {percentile(bare, 99) * ms:7.3f} ms")
    print(f"  recharge    : p50 {statistics.median(ours) * ms:7.3f} ms   p99 {percentile(ours, 99) * ms:7.3f} ms")
    print(f"  of which the head witness file (timed alone): p50 {statistics.median(side) * ms:7.3f} ms   "
          f"p99 {percentile(side, 99) * ms:7.3f} ms")
    ratio = percentile(ours, 99) / percentile(bare, 99)
    print(f"  p99 ratio   : {ratio:.2f}x  (target <= 3x) -> {'PASS' if ratio <= 3 else 'MISS'}")


if __name__ == "__main__":
    main()
