"""Every window and dialog fits a counter PC's screen: 1024x768 and 1366x768.

Each size is a real (offscreen) screen of that size, in a process of its own;
tests/window_fit_probe.py opens every window and dialog there at its fullest
(an error shown, the close-shift sign-off done) and reports its geometry.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ui.screen_fit import TITLE_BAR

ROOT = Path(__file__).resolve().parent.parent
EXPECTED = {"login", "recharge page, consumer shown, an error", "recharge page, last receipt", "transactions",
            "printer setup", "void (supervisor) with an error", "X report", "close shift after the sign-off",
            "Z report", "first-run setup"}


@pytest.mark.parametrize("width, height", [(1024, 768), (1366, 768)])
def test_every_window_fits_the_screen(data_dir, tmp_path, width, height):
    screen = tmp_path / "screen.json"
    screen.write_text(json.dumps({"screens": [{"name": "counter-pc", "x": 0, "y": 0, "width": width,
                                               "height": height, "logicalDpi": 96, "logicalBaseDpi": 96,
                                               "dpr": 1}]}))
    run_dir = tmp_path / "run"
    shutil.copytree(data_dir, run_dir / "data")
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={screen}", "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "tests.window_fit_probe", str(run_dir / "data")],
                          capture_output=True, text=True, env=env, timeout=180, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-3000:]
    rows = json.loads(done.stdout.strip().splitlines()[-1])
    assert {r["name"] for r in rows} == EXPECTED
    for r in rows:
        where = f"{r['name']} at {width}x{height}: {r}"
        assert r["x"] >= 0 and r["y"] >= 0 and r["x"] + r["w"] <= width and r["y"] + r["h"] <= height, where
        assert r["inner_h"] + TITLE_BAR <= height, where        # room left for the window manager's title bar
        for part in r["must_show"]:
            assert part["visible"] and part["inside"] and not part["clipped"], where


def test_a_dialog_taller_than_the_screen_scrolls_with_its_buttons_outside(qtbot):
    from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QScrollArea, QVBoxLayout

    from ui import screen_fit

    dialog = QDialog()
    qtbot.addWidget(dialog)
    layout = QVBoxLayout(dialog)
    for n in range(60):
        layout.addWidget(QLabel(f"line {n}"))
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    layout.addWidget(buttons)
    dialog.show()
    assert not screen_fit.fits(dialog, dialog.minimumSizeHint())
    screen_fit.fit(dialog)
    limit = screen_fit.room(dialog)
    assert dialog.height() <= limit.height() and dialog.findChild(QScrollArea) is not None
    qtbot.wait(50)
    close = buttons.buttons()[0]
    assert not dialog.findChild(QScrollArea).isAncestorOf(close)
    corner = close.mapTo(dialog, close.rect().bottomRight())
    assert dialog.rect().contains(corner)
