"""The one place that starts and stops the window's background workers, and talks to them.

Four workers (``ui.workers.Worker``), each on its own ``WorkerThread``: the
sync (``ui.sync_worker``), the status reads (``ui.status_reader``), the
printer (``ui.printing``) and the backups (``ui.backup_worker``). The window
asks through :class:`BackgroundWork`; answers come back as its signals.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from counter_app.inspection import Status
from ui.backup_worker import BackupWorker
from ui.printing import PrintWorker
from ui.qt_workarounds import emit
from ui.status_reader import StatusReader
from ui.sync_worker import ClientFactory, SyncReport, SyncWorker
from ui.workers import WorkerThread

log = logging.getLogger(__name__)

STATUS_INTERVAL_MS = 10_000


class BackgroundWork(QObject):
    """The window's handle on its four workers: starts and stops them, asks for work, relays answers.

    Lives in the GUI thread. Requests go to the workers as queued signals, so
    the GUI never waits on them.
    """

    sync_started = Signal()
    sync_progress = Signal(object)
    directory_progress = Signal(int)     # consumers received so far by a directory pull
    sync_finished = Signal(object)       # SyncReport
    status_ready = Signal(object)
    transactions_ready = Signal(int, object)
    error = Signal(str)
    backup_started = Signal(str)            # kind
    backup_finished = Signal(str, object)   # kind, BackupResult | error sentence | None (not due)

    _ask_sync = Signal(bool)
    _ask_status = Signal()
    _ask_transactions = Signal(int, object, object)
    _warm_printer = Signal()
    _ask_backup = Signal(str)

    def __init__(self, data_dir: Path, *, client_factory: ClientFactory | None = None,
                 interval_s: float = 30.0, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.worker = SyncWorker(data_dir, client_factory)
        self.sync_thread = WorkerThread("sync", self.worker)
        # Lists and the status line: never behind a sync that waits out a network timeout.
        self.reader = StatusReader(data_dir)
        self.read_thread = WorkerThread("status-reader", self.reader)
        # Receipts render and go to paper on their own thread: a printer that is off takes seconds to fail.
        self.printer = PrintWorker(data_dir)
        self.print_thread = WorkerThread("printer", self.printer)
        self._warm_printer.connect(self.printer.warm_up)
        # Backups on a fourth thread: a slow USB stick never delays a receipt.
        self.backup_worker = BackupWorker(data_dir)
        self.backup_thread = WorkerThread("backup", self.backup_worker)
        self._ask_backup.connect(self.backup_worker.run)
        self.threads = (self.sync_thread, self.read_thread, self.print_thread, self.backup_thread)
        self.backup_worker.started.connect(self.backup_started)
        self.backup_worker.done.connect(self._on_backup)
        self.backups_running = 0

        self._ask_sync.connect(self.worker.run_once)
        self.worker.started.connect(self.sync_started)
        self.worker.progress.connect(self._on_progress)
        self.worker.directory_progress.connect(self.directory_progress)
        self.worker.finished.connect(self._on_finished)
        self.worker.failed.connect(self.error)

        self._ask_status.connect(self.reader.refresh_status)
        self._ask_transactions.connect(self.reader.load_transactions)
        self.reader.status_ready.connect(self._on_status)
        self.reader.transactions_ready.connect(self.transactions_ready)
        self.reader.failed.connect(self.error)

        self.timer = QTimer(self)
        self.timer.setInterval(int(interval_s * 1000))
        self.timer.timeout.connect(lambda: self.request_sync(force=False))
        # The queue's age grows while nothing happens, and a sync can wait out a long
        # timeout: the status is read again on its own, from the status thread.
        self.status_timer = QTimer(self)
        self.status_timer.setInterval(STATUS_INTERVAL_MS)
        self.status_timer.timeout.connect(self.request_status)

        self.syncing = False
        self._again: bool | None = None   # a request that came in while syncing: its force flag
        self._status_busy = False
        self._status_again = False
        self._next_request = 0
        self.last_report: SyncReport | None = None
        self.started_at = time.monotonic()

    # -- life -----------------------------------------------------------------
    def start(self, *, sync_now: bool = True) -> None:
        if self.sync_thread.isRunning():
            return
        for thread in self.threads:
            thread.start()
        emit(self._warm_printer)
        self.timer.start()
        self.status_timer.start()
        self.request_status()
        if sync_now:
            self.request_sync(force=False)

    def stop(self, timeout_ms: int = 5000) -> None:
        self.timer.stop()
        self.status_timer.stop()
        for thread in self.threads:
            thread.worker.stopping.set()
        for thread in self.threads:
            if thread.isRunning():
                thread.quit()
                if not thread.wait(timeout_ms):
                    log.warning("%s thread did not stop in %d ms", thread.objectName(), timeout_ms)

    # -- sync -----------------------------------------------------------------
    def request_sync(self, *, force: bool = False) -> bool:
        """Ask for a sync; False (and remembered) if one is running: never two at once."""
        if self.syncing:
            self._again = bool(force or self._again)
            return False
        self.syncing = True
        emit(self._ask_sync, force)
        return True

    def _on_progress(self, result: Any) -> None:
        emit(self.sync_progress, result)
        self.request_status()

    def _on_finished(self, report: SyncReport) -> None:
        self.syncing = False
        self.last_report = report
        emit(self.sync_finished, report)
        self.request_status()
        if self._again is not None:
            force, self._again = self._again, None
            self.request_sync(force=force)

    # -- reads ----------------------------------------------------------------
    def request_status(self) -> None:
        """Refresh the status; requests made while one is running fold into one more."""
        if self._status_busy:
            self._status_again = True
            return
        self._status_busy = True
        emit(self._ask_status)

    def _on_status(self, status: Status | None) -> None:
        self._status_busy = False
        if status is not None:
            emit(self.status_ready, status)
        if self._status_again:
            self._status_again = False
            self.request_status()

    def request_transactions(self, date: str | None, status: str | None) -> int:
        self._next_request += 1
        emit(self._ask_transactions, self._next_request, date, status)
        return self._next_request

    # -- backups --------------------------------------------------------------
    def request_backup(self, kind: str) -> None:
        """A backup on the backup thread: ``auto`` only when due, ``now``/``shift_close`` always."""
        self.backups_running += 1
        emit(self._ask_backup, kind)

    def _on_backup(self, kind: str, outcome: object) -> None:
        self.backups_running -= 1
        emit(self.backup_finished, kind, outcome)
