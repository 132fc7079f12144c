"""Cold start to a usable cashier window, beside a bare PySide6 window, in the same run.

    .venv/bin/python bench/bench_ui_start.py [--runs 7]

Each start is a fresh process (offscreen), timed from just before it is
launched until it reports the window shown, painted and ready for keys: the
real command (`counter-app --data-dir D`, no command opens the window) with
COUNTER_APP_EXIT_WHEN_READY set, which makes ui.app print "ready" from the
event loop once the login page is painted with the focus in the cashier field.
Bare and app runs alternate so that both see the same disk cache and load.
Target: the app's median at most 2x the bare window's.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

BARE = """
import sys
from PySide6.QtWidgets import QApplication, QMainWindow, QLabel, QLineEdit
from PySide6.QtCore import QTimer
app = QApplication(sys.argv)
w = QMainWindow(); edit = QLineEdit(); w.setCentralWidget(edit); w.resize(1100, 760); w.show()
edit.setFocus()
def ready():
    w.grab()  # one real paint
    print("ready", flush=True); app.quit()
QTimer.singleShot(0, ready)
app.exec()
"""

# The real entry point: `counter-app` with no command opens the window.
APP = "import sys; from counter_cli.main import main; sys.exit(main(sys.argv[1:]))"


def child_env() -> dict[str, str]:
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
               PYTHONPATH=str(ROOT))
    # An installed app has its bytecode compiled (pip does it); so does this run.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["COUNTER_APP_EXIT_WHEN_READY"] = "1"   # ui.app reports "ready" once usable, then exits
    return env


def one(code: str, *args: str) -> float:
    """Seconds from launching the process to reading its "ready" line (teardown not counted)."""
    env = child_env()
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True, env=env, cwd=ROOT)
    line = proc.stdout.readline() if proc.stdout else ""
    elapsed = time.perf_counter() - started
    proc.communicate(timeout=60)
    if "ready" not in line or ("focus=" in line and "focus=cashier" not in line):
        raise SystemExit(f"start failed or not usable: {line!r}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    from tests.core_fixtures import build_counter

    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        build_counter(data)
        subprocess.run([sys.executable, "-m", "compileall", "-q", "counter_app", "ui", "receipts"], cwd=ROOT,
                       env=child_env(), check=False)
        one(BARE)
        one(APP, "--data-dir", str(data))   # warm the disk cache for both
        bare, app = [], []
        for _ in range(args.runs):
            bare.append(one(BARE))
            app.append(one(APP, "--data-dir", str(data)))
    b, a = statistics.median(bare), statistics.median(app)
    print(f"bare PySide6 window: median {b * 1000:.0f} ms  (min {min(bare) * 1000:.0f})")
    print(f"cashier window:      median {a * 1000:.0f} ms  (min {min(app) * 1000:.0f})")
    ratio = a / b
    print(f"ratio {ratio:.2f}x  (target <= 2x): {'OK' if ratio <= 2 else 'OVER'}")
    return 0 if ratio <= 2 else 1


if __name__ == "__main__":
    raise SystemExit(main())
