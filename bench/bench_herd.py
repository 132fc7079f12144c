"""The thundering herd: every counter of a district comes back online at once, each with a queue to send.

200 counters with 500 queued each (100,000 transactions) start syncing at the
same moment, from a few client processes (each counter its own thread). Each was
set up as ``counter-app setup`` does (key registered, server key pinned) before
the herd: they were online before the outage. Checks that all drain with no
transaction credited twice, and measures ``GET /api/v1/health`` from a separate
process meanwhile; prints the CPU time per transaction of the servers, of
PostgreSQL and of the counters (all on the same machine here).

With ``--store postgresql`` the same herd runs against the SQLite store (one
process, the baseline) and against PostgreSQL with ``--workers N`` server
processes, in the order SQLite, PostgreSQL, PostgreSQL, SQLite (``--rounds 2``):
on this machine the second of two back-to-back runs came out 3 to 9 % slower
whichever store it was, so a fixed order would favour the first. Each figure is
the store's runs together (throughput and CPU the mean, health over every
probe), printed beside the other store's; each run's throughput is printed too.
Targets (PostgreSQL): throughput at least SQLite's and at least 5,000 tx/s;
health p99 under 100 ms; zero duplicates.

    python bench/bench_herd.py [--store sqlite|postgresql] [--workers 2] [--counters 200] [--each 500] [--rounds 2]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import Timer, counter_with_queue, percentile, template
from _stores import BenchServer, tree_cpu_seconds

from counter_app import connection, counter
from counter_app.sync import SyncClient

PROBE = r"""
import json, sys, time, os, requests
url, stop = sys.argv[1], sys.argv[2]
session, samples = requests.Session(), []
while not os.path.exists(stop):
    started = time.perf_counter()
    try:
        ok = session.get(url + "/api/v1/health", timeout=10).status_code == 200
    except requests.RequestException:
        ok = False
    samples.append((time.perf_counter() - started) * 1000 if ok else 1e9)
    time.sleep(0.02)
print(json.dumps(samples))
"""
CLIENT = Path(__file__).with_name("_herd_client.py")


def build_counters(tmp: Path, count: int, each: int) -> dict[str, Path]:
    """Counters with their queues, made once and copied for each store (set-up is not what is measured)."""
    tpl = template(tmp / "template")
    made = {}
    for n in range(count):
        counter_id = f"HERD-{n:03d}"
        db = counter_with_queue(tpl, tmp / "pristine" / counter_id, counter_id=counter_id, url="http://127.0.0.1:9",
                                token=None, recharges=each, consumers=5_000)
        db.close()
        made[counter_id] = tmp / "pristine" / counter_id
    return made


def _register(db) -> None:
    """What ``counter-app setup`` does once the server answers: register the key, pin the server's.

    A herd is counters that were online before the outage: they registered then,
    and their first pass back only sends. (Set-up, not measured.)
    """
    client = SyncClient(db)
    try:
        problem = client.register_key()
        pinning = client.pin_server_key()
    finally:
        client.close()
    if problem or pinning:
        raise SystemExit(f"counter set-up failed: {problem or pinning.sentence}")


def _reaped_cpu_seconds() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def herd(kind: str, workers: int, pristine: dict[str, Path], tmp: Path, clients: int, run: int = 1) -> dict:
    tmp = tmp / f"{kind}-{run}"
    server = BenchServer(kind, tmp / f"{kind}-server")
    try:
        server.seed(5_000)
        url = server.start(*(["--workers", str(workers)] if kind == "postgresql" else []))
        tokens = server.add_counters(list(pristine))
        folders = []
        for counter_id, source in pristine.items():
            target = tmp / kind / counter_id
            shutil.copytree(source, target)
            db = connection.open_counter_db(target)
            counter.setup(db, counter_id=counter_id, server_url=url, token=tokens[counter_id])
            _register(db)
            db.close()
            folders.append(str(target))
        start, stop = tmp / f"{kind}-go", tmp / f"{kind}-stop"
        probe = subprocess.Popen([sys.executable, "-c", PROBE, url, str(stop)], stdout=subprocess.PIPE, text=True)
        shares = [folders[i::clients] for i in range(clients)]
        procs = [subprocess.Popen([sys.executable, str(CLIENT), str(start), *share], stdout=subprocess.PIPE,
                                  text=True) for share in shares]
        os.sync()  # the set-up's writes (copies, a new cluster) reach the disk now, not during the drain
        time.sleep(2.0)  # let every client open its counters before the signal
        cpu_before = server.cpu_seconds()
        # What the clients used to start and open their counters is not the drain's.
        clients_before = _reaped_cpu_seconds() + sum(tree_cpu_seconds(proc.pid) for proc in procs)
        started = time.time()
        start.touch()
        outcomes: dict = {}
        for proc in procs:
            outcomes.update(json.loads(proc.communicate(timeout=1800)[0]))
        seconds = max(o["finished_at"] for o in outcomes.values()) - started
        clients_cpu = _reaped_cpu_seconds() - clients_before  # the client processes, reaped just now
        server_cpu, db_cpu = (after - before for after, before in zip(server.cpu_seconds(), cpu_before))
        stop.touch()
        samples = json.loads(probe.communicate(timeout=60)[0])
        server.stop()
        store = server.open_store()
        try:
            rows = store.ledger()
        finally:
            store.close()
    finally:
        server.destroy()
        shutil.rmtree(tmp, ignore_errors=True)  # this run's 200 counters (350 to 500 MB), not kept to the end
    return {"seconds": seconds, "rows": len(rows), "distinct": len({r["txn_id"] for r in rows}),
            "remaining": sum(o["remaining"] for o in outcomes.values()),
            "errors": sum(o["errors"] for o in outcomes.values()),
            "duplicate_answers": sum(o["duplicates"] for o in outcomes.values()),
            "samples": samples, "server_cpu": server_cpu, "db_cpu": db_cpu, "clients_cpu": clients_cpu}


def combined(runs: list[dict], total: int) -> dict:
    """A store's runs as one: throughput and CPU averaged, the checks summed, health over every probe."""
    samples = [s for r in runs for s in r["samples"]]
    mean = lambda key: sum(r[key] for r in runs) / len(runs)  # noqa: E731
    rates = [total / r["seconds"] for r in runs]
    return {"rate": sum(rates) / len(rates), "rates": rates,
            "seconds": mean("seconds"), "ok": all(r["rows"] == r["distinct"] == total and not r["remaining"]
                                                  for r in runs),
            "rows": sum(r["rows"] for r in runs), "distinct": sum(r["distinct"] for r in runs),
            "remaining": sum(r["remaining"] for r in runs), "errors": sum(r["errors"] for r in runs),
            "duplicate_answers": sum(r["duplicate_answers"] for r in runs),
            "p50": percentile(samples, 50), "p99": percentile(samples, 99), "max": max(samples),
            "server_cpu": mean("server_cpu"), "db_cpu": mean("db_cpu"), "clients_cpu": mean("clients_cpu")}


def run_order(kinds: list[str], rounds: int) -> list[str]:
    """Each round once forward, once backward (S P, P S, ...): a machine that slows or warms as the
    runs go on (here the second of two runs was 3 to 9 % slower, whichever store it was) favours neither."""
    order: list[str] = []
    for n in range(rounds):
        order += kinds if n % 2 == 0 else kinds[::-1]
    return order


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--store", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument("--workers", type=int, default=2, help="server processes on PostgreSQL")
    parser.add_argument("--counters", type=int, default=200)
    parser.add_argument("--each", type=int, default=500)
    parser.add_argument("--clients", type=int, default=4, help="client processes the counters are spread over")
    parser.add_argument("--rounds", type=int, help="with --store postgresql: rounds of both stores, alternating "
                        "their order (default 2: SQLite, PostgreSQL, PostgreSQL, SQLite)")
    args = parser.parse_args()
    total = args.counters * args.each
    kinds = ["sqlite"] + (["postgresql"] if args.store == "postgresql" else [])
    order = run_order(kinds, args.rounds or (2 if len(kinds) > 1 else 1))
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        with Timer() as setup:
            pristine = build_counters(tmp, args.counters, args.each)
        print(f"set up {args.counters} counters x {args.each:,} queued in {setup.seconds:.1f} s")
        done: list[tuple[str, dict]] = []
        for n, kind in enumerate(order, 1):
            done.append((kind, herd(kind, args.workers, pristine, tmp, args.clients, run=n)))
    runs = {kind: combined([r for k, r in done if k == kind], total) for kind in kinds}
    label = {"sqlite": "SQLite, 1 process", "postgresql": f"PostgreSQL, {args.workers} workers"}
    print(f"herd: {args.counters} counters x {args.each:,} = {total:,} transactions, {args.clients} client processes")
    print("runs in order: " + ", ".join(f"{label[k].split(',')[0]} {total / r['seconds']:,.0f} tx/s" for k, r in done))
    print(f"{'':34}" + "".join(f"{label[k]:>26}" for k in kinds))
    rows = [("drain time, mean (s)", lambda r: f"{r['seconds']:.1f}"),
            ("throughput, mean of runs (tx/s)", lambda r: f"{r['rate']:,.0f}"),
            ("credited rows / distinct, all runs", lambda r: f"{r['rows']:,} / {r['distinct']:,}"),
            ("left queued; sync errors retried", lambda r: f"{r['remaining']}; {r['errors']}"),
            ("'duplicate' answers", lambda r: f"{r['duplicate_answers']}"),
            ("health p50 / p99 / max (ms)", lambda r: f"{r['p50']:.1f} / {r['p99']:.1f} / {r['max']:.0f}"),
            ("CPU per tx: server / PostgreSQL (us)",
             lambda r: f"{r['server_cpu'] / total * 1e6:.0f} / {r['db_cpu'] / total * 1e6:.0f}"),
            ("CPU per tx: the counters (us)", lambda r: f"{r['clients_cpu'] / total * 1e6:.0f}")]
    for name, show in rows:
        print(f"{name:34}" + "".join(f"{show(runs[k]):>26}" for k in kinds))
    for kind, r in runs.items():
        print(f"{label[kind]}: {'no duplicate, nothing left' if r['ok'] else 'MISMATCH'}")
    if "postgresql" in runs:
        pg, lite = runs["postgresql"], runs["sqlite"]
        rate, base, slowest = pg["rate"], lite["rate"], min(pg["rates"])
        print(f"targets: PostgreSQL {rate:,.0f} tx/s >= SQLite {base:,.0f} tx/s (means of the runs): "
              f"{'met' if rate >= base else 'MISSED'}; >= 5,000 tx/s (slowest run {slowest:,.0f}): "
              f"{'met' if slowest >= 5000 else 'MISSED'}; health p99 {pg['p99']:.1f} ms < 100 ms: "
              f"{'met' if pg['p99'] < 100 else 'MISSED'}")


if __name__ == "__main__":
    main()
