"""Confirmed while the customer waits: send right after the commit, print when the answer comes.

The recharge is committed before anything here runs. When the server was
reachable at the last word, the sync thread is asked to send at once, and the
receipt waits for its answer at most ``confirm_wait_ms`` (default 1.5 s): an
answer in time prints CONFIRMED with the server's reference, else the receipt
prints PROVISIONAL as soon as the time is up. With the server known to be down,
or the setting at 0, it prints at once. The form is cleared for the next
customer straight away in every case; only the paper waits, never longer.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, QTimer

log = logging.getLogger(__name__)


@dataclass
class _Waiting:
    txn_id: str
    then: Callable[[], None]
    timer: QTimer


class ConfirmWait(QObject):
    """Holds each new receipt until its confirmation arrives or its time is up."""

    def __init__(self, session: object, work: object, wait_ms: int) -> None:
        super().__init__()
        self.session = session
        self.work = work
        self.wait_ms = max(0, int(wait_ms))
        self._waiting: dict[str, _Waiting] = {}
        work.sync_finished.connect(self._on_sync_finished)   # type: ignore[attr-defined]

    @property
    def waiting(self) -> bool:
        return bool(self._waiting)

    def server_reachable(self) -> bool:
        report = getattr(self.work, "last_report", None)
        return report is None or report.reachable is not False

    def then_print(self, txn_id: str, then: Callable[[], None]) -> bool:
        """Run ``then`` (the printing) once ``txn_id`` is answered or its wait is over; True if it waits."""
        if self.wait_ms == 0 or not self.server_reachable():
            then()
            return False
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.timeout.connect(lambda: self._release(txn_id, "time up"))
        self._waiting[txn_id] = _Waiting(txn_id, then, timer)
        timer.start(self.wait_ms)
        self.work.request_sync(force=True)    # type: ignore[attr-defined]  # a running sync runs again after
        return True

    def _on_sync_finished(self, _report: object) -> None:
        from receipts import service   # loaded by the printer thread's warm-up long before

        for txn_id in list(self._waiting):
            # One indexed read on the window's connection: has the server answered for this one?
            if service.current_status(self.session.db, txn_id).status != "pending":  # type: ignore[attr-defined]
                self._release(txn_id, "answered")
        if self._waiting and not self.server_reachable():
            for txn_id in list(self._waiting):
                self._release(txn_id, "server not reachable")

    def _release(self, txn_id: str, why: str) -> None:
        waiting = self._waiting.pop(txn_id, None)
        if waiting is None:
            return
        waiting.timer.stop()
        waiting.timer.deleteLater()
        log.debug("receipt for %s printed: %s", txn_id, why)
        waiting.then()

    def flush(self) -> None:
        """Print everything still waiting (the window is closing, or logging out)."""
        for txn_id in list(self._waiting):
            self._release(txn_id, "flushed")
