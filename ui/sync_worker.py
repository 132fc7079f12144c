"""The sync worker: sends the outbox and checks the server, on the "sync" thread.

A :class:`ui.workers.Worker`: its own database connection and, through
``SyncClient``, its own HTTP session, both opened in its thread and closed
there. A QTimer and the "Sync now" button ask it to run through
``ui.background.BackgroundWork``, which never queues a second sync while one
is running, so syncs never overlap.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import sqlite_utils
from PySide6.QtCore import Signal, Slot

from counter_app import clock, consumers
from ui.qt_workarounds import emit
from ui.workers import Failure, Worker

if TYPE_CHECKING:   # the module itself loads on the worker's thread (requests is slow to import)
    from counter_app.sync import Health, SyncClient, SyncResult

log = logging.getLogger(__name__)

ClientFactory = Callable[[sqlite_utils.Database], "SyncClient"]
#: How often the worker pulls consumer-directory changes after a sync that reached the server.
DIRECTORY_INTERVAL_S = 15 * 60


def default_client_factory(db: sqlite_utils.Database) -> SyncClient:
    """``counter_app.sync.SyncClient`` on the worker's own connection."""
    from counter_app import sync  # requests loads on the worker's thread, not during the window's start

    return sync.SyncClient(db)


@dataclass(frozen=True)
class SyncReport:
    """One run of the worker: the sync result and the health check after it."""

    result: SyncResult | None   # None when the run failed before sending
    health: Health | None       # None when not checked
    error: str | None       # a sentence for the cashier when the run failed
    finished_at: str        # UTC ISO

    @property
    def reachable(self) -> bool | None:
        """The latest word on the server: the health check, else the sync attempt."""
        if self.health is not None:
            return self.health.reachable
        if self.result is not None:
            return self.result.error is None
        return None if self.error is None else False


class SyncWorker(Worker):
    """Runs ``sync_once`` and ``check_health`` on its own connection; reports by signals."""

    started = Signal()
    progress = Signal(object)     # a SyncResult after each round of a long drain
    finished = Signal(object)     # a SyncReport
    failed = Signal(str)          # an internal error (our bug), already logged
    directory_updated = Signal(int)   # consumers received by a directory pull
    directory_progress = Signal(int)  # consumers received so far by the pull under way

    def __init__(self, data_dir: Path, client_factory: ClientFactory | None = None, *,
                 pull_directory: bool | None = None) -> None:
        super().__init__(data_dir)
        self._directory_pulled_at = -DIRECTORY_INTERVAL_S
        # The directory comes through the real client's HTTP session; a stand-in has none.
        self._pull_directory = client_factory is None if pull_directory is None else pull_directory
        self._client_factory = client_factory or default_client_factory
        self._client: SyncClient | None = None

    def _ensure_client(self) -> SyncClient:
        if self._client is None:
            self._client = self._client_factory(self.db)
        return self._client

    @Slot(bool)
    def run_once(self, force: bool = False) -> None:
        """Send what is due (everything, with ``force``), then check the server's health."""
        emit(self.started)
        report = self.attempt(lambda: self._run(force), what="sync",
                              bug="internal error in the sync worker; see the log file")
        if isinstance(report, Failure):   # network, server, disk; or our bug, logged in full
            if report.bug:
                emit(self.failed, report.message)
            report = SyncReport(None, None, report.message, clock.now_iso())
        emit(self.finished, report)

    def _run(self, force: bool) -> SyncReport:
        client = self._ensure_client()
        result = client.sync_once(force=force)
        # sync_once may send one batch per call: keep going while it makes progress,
        # reporting each round so the status bar shows the queue draining.
        while not self.stopping.is_set() and result.error is None and result.remaining and result.sent:
            emit(self.progress, result)
            result = client.sync_once(force=force)
        health = None if self.stopping.is_set() else client.check_health()
        if self._pull_directory and health is not None and health.reachable:
            self._refresh_directory(client)
        return SyncReport(result, health, None, clock.now_iso())

    def _refresh_directory(self, client: SyncClient) -> None:
        """Pull consumer-directory changes now and then, on this thread's connection."""
        if time.monotonic() - self._directory_pulled_at < DIRECTORY_INTERVAL_S:
            return
        self._directory_pulled_at = time.monotonic()   # failed or not, try again after the interval
        # The directory is a convenience: a failure (logged) never stops a sale nor the sync's report.
        count = self.attempt(lambda: consumers.pull(self.db, client, progress=self._pulled_so_far),
                             what="consumer directory pull", bug="")
        if isinstance(count, int) and count:
            emit(self.directory_updated, count)

    def _pulled_so_far(self, done: int, _total: int | None = None) -> None:
        emit(self.directory_progress, done)

    def close(self) -> None:
        if self._client is not None:
            self._client.close()   # its HTTP session, in this thread
        self._client = None
        super().close()
