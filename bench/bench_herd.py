"""The thundering herd: 50 counters with 1,000 queued each start syncing at the same moment.

Checks that all are drained with no transaction credited twice, and measures
``GET /api/v1/health`` from a separate process meanwhile (so the counters'
own threads do not distort it). Target: health p99 under 200 ms.

    python bench/bench_herd.py [--counters 50] [--each 1000]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from _common import Timer, add_counter, counter_with_queue, start_server, stop_server, template

from counter_app import connection
from counter_app.sync import SyncClient
from server.sqlite_store import SqliteStore

PROBE = r"""
import json, sys, time, os, requests
url, stop = sys.argv[1], sys.argv[2]
session, samples = requests.Session(), []
while not os.path.exists(stop):
    started = time.perf_counter()
    ok = session.get(url + "/api/v1/health", timeout=10).status_code == 200
    samples.append((time.perf_counter() - started) * 1000 if ok else 1e9)
    time.sleep(0.02)
print(json.dumps(samples))
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--counters", type=int, default=50)
    parser.add_argument("--each", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        proc, url = start_server(tmp / "server", consumers=5_000)
        try:
            tpl = template(tmp / "template")
            dirs = []
            with Timer() as setup:
                for n in range(args.counters):
                    counter_id = f"HERD-{n:03d}"
                    db = counter_with_queue(tpl, tmp / counter_id, counter_id=counter_id, url=url,
                                            token=add_counter(tmp / "server", counter_id), recharges=args.each,
                                            consumers=5_000)
                    db.close()
                    dirs.append((counter_id, tmp / counter_id))
            print(f"set up {args.counters} counters x {args.each:,} queued in {setup.seconds:.1f} s")
            stop_file = tmp / "stop"
            probe = subprocess.Popen([sys.executable, "-c", PROBE, url, str(stop_file)], stdout=subprocess.PIPE,
                                     text=True)
            barrier = threading.Barrier(args.counters)
            results: dict[str, object] = {}

            def run(counter_id: str, data: Path) -> None:
                db = connection.open_counter_db(data)
                try:
                    client = SyncClient(db)
                    barrier.wait()
                    result = client.sync_once(force=True)
                    while result.remaining and not result.error:
                        result = client.sync_once(force=True)
                    results[counter_id] = result
                finally:
                    db.close()

            threads = [threading.Thread(target=run, args=item) for item in dirs]
            with Timer() as herd:
                for thread in threads:
                    thread.start()
                for thread in threads:
                    thread.join()
            stop_file.touch()
            samples = sorted(json.loads(probe.communicate(timeout=30)[0]))
        finally:
            stop_server(proc)
        store = SqliteStore(tmp / "server")
        try:
            rows = store.ledger()
        finally:
            store.close()
    total = args.counters * args.each
    errors = [f"{c}: {r.error}" for c, r in results.items() if r.error]
    remaining = sum(r.remaining for r in results.values())
    credited = len(rows)
    unique = len({r["txn_id"] for r in rows})
    duplicates_answered = sum(r.duplicate for r in results.values())
    p = lambda q: samples[min(len(samples) - 1, int(q / 100 * (len(samples) - 1)))]  # noqa: E731
    print(f"herd: {args.counters} counters x {args.each:,} = {total:,} transactions drained in {herd.seconds:.1f} s "
          f"({total / herd.seconds:,.0f} tx/s); remaining {remaining}; errors {len(errors)}")
    print(f"credited on the server: {credited:,} rows, {unique:,} distinct txn_ids "
          f"({'no duplicate' if credited == unique == total else 'MISMATCH'}); "
          f"'duplicate' answers during the herd: {duplicates_answered}")
    print(f"GET /api/v1/health meanwhile: {len(samples)} probes, p50 {p(50):.1f} ms, p99 {p(99):.1f} ms, "
          f"max {samples[-1]:.1f} ms (target p99 < 200 ms: {'met' if p(99) < 200 else 'MISSED'})")
    for line in errors[:5]:
        print("  ", line)


if __name__ == "__main__":
    main()
