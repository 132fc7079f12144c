"""The status thread: read-only queries (the status line, transaction lists) off the window's thread.

They never touch the network, so the status line is refreshed at once after
a recharge even while the sync worker waits out a 30-second timeout on a bad
link; and the window's thread never runs a long query.
"""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot

from counter_app import inspection
from ui.qt_workarounds import emit
from ui.workers import Failure, Worker


class StatusReader(Worker):
    """Read-only queries (status, transaction lists) on their own connection."""

    status_ready = Signal(object)               # a counter_app.inspection.Status, or None after a failure
    transactions_ready = Signal(int, object)    # request id, list of dicts
    failed = Signal(str)

    @Slot()
    def refresh_status(self) -> None:
        status = self.attempt(lambda: inspection.status(self.db), what="status refresh",
                              bug="internal error while reading the status; see the log file")
        if isinstance(status, Failure):
            emit(self.failed, status.message)
            status = None
        emit(self.status_ready, status)   # None after a failure: the asker stops waiting

    @Slot(int, object, object)
    def load_transactions(self, request_id: int, date: str | None, status: str | None) -> None:
        rows = self.attempt(lambda: inspection.list_transactions(self.db, date=date, status=status),
                            what="transaction list",
                            bug="internal error while listing transactions; see the log file")
        if isinstance(rows, Failure):
            emit(self.failed, rows.message)
            rows = []
        emit(self.transactions_ready, request_id, rows)
