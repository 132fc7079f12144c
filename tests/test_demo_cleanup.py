"""``counter-app demo`` leaves no reference server behind, however it ends.

A real ``counter-app demo`` process (offscreen) with its real server child:
SIGTERM (a desktop log-out) and SIGINT stop the child in order; SIGKILL of
the app runs no clean-up at all, so the child must notice its parent is gone.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")


def server_pids(server_dir: Path) -> list[int]:
    """Every live process whose command line runs the reference server on ``server_dir``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            argv = (entry / "cmdline").read_bytes().split(b"\0")
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z" and b"server" in argv and str(server_dir).encode() in argv and b"run" in argv:
            found.append(int(entry.name))
    return found


def start_demo(root: Path) -> subprocess.Popen:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.Popen([sys.executable, "-m", "counter_app", "demo", "--data-dir", str(root),
                             "--consumers", "20"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL, env=env, text=True)
    deadline = time.monotonic() + 120
    seen = []
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        seen.append(line)
        if line.startswith("Demo server: http://"):
            return proc
        if not line and proc.poll() is not None:
            break
    proc.kill()
    raise AssertionError("the demo did not start:\n" + "".join(seen))


def wait_gone(server_dir: Path, timeout: float = 15) -> list[int]:
    deadline = time.monotonic() + timeout
    while (left := server_pids(server_dir)) and time.monotonic() < deadline:
        time.sleep(0.1)
    return left


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT, signal.SIGKILL], ids=lambda s: s.name)
def test_demo_killed_leaves_no_server(tmp_path, sig):
    proc = start_demo(tmp_path)
    server_dir = tmp_path / "server"
    try:
        assert server_pids(server_dir), "the demo server child should be running"
        time.sleep(1.0)   # the window is up and its threads started
        proc.send_signal(sig)
        code = proc.wait(30)
        if sig != signal.SIGKILL:
            assert code == 128 + sig, proc.stdout.read()   # an orderly exit, not a default-handler death
        assert wait_gone(server_dir) == []
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)
        proc.stdout.close()
        for pid in server_pids(server_dir):
            os.kill(pid, signal.SIGKILL)


def test_window_closed_stops_the_server(tmp_path):
    """The window closing on its own (here: ready, then closed) takes the server down too."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", COUNTER_APP_EXIT_WHEN_READY="1")
    done = subprocess.run([sys.executable, "-m", "counter_app", "demo", "--data-dir", str(tmp_path),
                           "--consumers", "20"], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "ready" in done.stdout
    assert wait_gone(tmp_path / "server", timeout=5) == []
