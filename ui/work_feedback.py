"""What the status area says about background work: F5's outcome, a long drain, the directory pull.

The panel under every page shows the state; this adds the moments: "Syncing
now…" and how the sync the cashier asked for ended (in the status bar), and a
progress bar in the status bar while a long drain or a directory pull runs. While a sync runs,
the status is read twice a second (on the status thread) to move the bar.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QProgressBar, QStatusBar

from ui.background import BackgroundWork
from ui.status_panel import StatusPanel
from ui.sync_worker import SyncReport

#: A drain of at least this many messages shows a progress bar in the status area.
LONG_DRAIN = 100


class WorkFeedback(QObject):
    def __init__(self, work: BackgroundWork, panel: StatusPanel, status_bar: QStatusBar, *,
                 pending: Callable[[], int]) -> None:
        super().__init__(panel)
        self.work, self.panel, self.status_bar = work, panel, status_bar
        # In the status bar, whose height does not change when the bar appears: a window with
        # 10,000 rows on screen is never laid out again because of it.
        self.bar = QProgressBar()
        self.bar.setObjectName("workProgress")
        self.bar.setMinimumWidth(260)
        self.bar.setMaximumHeight(max(16, status_bar.fontMetrics().height()))
        self.bar.hide()
        status_bar.addPermanentWidget(self.bar)
        self.pending = pending      # the queue's size at the last status read
        self.asked = False          # F5 was pressed: its outcome goes to the status bar
        self.drain_from = 0
        self._timer = QTimer(self)
        self._timer.setInterval(500)
        self._timer.timeout.connect(work.request_status)
        work.sync_started.connect(self._started)
        work.sync_finished.connect(self._finished)
        work.directory_progress.connect(self._directory)

    def sync_now(self) -> None:
        """F5: ask for a sync, and say so at once."""
        started = self.work.request_sync(force=True)
        self.asked = True
        self.status_bar.showMessage(self.tr("Syncing now…") if started else
                                    self.tr("A sync is running already; its result shows here when it ends."))

    def status_read(self, pending: int) -> None:
        if self.work.syncing and self.drain_from >= LONG_DRAIN:
            done = max(0, self.drain_from - pending)
            self.show_progress(done, self.drain_from, self.tr("Sending: {done} of {total}").format(
                done=f"{done:,}", total=f"{self.drain_from:,}"))

    def show_progress(self, done: int, total: int, text: str) -> None:
        """The bar with ``text`` on it; ``total`` 0 is a busy bar (how much there is, nobody knows)."""
        self.bar.setRange(0, max(0, total))
        if total:
            self.bar.setValue(min(max(0, done), total))
        self.bar.setFormat(text)
        self.bar.show()

    def _started(self) -> None:
        self.drain_from = self.pending()
        if self.drain_from >= LONG_DRAIN:
            self._timer.start()

    def _directory(self, received: int) -> None:
        self.show_progress(0, 0, self.tr("Consumer directory: {n} received").format(n=f"{received:,}"))

    def _finished(self, report: SyncReport) -> None:
        self._timer.stop()
        self.bar.hide()
        if self.asked:
            self.asked = False
            self.status_bar.showMessage(self.outcome(report), 15000)

    def outcome(self, report: SyncReport) -> str:
        result = report.result
        problem = report.error or (getattr(result, "error", None) if result is not None else None)
        if problem or report.reachable is False:
            return "✖ " + self.tr("Sync now: the server is not reachable ({error}). Recharges stay queued "
                                  "and are sent when it answers.").format(error=problem or self.tr("no answer"))
        sent = int(getattr(result, "sent", 0) or 0) if result is not None else 0
        return "✔ " + self.tr("Sync now: done, {n} sent.").format(n=sent)
