"""Confirmed while the customer waits: Enter to a printed receipt, and how many print CONFIRMED.

    .venv/bin/python bench/bench_confirm.py [--n 30] [--wait-ms 1500]

The real window (offscreen) and the real reference server on loopback. Each
recharge is typed by keyboard: consumer number, Enter, Alt+3 (Rs 500), Enter;
the clock runs from that last Enter to the receipt printed (PDF archived) and
the status it printed. Baseline, in the same run: ``confirm_wait_ms 0``, which
prints at once as before (PROVISIONAL until the background sync).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def run(root: Path, url: str, token: str, wait_ms: int, n: int) -> tuple[list[float], int]:
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from counter_app import connection, consumers, counter, settings, shifts, users
    from ui.app import build_window

    data = root / f"counter-{wait_ms}"
    db = connection.open_counter_db(data)
    counter.setup(db, counter_id=f"B{wait_ms}"[:16], server_url=url, token=token, office="Bench")
    users.add(db, user_id="bench", name="Bench", role="cashier", pin="1234")
    shifts.open_shift(db, cashier_id="bench", float_paise=0)
    settings.change(db, "confirm_wait_ms", wait_ms)
    settings.change(db, "double_take_window_s", 0)
    consumers.pull(db)
    numbers = [r[0] for r in db.execute("SELECT consumer_no FROM consumers ORDER BY 1 LIMIT ?", [n])]
    db.close()
    win = build_window(data, sync_now=False)
    win.show()
    win.session.user = users.get(win.session.db, "bench")
    win._logged_in_actions(True)
    win.show_recharge()
    page = win.recharge
    times, confirmed = [], 0
    for number in numbers:
        page.last_outcome = None
        QTest.keyClicks(page.consumer, number)
        QTest.keyClick(page.consumer, Qt.Key.Key_Return)
        QTest.keyClick(page, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
        started = time.perf_counter()
        QTest.keyClick(page.tendered, Qt.Key.Key_Return)
        while page.last_outcome is None and time.perf_counter() - started < 30:
            QApplication.processEvents()
            time.sleep(0.001)
        times.append(time.perf_counter() - started)
        confirmed += page.last_outcome is not None and page.last_outcome.status == "confirmed"
    win.close()
    win.session.close()
    return times, confirmed


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=30)
    parser.add_argument("--wait-ms", type=int, default=1500)
    args = parser.parse_args()
    from counter_cli.demo import DemoServer, _run_server_command
    from ui.app import application

    application()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "srv").mkdir()
        _run_server_command(root / "srv", "seed", "--consumers", str(args.n * 2), "--json")
        server = DemoServer(root / "srv")
        results = {}
        try:
            for wait_ms in (args.wait_ms, 0):
                token = _run_server_command(root / "srv", "counter", "add", "--counter-id", f"B{wait_ms}"[:16],
                                            "--json")["token"]
                server.start(wait=True)
                results[wait_ms] = run(root, server.url, token, wait_ms, args.n)
        finally:
            server.stop()
    for wait_ms, (times, confirmed) in results.items():
        label = f"confirm_wait_ms {wait_ms}" + (" (baseline: print at once)" if wait_ms == 0 else "")
        print(f"{label:40s} median Enter->receipt {statistics.median(times) * 1000:7.1f} ms  "
              f"p90 {sorted(times)[int(len(times) * 0.9) - 1] * 1000:7.1f} ms  "
              f"CONFIRMED {confirmed}/{len(times)} ({confirmed / len(times):.0%})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
