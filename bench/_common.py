"""What the sync benchmarks share: a real server in a subprocess, and counters with queued recharges."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import sqlite_utils

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from counter_app import connection, counter, recharge, shifts, users  # noqa: E402
from counter_app.storage import write_transaction  # noqa: E402
from server import seed as seed_data  # noqa: E402
from server.sqlite_store import SqliteStore  # noqa: E402

CASHIER = "bench"


def start_server(data_dir: Path, *, consumers: int, extra: list[str] = ()) -> tuple[subprocess.Popen, str]:
    """Seed ``consumers`` and serve on a free loopback port; returns (process, base URL)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    if consumers:
        subprocess.run([sys.executable, "-m", "server", "--data-dir", str(data_dir), "seed", "--consumers",
                        str(consumers)], env=env, check=True, capture_output=True)
    proc = subprocess.Popen([sys.executable, "-m", "server", "--data-dir", str(data_dir), "run", "--port", "0",
                             *extra], env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    line = proc.stdout.readline()
    if "listening on" not in line:
        proc.kill()
        raise SystemExit(f"server did not start: {line!r}")
    return proc, line.strip().rsplit(" ", 1)[1]


def stop_server(proc: subprocess.Popen) -> None:
    proc.terminate()
    proc.wait(timeout=20)


def add_counter(server_dir: Path, counter_id: str) -> str:
    store = SqliteStore(server_dir)
    try:
        return store.add_counter(counter_id)
    finally:
        store.close()


def template(target: Path) -> Path:
    """A counter folder with a cashier and an open shift (argon2 once, copied after)."""
    db = connection.open_counter_db(target)
    try:
        counter.setup(db, counter_id="TEMPLATE", server_url="http://127.0.0.1:9")
        users.add(db, user_id=CASHIER, name="Bench Cashier", role="cashier", pin="1234")
        shifts.open_shift(db, cashier_id=CASHIER, float_paise=0)
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        db.close()
    return target


def counter_with_queue(template_dir: Path, target: Path, *, counter_id: str, url: str, token: str,
                       recharges: int, consumers: int) -> sqlite_utils.Database:
    """A set-up counter with ``recharges`` pending in its outbox (taken through the real code path)."""
    shutil.copytree(template_dir, target)
    db = connection.open_counter_db(target)
    counter.setup(db, counter_id=counter_id, server_url=url, token=token)
    numbers = [seed_data.consumer_no(i) for i in range(min(consumers, 5000))]
    with write_transaction(db):  # one commit for the whole queue: this is set-up, not what is measured
        for i in range(recharges):
            recharge.take_recharge(db, cashier_id=CASHIER, consumer_no=numbers[i % len(numbers)],
                                   amount_paise=100_00 + i % 97)
    return db


class Timer:
    def __enter__(self) -> "Timer":
        self.started = time.perf_counter()
        return self

    def __exit__(self, *exc) -> None:
        self.seconds = time.perf_counter() - self.started


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]
