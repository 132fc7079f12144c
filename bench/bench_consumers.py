"""The consumer directory: seed the server, pull it all into a counter, then look consumers up offline.

Targets: seed 1,000,000 on the server under 60 s; pull 1,000,000 into the
counter under 60 s; lookup by consumer number p99 under 5 ms; by name prefix
p99 under 30 ms.

    python bench/bench_consumers.py [--consumers 1000000] [--lookups 5000]
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import ROOT, Timer, add_counter, percentile, start_server, stop_server, template

from counter_app import connection, consumers, counter
from server import seed as seed_data


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--consumers", type=int, default=1_000_000)
    parser.add_argument("--lookups", type=int, default=5_000)
    args = parser.parse_args()
    rng = random.Random(5)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        with Timer() as seeding:
            subprocess.run([sys.executable, "-m", "server", "--data-dir", str(tmp / "server"), "seed",
                            "--consumers", str(args.consumers)], check=True, capture_output=True,
                           env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
        proc, url = start_server(tmp / "server", consumers=0)
        try:
            tpl = template(tmp / "template")
            db = connection.open_counter_db(tpl)
            counter.setup(db, counter_id="DIR-01", server_url=url, token=add_counter(tmp / "server", "DIR-01"))
            with Timer() as pulling:
                pulled = consumers.pull(db)
        finally:
            stop_server(proc)
        numbers = [seed_data.consumer_no(rng.randrange(args.consumers)) for _ in range(args.lookups)]
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
    print(f"seed {args.consumers:,} consumers on the server: {seeding.seconds:.1f} s (target < 60 s)")
    print(f"pull {pulled:,} consumers into the counter: {pulling.seconds:.1f} s "
          f"({pulled / pulling.seconds:,.0f}/s; target < 60 s: {'met' if pulling.seconds < 60 else 'MISSED'})")
    print(f"lookup by consumer number ({len(by_number)}): p50 {percentile(by_number, 50):.3f} ms, "
          f"p99 {percentile(by_number, 99):.3f} ms (target p99 < 5 ms: "
          f"{'met' if percentile(by_number, 99) < 5 else 'MISSED'})")
    print(f"find by number prefix ({len(number_prefix)}): p99 {percentile(number_prefix, 99):.3f} ms")
    print(f"find by name prefix ({len(prefix_lookups)}): p50 {percentile(prefix_lookups, 50):.3f} ms, "
          f"p99 {percentile(prefix_lookups, 99):.3f} ms (target p99 < 30 ms: "
          f"{'met' if percentile(prefix_lookups, 99) < 30 else 'MISSED'})")


if __name__ == "__main__":
    main()
