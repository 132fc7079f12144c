"""Confirmed while the customer waits: against the real reference server on loopback.

Server up and quick: the receipt prints CONFIRMED with the server's reference.
Server known to be down: PROVISIONAL at once. Server slower than ``confirm_wait_ms``:
PROVISIONAL once the wait is up, never later. The form is free at once in every case.
"""

from __future__ import annotations

import time

import pytest
from PySide6.QtWidgets import QApplication

from counter_app import connection, consumers, counter, settings, shifts, users
from counter_app.errors import KnownError
from counter_cli.demo import DemoServer, _run_server_command
from tests.core_fixtures import CASHIER, CASHIER_PIN
from tests.ui_support import focused, log_in, seed_directory, take
from ui.app import build_window


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    where = tmp_path_factory.mktemp("confirm-server")
    _run_server_command(where, "seed", "--consumers", "50", "--json")
    token = _run_server_command(where, "counter", "add", "--counter-id", "MNG-01", "--json")["token"]
    srv = DemoServer(where)
    srv.start(wait=True)
    yield srv, token
    srv.stop()


def make_counter(tmp_path, url: str, token: str, wait_ms: int):
    data = tmp_path / "data"
    db = connection.open_counter_db(data)
    try:
        counter.setup(db, counter_id="MNG-01", server_url=url, token=token, office="Test")
        users.add(db, user_id=CASHIER, name="Asha Devi", role="cashier", pin=CASHIER_PIN)
        shifts.open_shift(db, cashier_id=CASHIER, float_paise=1000_00)
        settings.change(db, "confirm_wait_ms", wait_ms)
        try:
            consumers.pull(db)              # the directory the server knows, as the first sync pulls it
        except KnownError:
            pass                            # the server-down case: no directory
        known = db.execute("SELECT consumer_no FROM consumers ORDER BY 1 LIMIT 1").fetchone()
    finally:
        db.close()
    seed_directory(data)
    return data, known[0] if known else "300400500"


def open_window(qtbot, data):
    win = build_window(data, sync_now=False)
    qtbot.addWidget(win)
    win.show()
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win, timeout=3000)
    log_in(qtbot, win)
    return win


def take_and_wait(qtbot, win, number: str) -> tuple[float, float]:
    """(seconds until the form was free, seconds until the receipt was printed)."""
    page = win.recharge
    page.last_outcome = None
    started = time.perf_counter()
    take(qtbot, win, number, "100")
    free = time.perf_counter() - started
    assert page.last_taken is not None and focused(win) == "consumer"
    qtbot.waitUntil(lambda: page.last_outcome is not None, timeout=15000)
    return free, time.perf_counter() - started


def test_receipt_says_confirmed_when_the_server_answers_in_time(qtbot, server, tmp_path):
    srv, token = server
    data, known = make_counter(tmp_path, srv.url, token, 3000)
    win = open_window(qtbot, data)
    try:
        free, printed = take_and_wait(qtbot, win, known)
        outcome = win.recharge.last_outcome
        assert outcome.ok and outcome.status == "confirmed" and outcome.server_ref, outcome
        assert free < 1.0 and printed < 3.5
        assert "CONFIRMED" in win.recharge.last_receipt.text()
    finally:
        win.close()
        win.session.close()


def test_server_down_prints_provisional_at_once(qtbot, tmp_path):
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    data, _known = make_counter(tmp_path, f"http://127.0.0.1:{port}", "x" * 32, 1500)
    win = open_window(qtbot, data)
    try:
        win.sync_now()                       # the window learns the server is down
        qtbot.waitUntil(lambda: win.work.last_report is not None and not win.work.syncing, timeout=15000)
        assert win.work.last_report.reachable is False
        _free, printed = take_and_wait(qtbot, win, "300400500")
        assert win.recharge.last_outcome.status == "pending" and printed < 1.0
    finally:
        win.close()
        win.session.close()


def test_a_slow_answer_never_holds_the_receipt_past_the_wait(qtbot, server, tmp_path):
    srv, token = server
    data, known = make_counter(tmp_path, srv.url, token, 300)
    win = open_window(qtbot, data)
    gate_started = []

    def slow_sync(*_a, **_k):             # the sync thread is busy (a long drain): no answer in time
        gate_started.append(time.perf_counter())
        time.sleep(1.5)
    win.work.worker.run_once = slow_sync  # noqa: attribute replaced before the first request is queued
    try:
        _free, printed = take_and_wait(qtbot, win, known)
        assert win.recharge.last_outcome.status == "pending"
        assert gate_started and printed < 1.2, printed
    finally:
        win.close()
        win.session.close()
