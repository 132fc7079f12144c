"""Peak memory of the running window with 1,000,000 consumers in the local directory.

    .venv/bin/python bench/bench_ui_memory.py [--consumers 1000000]

Builds a counter database whose consumer directory holds N consumers, then in
a fresh process (offscreen) opens the window, logs in by PIN (argon2id, which
itself takes 64 MiB while it checks), opens a shift, looks consumers up,
takes a recharge, opens the transactions view and lets the status thread read
the queue; the peak resident set size (ru_maxrss) of that process is printed
beside a bare PySide6 window's. Target: under 200 MB.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CHILD = r"""
import os, resource, sys, time
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from ui.app import application, build_window
app = application(sys.argv)
w = build_window(sys.argv[1], sync_now=False)
w.show()
def pump(seconds=0.2):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents(); time.sleep(0.005)
pump()
QTest.keyClicks(w.login.cashier, "asha"); QTest.keyClick(w.login.cashier, Qt.Key.Key_Return)
QTest.keyClicks(w.login.pin, "1234"); QTest.keyClick(w.login.pin, Qt.Key.Key_Return)
QTest.keyClicks(w.shift.float_edit, "1000"); QTest.keyClick(w.shift.float_edit, Qt.Key.Key_Return)
found = 0
for number in sys.argv[2].split(","):
    w.recharge.consumer.clear()
    QTest.keyClicks(w.recharge.consumer, number); QTest.keyClick(w.recharge.consumer, Qt.Key.Key_Return)
    found += "not in local directory" not in w.recharge.consumer_info.text()
w.recharge.consumer.clear()
QTest.keyClicks(w.recharge.consumer, sys.argv[2].split(",")[0]); QTest.keyClick(w.recharge.consumer, Qt.Key.Key_Return)
QTest.keyClicks(w.recharge.amount, "500"); QTest.keyClick(w.recharge.amount, Qt.Key.Key_Return)
QTest.keyClick(w.recharge.tendered, Qt.Key.Key_Return)
assert w.recharge.last_taken is not None
w.show_transactions(); w.work.request_status()
pump(1.0)
assert w.last_status is not None
print(f"found={found} maxrss_kb={resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}", flush=True)
os._exit(0)
"""

BARE = r"""
import os, resource, sys
from PySide6.QtWidgets import QApplication, QMainWindow, QLineEdit
app = QApplication(sys.argv); w = QMainWindow(); w.setCentralWidget(QLineEdit()); w.show(); app.processEvents()
w.grab()
print(f"maxrss_kb={resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}", flush=True); os._exit(0)
"""


def fill_directory(data: Path, n: int) -> list[str]:
    """N consumers in the local directory, stored as the consumer pull stores them (pages of 10,000)."""
    from counter_app import connection, consumers
    now = "2026-11-27T06:00:00.000000Z"
    rng = random.Random(5)
    first, last = ["Ram", "Sita", "Mohan", "Geeta", "Suresh", "Anita", "Ravi", "Pooja"], [
        "Kumar", "Devi", "Singh", "Prasad", "Yadav", "Sharma", "Mishra", "Paswan"]
    db = connection.open_counter_db(data)
    try:
        for start in range(0, n, 10_000):
            page = [{"consumer_no": f"{100_000_000_000 + i}", "name": f"{rng.choice(first)} {rng.choice(last)}",
                     "meter_no": f"MTR{i:09d}", "subdivision": "Patna Central",
                     "balance_paise": rng.randrange(0, 5_000_00), "updated_at": now}
                    for i in range(start, min(n, start + 10_000))]
            consumers.store_page(db, page, next_cursor=str(start + len(page)))
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        db.close()
    return [f"{100_000_000_000 + i}" for i in (0, n // 2, n - 1)]


def run(code: str, *args: str) -> dict:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=env,
                          cwd=ROOT, timeout=300)
    line = [x for x in done.stdout.splitlines() if "maxrss_kb=" in x]
    if not line:
        raise SystemExit(f"child failed: {done.stdout[-1000:]} {done.stderr[-3000:]}")
    return dict(part.split("=") for part in line[-1].split())


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--consumers", type=int, default=1_000_000)
    args = parser.parse_args()
    from counter_app import paths
    from tests.core_fixtures import build_counter

    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        build_counter(data, open_shift=False)
        started = time.perf_counter()
        sample = fill_directory(data, args.consumers)
        size_mb = paths.db_path(data).stat().st_size / 1e6
        print(f"directory of {args.consumers:,} consumers written in {time.perf_counter() - started:.1f} s "
              f"(database {size_mb:.0f} MB)")
        bare = run(BARE)
        app = run(CHILD, str(data), ",".join(sample))
    bare_mb, app_mb = int(bare["maxrss_kb"]) / 1024, int(app["maxrss_kb"]) / 1024
    print(f"bare PySide6 window: peak RSS {bare_mb:.0f} MB")
    print(f"cashier window:      peak RSS {app_mb:.0f} MB (looked up {app['found']}/3 in the directory, "
          f"took a recharge, listed, status) (target < 200 MB): {'OK' if app_mb < 200 else 'OVER'}")
    return 0 if app_mb < 200 else 1


if __name__ == "__main__":
    raise SystemExit(main())
