"""The operations pages with 200 counters and 1,000,000 ledger rows: the counters page under 300 ms.

The ledger is written straight into the server's SQLite file (a million credits
through the API would take minutes and measure the API, not the pages): 5,000
recharges per counter over the last 90 days, so about 55 per counter today,
with a few rejections and receipt gaps. Then the real ``counter-server run``
serves the pages in a subprocess and each page is fetched over loopback HTTP
with a signed-in session, beside two baselines from the same run: the health
endpoint (no database) and the sign-in page (a bare template render).

    python bench/bench_pages.py [--counters 200] [--rows 1000000] [--runs 30]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests
from _common import ROOT, Timer, percentile, start_server, stop_server

from counter_app import clock
from server.sqlite_store import SqliteStore

PASSWORD = "bench password 1"
OFFICES = ("Patna Sadar", "Danapur", "Gaya Town", "Muzaffarpur East", "Bhagalpur Urban", "Darbhanga Sadar",
           "Purnea East", "Ara", "Hajipur", "Chapra")


def fill(server_dir: Path, counters: int, rows: int) -> None:
    store = SqliteStore(server_dir)   # creates the schema and the pages' indexes
    ids = [f"BR-{i:03d}" for i in range(counters)]
    for i, counter_id in enumerate(ids):
        store.add_counter(counter_id, office=OFFICES[i % len(OFFICES)])
    store.close()
    rng = random.Random(15)
    now = clock.utc_now()
    per_counter = rows // counters
    conn = sqlite3.connect(server_dir / "server.sqlite3")
    conn.execute("PRAGMA synchronous = OFF")

    def generate():
        ref = 0
        for c, counter_id in enumerate(ids):
            for seq in range(1, per_counter + 1):
                if c % 25 == 0 and seq % 1000 == 0:
                    continue   # a receipt gap on every 25th counter
                ref += 1
                # Spread over 90 days, oldest first, so the newest receipts are today's.
                age = dt.timedelta(days=90) * (1 - seq / per_counter) + dt.timedelta(seconds=rng.randrange(600))
                at = clock.to_iso(now - age)
                status = "reversed" if seq % 500 == 0 else "credited"
                yield (f"{counter_id}-{seq:07d}", "recharge", f"{counter_id}-{seq:07d}", counter_id,
                       f"{counter_id}-{seq:07d}", seq, f"1{rng.randrange(10**11):011d}", 100_00 + rng.randrange(500_00),
                       at, "f" * 64, f"BSP{ref:012d}", status, at, at, at if status == "reversed" else None, None,
                       rng.randrange(10**7), "s" * 86)

    conn.execute("BEGIN")
    conn.executemany("INSERT INTO transactions (txn_id, kind, ref_txn_id, counter_id, receipt_no, receipt_seq, "
                     "consumer_no, amount_paise, created_at, fingerprint, server_ref, status, received_at, "
                     "credited_at, reversed_at, reversed_by, balance_after_paise, signature) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", generate())
    conn.executemany("INSERT INTO rejections (counter_id, txn_id, receipt_seq, reason, at) VALUES (?, ?, ?, ?, ?)",
                     [(ids[c], f"rej-{c}", per_counter + 1, "unknown_consumer", clock.to_iso(now))
                      for c in range(0, counters, 20)])
    conn.executemany("UPDATE counters SET last_contact_at = ? WHERE counter_id = ?",
                     [(clock.to_iso(now - dt.timedelta(minutes=rng.randrange(120))), i) for i in ids])
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    conn.close()


def timed(session: requests.Session, url: str, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        answer = session.get(url, timeout=60, allow_redirects=False)
        times.append((time.perf_counter() - started) * 1000)
        assert answer.status_code == 200, (url, answer.status_code)
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--counters", type=int, default=200)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        server_dir = Path(tmp) / "server"
        with Timer() as filling:
            fill(server_dir, args.counters, args.rows)
        subprocess.run([sys.executable, "-m", "server", "--data-dir", str(server_dir), "user", "add", "--id",
                        "bench", "--role", "viewer", "--password-stdin"], input=f"{PASSWORD}\n{PASSWORD}\n",
                       text=True, check=True, capture_output=True, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
        proc, url = start_server(server_dir, consumers=0)
        try:
            session = requests.Session()
            signed_in = session.post(f"{url}/signin", data={"user_id": "bench", "password": PASSWORD}, timeout=60,
                                     allow_redirects=False)   # not followed: the first page is timed below
            assert signed_in.status_code == 303, signed_in.text
            with Timer() as first:
                session.get(f"{url}/counters", timeout=600)   # the first page waits for the first audit
            today = dt.date.today()
            pages = {
                "GET /api/v1/health (baseline)": f"{url}/api/v1/health",
                "GET / sign-in page (baseline: bare template)": f"{url}/",
                "GET /counters": f"{url}/counters",
                "GET /counters/BR-007 (ledger page 1)": f"{url}/counters/BR-007",
                "GET /collections (7 days)": f"{url}/collections?date_from={today - dt.timedelta(days=6)}&date_to={today}",
            }
            bare = requests.Session()   # no cookie: the sign-in page renders instead of redirecting
            print(f"{args.counters} counters, {args.rows:,} ledger rows written in {filling.seconds:.1f} s; first "
                  f"counters page (runs the audit) {first.seconds * 1000:.0f} ms")
            print(f"{'page':48} {'p50 ms':>8} {'p95 ms':>8} {'mean':>8}   ({args.runs} runs each)")
            for name, target in pages.items():
                times = timed(bare if target.endswith("/") else session, target, args.runs)
                print(f"{name:48} {percentile(times, 50):8.1f} {percentile(times, 95):8.1f} "
                      f"{statistics.mean(times):8.1f}")
            print("Measured on a shared 2-core machine (other builds running): figures are under load.")
        finally:
            stop_server(proc)


if __name__ == "__main__":
    main()
