"""Background work: one sync worker thread and one read-only status thread.

The sync worker is a QObject living on a long-lived QThread. It opens its own
database connection (and, through ``SyncClient``, its own HTTP session) in that
thread the first time it runs, and reports only through signals. A QTimer and
the "Sync now" button ask it to run; :class:`BackgroundWork` never queues a
second sync while one is running, so syncs never overlap.

Status and transaction lists are read on a second thread with its own
connection. They never touch the network, so the status bar is refreshed at
once after a recharge even while the sync worker waits out a 30-second
timeout on a bad link; and the window's thread never runs a long query.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QThread, QTimer, Signal, Slot

from counter_app import clock, connection, consumers, inspection
from counter_app.errors import KnownError
from ui.qt_workarounds import emit
from ui.workers import WorkerThread, yield_cpu_to_the_window

log = logging.getLogger(__name__)

ClientFactory = Callable[[Any], Any]
#: How often the worker pulls consumer-directory changes after a sync that reached the server.
DIRECTORY_INTERVAL_S = 15 * 60
STATUS_INTERVAL_MS = 10_000


def default_client_factory(db: Any) -> Any:
    """``counter_app.sync.SyncClient`` on the worker's own connection."""
    from counter_app import sync  # requests loads on the worker's thread, not during the window's start

    return sync.SyncClient(db)


@dataclass(frozen=True)
class SyncReport:
    """One run of the worker: the sync result and the health check after it."""

    result: Any | None      # counter_app.sync.SyncResult, None when the run failed before sending
    health: Any | None      # counter_app.sync.Health, None when not checked
    error: str | None       # a sentence for the cashier when the run failed
    finished_at: str        # UTC ISO

    @property
    def reachable(self) -> bool | None:
        """The latest word on the server: the health check, else the sync attempt."""
        if self.health is not None:
            return bool(getattr(self.health, "reachable", False))
        if self.result is not None:
            return getattr(self.result, "error", None) is None
        return None if self.error is None else False


class SyncWorker(QObject):
    """Runs ``sync_once`` and ``check_health`` on its own connection; reports by signals."""

    started = Signal()
    progress = Signal(object)     # a SyncResult after each round of a long drain
    finished = Signal(object)     # a SyncReport
    failed = Signal(str)          # an internal error (our bug), already logged
    directory_updated = Signal(int)   # consumers received by a directory pull

    def __init__(self, data_dir: Path, client_factory: ClientFactory | None = None, *,
                 pull_directory: bool | None = None) -> None:
        super().__init__()
        self._directory_pulled_at = -DIRECTORY_INTERVAL_S
        # The directory comes through the real client's HTTP session; a stand-in has none.
        self._pull_directory = client_factory is None if pull_directory is None else pull_directory
        self._data_dir = data_dir
        self._client_factory = client_factory or default_client_factory
        self._db = None
        self._client = None
        self.stopping = threading.Event()

    def _ensure_client(self) -> Any:
        if self._client is None:
            yield_cpu_to_the_window()
            if self._db is None:
                self._db = connection.open_counter_db(self._data_dir, create=False)
            self._client = self._client_factory(self._db)
        return self._client

    @Slot(bool)
    def run_once(self, force: bool = False) -> None:
        """Send what is due (everything, with ``force``), then check the server's health."""
        emit(self.started)
        try:
            report = self._run(force)
        except KnownError as exc:   # network, server, disk: the environment
            report = SyncReport(None, None, str(exc), clock.now_iso())
        except Exception:           # our bug: log in full, tell the window where
            log.exception("sync worker failed")
            emit(self.failed, "internal error in the sync worker; see the log file")
            report = SyncReport(None, None, "internal error in the sync worker; see the log file",
                                clock.now_iso())
        emit(self.finished, report)

    def _run(self, force: bool) -> SyncReport:
        client = self._ensure_client()
        result = client.sync_once(force=force)
        # sync_once may send one batch per call: keep going while it makes progress,
        # reporting each round so the status bar shows the queue draining.
        while (not self.stopping.is_set() and result is not None and getattr(result, "error", None) is None
               and getattr(result, "remaining", 0) and getattr(result, "sent", 0)):
            emit(self.progress, result)
            result = client.sync_once(force=force)
        health = None if self.stopping.is_set() else client.check_health()
        if self._pull_directory and health is not None and getattr(health, "reachable", False):
            self._refresh_directory(client)
        return SyncReport(result, health, None, clock.now_iso())

    def _refresh_directory(self, client: Any) -> None:
        """Pull consumer-directory changes now and then, on this thread's connection."""
        if time.monotonic() - self._directory_pulled_at < DIRECTORY_INTERVAL_S:
            return
        self._directory_pulled_at = time.monotonic()   # failed or not, try again after the interval
        try:
            count = consumers.pull(self._db, client)
        except KnownError as exc:  # the directory is a convenience: a sale never waits for it
            log.warning("consumer directory not refreshed: %s", exc)
            return
        except Exception:  # noqa: BLE001 - nor does a bug in it stop the sync's report
            log.exception("consumer directory pull failed")
            return
        if count:
            emit(self.directory_updated, count)

    @Slot()
    def close(self) -> None:
        session = getattr(self._client, "session", None)
        if session is not None and hasattr(session, "close"):
            session.close()
        if self._db is not None:
            self._db.close()
        self._db = self._client = None


class StatusReader(QObject):
    """Read-only queries (status, transaction lists) on their own connection."""

    status_ready = Signal(object)               # the dict of counter_app.inspection.status
    transactions_ready = Signal(int, object)    # request id, list of dicts
    failed = Signal(str)

    def __init__(self, data_dir: Path) -> None:
        super().__init__()
        self._data_dir = data_dir
        self._db = None

    def _conn(self) -> Any:
        if self._db is None:
            yield_cpu_to_the_window()
            self._db = connection.open_counter_db(self._data_dir, create=False)
        return self._db

    @Slot()
    def refresh_status(self) -> None:
        status = None
        try:
            status = inspection.status(self._conn())
        except KnownError as exc:
            emit(self.failed, str(exc))
        except Exception:
            log.exception("status refresh failed")
            emit(self.failed, "internal error while reading the status; see the log file")
        emit(self.status_ready, status)   # None after a failure: the asker stops waiting

    @Slot(int, object, object)
    def load_transactions(self, request_id: int, date: str | None, status: str | None) -> None:
        try:
            rows = inspection.list_transactions(self._conn(), date=date, status=status)
        except KnownError as exc:
            emit(self.failed, str(exc))
            rows = []
        except Exception:
            log.exception("transaction list failed")
            emit(self.failed, "internal error while listing transactions; see the log file")
            rows = []
        emit(self.transactions_ready, request_id, rows)

    @Slot()
    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


class BackgroundWork(QObject):
    """The window's handle on both threads: asks for work, relays answers.

    Lives in the GUI thread. Requests go to the workers as queued signals, so
    the GUI never waits on them.
    """

    sync_started = Signal()
    sync_progress = Signal(object)
    sync_finished = Signal(object)       # SyncReport
    status_ready = Signal(object)
    transactions_ready = Signal(int, object)
    error = Signal(str)
    backup_finished = Signal(str, object)   # kind, BackupResult | error sentence | None (not due)

    _ask_sync = Signal(bool)
    _ask_status = Signal()
    _ask_transactions = Signal(int, object, object)
    _warm_printer = Signal()
    _ask_backup = Signal(str)

    def __init__(self, data_dir: Path, *, client_factory: ClientFactory | None = None,
                 interval_s: float = 30.0, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.sync_thread = WorkerThread("sync")
        self.worker = SyncWorker(data_dir, client_factory)
        self.worker.moveToThread(self.sync_thread)
        self.sync_thread.on_exit = self.worker.close   # its connection is closed in its own thread
        self.read_thread = WorkerThread("status-reader")
        self.reader = StatusReader(data_dir)
        self.reader.moveToThread(self.read_thread)
        self.read_thread.on_exit = self.reader.close
        # Receipts render and go to paper on a third thread: a printer that is off takes seconds to fail.
        from ui.printing import PrintWorker
        self.print_thread = WorkerThread("printer")
        self.printer = PrintWorker(data_dir)
        self.printer.moveToThread(self.print_thread)
        self.print_thread.on_exit = self.printer.close
        self._warm_printer.connect(self.printer.warm_up)
        # Backups on a fourth thread: a slow USB stick never delays a receipt.
        from ui.backup_worker import BackupWorker
        self.backup_thread = WorkerThread("backup")
        self.backup_worker = BackupWorker(data_dir)
        self.backup_worker.moveToThread(self.backup_thread)
        self.backup_thread.on_exit = self.backup_worker.close
        self._ask_backup.connect(self.backup_worker.run)
        self.backup_worker.done.connect(self._on_backup)
        self.backups_running = 0

        self._ask_sync.connect(self.worker.run_once)
        self.worker.started.connect(self.sync_started)
        self.worker.progress.connect(self._on_progress)
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
        self.sync_thread.start()
        self.read_thread.start()
        self.print_thread.start()
        self.backup_thread.start()
        emit(self._warm_printer)
        self.timer.start()
        self.status_timer.start()
        self.request_status()
        if sync_now:
            self.request_sync(force=False)

    def stop(self, timeout_ms: int = 5000) -> None:
        self.timer.stop()
        self.status_timer.stop()
        self.worker.stopping.set()
        for thread in (self.sync_thread, self.read_thread, self.print_thread, self.backup_thread):
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

    def _on_status(self, status: dict) -> None:
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
