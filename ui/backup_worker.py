"""Backups off the window's thread: a worker with its own connection on a "backup" thread.

A backup copies the whole database, checks the copy (integrity and the journal
chain), encrypts it and writes it to a USB drive or a network folder: seconds
on a big database or a slow stick. It runs on a thread of its own, not the
printer's, so that a receipt never waits behind it. A failure is an outcome
(a sentence), never an exception into the window: the money is already safe
in the counter's own database.
"""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot

from ui.qt_workarounds import emit
from ui.workers import Failure, Worker

#: What asked for a backup: after a recharge (only when due), at a shift close, or the menu.
AUTO, SHIFT_CLOSE, NOW = "auto", "shift_close", "now"


class BackupWorker(Worker):
    """Lives on the backup thread; one backup at a time, on its own connection."""

    started = Signal(str)          # kind: a backup is being made (the core found it due)
    done = Signal(str, object)     # kind, then a backup.BackupResult, an error sentence, or None (not due)

    @Slot(str)
    def run(self, kind: str) -> None:
        # No location, no passphrase, drive unplugged, disk full: a sentence, and the counter goes on.
        outcome = self.attempt(lambda: self._backup(kind), what=f"backup ({kind})",
                               bug="Backup failed with an internal error; see the log file.")
        emit(self.done, kind, outcome.message if isinstance(outcome, Failure) else outcome)

    def _backup(self, kind: str) -> object:
        from counter_app import backup  # cryptography loads here, not at the window's start

        if kind == AUTO:   # after a recharge: only every N recharges (the core's rule)
            return backup.maybe_auto_backup(self.db, self.data_dir)
        if kind == SHIFT_CLOSE and not backup.due_after_shift_close(self.db):
            return None
        emit(self.started, kind)
        return backup.make_backup(self.db, self.data_dir)
