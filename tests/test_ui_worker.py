"""The background sync worker: its own connection, signals only, no overlap, no stalls."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QThread, QTimer

from counter_app import inspection, storage
from tests.ui_support import (
    FakeServer, add_recharges, copy_counter, data_dir, fake_factory, ui_template,  # noqa: F401 - fixtures
)
from ui.sync_worker import BackgroundWork, SyncReport, SyncWorker


@pytest.fixture(scope="session")
def drain_template(ui_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """10,000 pending recharges, built once."""
    target = copy_counter(ui_template, tmp_path_factory.mktemp("drain"))
    add_recharges(target, 10_000)
    return target


def test_run_once_directly_reports_by_signal(qtbot, data_dir):
    add_recharges(data_dir, 3)
    server = FakeServer(up=True)
    worker = SyncWorker(data_dir, fake_factory(server))
    with qtbot.waitSignal(worker.finished, timeout=5000) as blocker:
        worker.run_once(False)
    report: SyncReport = blocker.args[0]
    assert report.error is None and report.reachable is True
    assert report.result.accepted == 3 and report.result.remaining == 0
    worker.close()


def test_environment_faults_become_a_report_not_a_crash(qtbot, data_dir):
    from counter_app.errors import KnownError

    def broken(db):
        raise KnownError("The server address is not valid.")
    worker = SyncWorker(data_dir, broken)
    with qtbot.waitSignal(worker.finished, timeout=5000) as blocker:
        worker.run_once(True)
    assert blocker.args[0].error == "The server address is not valid."
    assert blocker.args[0].reachable is False
    worker.close()


def test_worker_runs_in_its_own_thread_and_syncs_never_overlap(qtbot, data_dir):
    add_recharges(data_dir, 5)
    server = FakeServer(up=True)
    server.gate = threading.Event()
    threads = []

    def factory(db):
        threads.append(threading.current_thread())
        return fake_factory(server)(db)
    work = BackgroundWork(data_dir, client_factory=factory, interval_s=3600)
    work.start(sync_now=False)
    try:
        assert work.request_sync(force=True) is True
        qtbot.waitUntil(server.running.is_set, timeout=5000)
        # A timer tick and a second "Sync now" while the first runs: no second run starts.
        assert work.request_sync(force=False) is False
        assert work.request_sync(force=True) is False
        assert server.calls == 1
        with qtbot.waitSignals([work.sync_finished, work.sync_finished], timeout=10000):
            server.gate.set()
        # The folded request ran once after the first, not twice.
        assert server.calls == 2
        assert threads and threads[0] is not threading.main_thread()
        with qtbot.waitSignal(work.status_ready, timeout=5000) as blocker:
            work.request_status()
        assert blocker.args[0]["pending"] == 0 and blocker.args[0]["confirmed"] == 5
    finally:
        work.stop()
    assert not work.sync_thread.isRunning() and not work.read_thread.isRunning()


def test_timer_asks_for_a_sync(qtbot, data_dir):
    server = FakeServer(up=False)
    work = BackgroundWork(data_dir, client_factory=fake_factory(server), interval_s=0.05)
    work.start(sync_now=False)
    try:
        with qtbot.waitSignal(work.sync_finished, timeout=5000) as blocker:
            pass
        assert blocker.args[0].reachable is False
    finally:
        work.stop()


def longest_stall_while_draining(qtbot, data_dir: Path, *, tick_ms: int = 5, window=None) -> tuple[float, float]:
    """(longest gap between ticks of a QTimer in the GUI thread, drain seconds)."""
    server = FakeServer(up=True)
    work = window.work if window is not None else BackgroundWork(
        data_dir, client_factory=fake_factory(server), interval_s=3600)
    if window is None:
        work.start(sync_now=False)
    gaps, last = [0.0], [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now
    timer = QTimer()
    timer.setInterval(tick_ms)
    timer.timeout.connect(tick)
    timer.start()
    started = time.perf_counter()
    try:
        statuses = []
        work.status_ready.connect(statuses.append)
        last[0] = time.perf_counter()
        work.request_sync(force=True)
        qtbot.waitUntil(lambda: not work.syncing, timeout=60000)
        drained = time.perf_counter() - started
        qtbot.waitUntil(lambda: statuses and statuses[-1]["pending"] == 0, timeout=10000)
    finally:
        timer.stop()
        if window is None:
            work.stop()
    return max(gaps), drained


def test_gui_stays_responsive_while_10000_drain(qtbot, drain_template, tmp_path):
    data = copy_counter(drain_template, tmp_path / "data")
    db = storage.open_counter_db(data)
    assert inspection.status(db)["pending"] == 10_000
    db.close()
    stall, drained = longest_stall_while_draining(qtbot, data)
    print(f"\nlongest GUI stall {stall * 1000:.1f} ms while draining 10,000 in {drained:.2f} s")
    assert stall < 0.100
    db = storage.open_counter_db(data)
    assert inspection.status(db)["confirmed"] == 10_000
    db.close()
    assert QThread.currentThread().objectName() != "sync"


def test_emits_do_not_drain_references_to_true(qtbot, data_dir):
    """PySide6 6.12 on Python 3.11 drops a reference to True per emit; ui.qt_workarounds gives it back."""
    import sys

    from ui.qt_workarounds import emit
    from ui.sync_worker import SyncWorker as Probe
    worker = Probe(data_dir)
    before = sys.getrefcount(True)
    for _ in range(2000):
        emit(worker.started)
    assert abs(sys.getrefcount(True) - before) < 50
