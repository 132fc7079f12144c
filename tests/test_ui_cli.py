"""``counter-app gui`` / ``demo``: Qt is imported only when the window opens, and a missing display is a sentence."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from counter_cli import gui_commands
from counter_app.errors import KnownError
from tests.core_fixtures import run_cli

ROOT = Path(__file__).resolve().parents[1]


def test_no_display_is_a_clear_sentence():
    with pytest.raises(KnownError, match="No screen"):
        gui_commands.check_display({}, "linux")
    gui_commands.check_display({"DISPLAY": ":0"}, "linux")
    gui_commands.check_display({"QT_QPA_PLATFORM": "offscreen"}, "linux")
    gui_commands.check_display({}, "win32")


def test_counter_app_without_a_display_exits_1_with_one_line(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env["PYTHONPATH"] = str(ROOT)
    done = subprocess.run([sys.executable, "-m", "counter_cli", "--data-dir", str(tmp_path)], cwd=ROOT,
                          capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 1
    assert done.stderr.startswith("counter-app: No screen") and "Traceback" not in done.stderr


def test_no_arguments_open_the_window(monkeypatch, tmp_path):
    import ui.app

    opened = []
    monkeypatch.setattr(ui.app, "run", lambda data_dir, **kw: opened.append((data_dir, kw)) or 0)
    assert run_cli("--data-dir", str(tmp_path)).code == 0
    assert run_cli("gui", "--data-dir", str(tmp_path)).code == 0
    assert [d for d, _ in opened] == [tmp_path, tmp_path]


def test_missing_qt_is_a_clear_sentence(tmp_path):
    # A None in sys.modules makes every import of PySide6 fail, as on a PC without it.
    code = ("import sys; sys.modules['PySide6'] = None; from counter_cli.main import main; "
            f"sys.exit(main(['--data-dir', {str(tmp_path)!r}]))")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60,
                          env={**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"})
    assert done.returncode == 1, done.stderr
    assert done.stderr.startswith("counter-app: The window needs PySide6") and "Traceback" not in done.stderr


def test_self_test_opens_the_window_without_touching_the_counter(qapp, tmp_path):
    from ui.selftest import start_and_close

    name, result, detail = start_and_close(tmp_path)
    assert name == "window" and result in ("pass", "warn"), detail
    assert "opens" in detail
    assert not any(tmp_path.iterdir())          # nothing written to the counter's folder


def test_opening_the_window_loads_only_the_window_command():
    from counter_cli.main import opens_window

    assert opens_window([]) and opens_window(["gui"]) and opens_window(["--data-dir", "X"])
    assert opens_window(["--data-dir=X", "gui"])
    assert not opens_window(["status"]) and not opens_window(["--help"]) and not opens_window(["--data-dir"])
    assert not opens_window(["--version"]) and not opens_window(["demo"])
    help_text = run_cli("--help").out
    assert "status" in help_text and "gui" in help_text and "demo" in help_text
