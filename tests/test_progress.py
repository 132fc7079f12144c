"""Progress bars on a terminal for long commands, and none with --json or when output is not a terminal.

The commands run as their own processes with standard error on a real pseudo-terminal
(or on a pipe), against the real reference server on loopback.
"""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import sys
from pathlib import Path

import pytest

from counter_app import backup_crypto, connection, counter, progress
from counter_cli.demo import DemoServer, _run_server_command

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs a pseudo-terminal")


def run(argv: list[str], *, tty: bool) -> tuple[int, str, str]:
    """(exit code, stdout, stderr) of a command whose stderr is a terminal (tty=True) or a pipe."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "100"}
    if not tty:
        done = subprocess.run([sys.executable, *argv], capture_output=True, text=True, env=env, timeout=120)
        return done.returncode, done.stdout, done.stderr
    leader, follower = pty.openpty()
    proc = subprocess.Popen([sys.executable, *argv], stdout=subprocess.PIPE, stderr=follower, env=env,
                            stdin=subprocess.DEVNULL)
    os.close(follower)
    chunks = []
    while True:
        ready, _, _ = select.select([leader], [], [], 0.2)
        data = b""
        if ready:
            try:
                data = os.read(leader, 65536)
            except OSError:      # EIO: the other end is closed
                data = b""
            chunks.append(data)
        if not data and proc.poll() is not None:
            break
    out = proc.stdout.read().decode()
    proc.stdout.close()
    os.close(leader)
    return proc.wait(), out, b"".join(chunks).decode(errors="replace")


def test_server_seed_shows_a_bar_on_a_terminal_only(tmp_path):
    code, _out, err = run(["-m", "server", "--data-dir", str(tmp_path / "a"), "seed", "--consumers", "250000"],
                          tty=True)
    assert code == 0 and "Seeding" in err and "250000/250000" in err.replace(",", "")
    code, out, err = run(["-m", "server", "--data-dir", str(tmp_path / "b"), "seed", "--consumers", "1000",
                          "--json"], tty=True)
    assert code == 0 and "Seeding" not in err and json.loads(out)["consumers"] == 1000
    code, _out, err = run(["-m", "server", "--data-dir", str(tmp_path / "c"), "seed", "--consumers", "1000"],
                          tty=False)
    assert code == 0 and "Seeding" not in err


def test_consumers_pull_and_backup_show_bars(counter_dir, tmp_path):
    server_dir = tmp_path / "srv"
    server_dir.mkdir()
    _run_server_command(server_dir, "seed", "--consumers", "3000", "--json")
    token = _run_server_command(server_dir, "counter", "add", "--counter-id", "MNG-01", "--json")["token"]
    server = DemoServer(server_dir)
    server.start(wait=True)
    try:
        db = connection.open_counter_db(counter_dir)
        counter.setup(db, counter_id="MNG-01", server_url=server.url, token=token)
        db.close()
        code, out, err = run(["-m", "counter_app", "--data-dir", str(counter_dir), "consumers", "pull"], tty=True)
        assert code == 0, err
        assert "Pulling consumers" in err and "3000" in err.replace(",", "") and "3,000" in out
        code, out, err = run(["-m", "counter_app", "--data-dir", str(counter_dir), "consumers", "pull", "--json"],
                             tty=True)
        assert code == 0 and "Pulling" not in err
    finally:
        server.stop()
    backup_crypto.set_passphrase(counter_dir, "a long passphrase for the test")
    code, out, err = run(["-m", "counter_app", "--data-dir", str(counter_dir), "backup", "--to",
                          str(tmp_path / "usb")], tty=True)
    assert code == 0, err
    assert "Backing up" in err and "4/4" in err and "Backup written" in out
    written = out.split("Backup written: ", 1)[1].split(" (", 1)[0]

    db = connection.open_counter_db(counter_dir)           # one recharge waiting for the server
    try:
        from counter_app import recharge
        recharge.take_recharge(db, cashier_id="asha", consumer_no="123456789", amount_paise=100_00)
    finally:
        db.close()
    code, out, err = run(["-m", "counter_app", "--data-dir", str(counter_dir), "export-queue", "--out",
                          str(tmp_path / "usb" / "queue.json")], tty=True)
    assert code == 0, err
    assert "Writing the queue" in err and "Wrote 1 transactions" in out
    code, out, err = run(["-m", "counter_app", "--data-dir", str(counter_dir), "restore", written, "--force"],
                         tty=True)
    assert code == 0, err
    assert "Restoring" in err and "4/4" in err and "Restored counter" in out


def test_report_moves_a_bar_forward_only():
    import io

    stream = io.StringIO()
    with progress.terminal("Testing", unit=" items", stream=stream, force=True) as report:
        report(5, 10)
        report(10, 10)
    assert "10/10" in stream.getvalue()
    assert not progress.wanted(stream=io.StringIO())


def test_window_shows_a_bar_for_a_long_drain_and_the_directory(qtbot, tmp_path, live_server):
    from PySide6.QtCore import QTimer

    from counter_app import connection, settings
    from tests.core_fixtures import build_counter
    from tests.live_server import Link, put_online
    from tests.ui_support import add_recharges, copy_counter
    from ui.app import build_window

    template = tmp_path / "template"
    build_counter(template)
    data = copy_counter(template, tmp_path / "data")
    link = Link(live_server, put_online(data, live_server))
    db = connection.open_counter_db(data)
    try:
        for name in ("sync_batch_size", "sync_batch_max"):    # batches of 50: twelve rounds
            settings.change(db, name, 50)
    finally:
        db.close()
    add_recharges(data, 600)
    win = build_window(data, sync_now=False)
    qtbot.addWidget(win)
    win.show()
    try:
        win.work.request_status()
        qtbot.waitUntil(lambda: win.last_status is not None and win.last_status.pending == 600, timeout=10000)
        texts = []

        def seen() -> None:
            if win.feedback.bar.isVisible():
                texts.append(win.feedback.bar.format())
        watch = QTimer()
        watch.timeout.connect(seen)
        watch.start(20)
        link.slow(250)                                     # each answer a quarter second late: the drain takes a while
        win.sync_now()
        qtbot.waitUntil(lambda: not win.work.syncing, timeout=30000)
        watch.stop()
        assert any(t.startswith("Sending: ") and t.endswith(" of 600") for t in texts), texts[:5]
        assert not win.feedback.bar.isVisible()
        win.work.directory_progress.emit(25000)
        assert win.feedback.bar.isVisible() and win.feedback.bar.format() == "Consumer directory: 25,000 received"
    finally:
        link.up()
        win.close()
        win.session.close()
