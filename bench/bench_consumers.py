"""The consumer directory: seed the server, pull it all into a counter, then look consumers up offline.

Targets: seed 2,000,000 on the server under 60 s; a counter pulls 1,000,000
under 30 s; lookup by consumer number p99 under 5 ms; by name prefix p99 under
30 ms. With ``--store postgresql`` the seed and the pull run on the SQLite
store first (the baseline) and then on PostgreSQL, printed side by side.

    python bench/bench_consumers.py [--store sqlite|postgresql] [--consumers 2000000] [--pull 1000000]
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

from _common import Timer, percentile, template
from _stores import BenchServer

from counter_app import connection, consumers, counter
from server import seed as seed_data


def seed_and_pull(kind: str, tmp: Path, seed_count: int, pull_count: int):
    """(seconds to seed seed_count, seconds to pull pull_count, the counter's db)"""
    big = BenchServer(kind, tmp / f"{kind}-big")
    try:
        seeded = big.seed(seed_count)
    finally:
        big.destroy()
    server = BenchServer(kind, tmp / f"{kind}-dir")
    try:
        server.seed(pull_count)
        url = server.start()
        db = connection.open_counter_db(template(tmp / f"{kind}-counter"))
        counter.setup(db, counter_id="DIR-01", server_url=url, token=server.add_counters(["DIR-01"])["DIR-01"])
        with Timer() as pulling:
            pulled = consumers.pull(db)
        assert pulled == pull_count, pulled
    finally:
        server.destroy()
    return seeded, pulling.seconds, db


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--store", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--consumers", type=int, default=2_000_000, help="seeded on the server (timed)")
    parser.add_argument("--pull", type=int, default=1_000_000, help="on the server a counter pulls from")
    parser.add_argument("--lookups", type=int, default=5_000)
    args = parser.parse_args()
    rng = random.Random(5)
    kinds = ["sqlite"] + (["postgresql"] if args.store == "postgresql" else [])
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        runs = {kind: seed_and_pull(kind, tmp, args.consumers, args.pull) for kind in kinds}
        db = runs[kinds[0]][2]
        for _, _, other in list(runs.values())[1:]:
            other.close()
        numbers = [seed_data.consumer_no(rng.randrange(args.pull)) for _ in range(args.lookups)]
        by_number = []
        for number in numbers:
            started = time.perf_counter()
            found = consumers.get(db, number)
            by_number.append((time.perf_counter() - started) * 1000)
            assert found is not None
        prefix_lookups = []
        for _ in range(args.lookups // 5):
            first = rng.choice(seed_data.FIRST)
            prefix = first[: rng.randint(2, len(first))].lower()
            started = time.perf_counter()
            found = consumers.find(db, prefix, limit=20)
            prefix_lookups.append((time.perf_counter() - started) * 1000)
            assert found
        number_prefix = []
        for number in numbers[: args.lookups // 5]:
            started = time.perf_counter()
            consumers.find(db, number[:8], limit=20)
            number_prefix.append((time.perf_counter() - started) * 1000)
        db.close()
    names = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
    print(f"{'':44}" + "".join(f"{names[k]:>14}" for k in kinds))
    print(f"{f'seed {args.consumers:,} on the server (s)':44}"
          + "".join(f"{runs[k][0]:>14.1f}" for k in kinds) + "   target < 60 s")
    print(f"{f'a counter pulls {args.pull:,} (s)':44}"
          + "".join(f"{runs[k][1]:>14.1f}" for k in kinds) + "   target < 30 s")
    for kind in kinds:
        seeded, pulled, _ = runs[kind]
        print(f"{names[kind]}: seed {'met' if seeded < 60 else 'MISSED'}, pull {'met' if pulled < 30 else 'MISSED'} "
              f"({args.pull / pulled:,.0f} consumers/s)")
    print("counter-side lookups (the same for either store):")
    print(f"lookup by consumer number ({len(by_number)}): p50 {percentile(by_number, 50):.3f} ms, "
          f"p99 {percentile(by_number, 99):.3f} ms (target p99 < 5 ms: "
          f"{'met' if percentile(by_number, 99) < 5 else 'MISSED'})")
    print(f"find by number prefix ({len(number_prefix)}): p99 {percentile(number_prefix, 99):.3f} ms")
    print(f"find by name prefix ({len(prefix_lookups)}): p50 {percentile(prefix_lookups, 50):.3f} ms, "
          f"p99 {percentile(prefix_lookups, 99):.3f} ms (target p99 < 30 ms: "
          f"{'met' if percentile(prefix_lookups, 99) < 30 else 'MISSED'})")


if __name__ == "__main__":
    main()
