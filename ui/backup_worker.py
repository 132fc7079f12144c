"""Backups off the window's thread: a worker with its own connection on a "backup" thread.

A backup copies the whole database, checks the copy (integrity and the journal
chain), encrypts it and writes it to a USB drive or a network folder: seconds
on a big database or a slow stick. It runs on a thread of its own, not the
printer's, so that a receipt never waits behind it. A failure is an outcome
(a sentence), never an exception into the window: the money is already safe
in the counter's own database.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot

from counter_app import connection
from counter_app.errors import KnownError
from ui.qt_workarounds import emit
from ui.workers import yield_cpu_to_the_window

log = logging.getLogger(__name__)

#: What asked for a backup: after a recharge (only when due), at a shift close, or the menu.
AUTO, SHIFT_CLOSE, NOW = "auto", "shift_close", "now"


class BackupWorker(QObject):
    """Lives on the backup thread; opens its connection there on first use."""

    done = Signal(str, object)     # kind, then a backup.BackupResult, an error sentence, or None (not due)

    def __init__(self, data_dir: Path) -> None:
        super().__init__()
        self._data_dir = data_dir
        self._db = None

    @Slot(str)
    def run(self, kind: str) -> None:
        try:
            if self._db is None:
                yield_cpu_to_the_window()
                self._db = connection.open_counter_db(self._data_dir, create=False)
            from counter_app import backup  # cryptography loads here, not at the window's start

            if kind == AUTO:
                outcome = backup.maybe_auto_backup(self._db, self._data_dir)
            else:
                outcome = backup.make_backup(self._db, self._data_dir)
        except KnownError as exc:   # no location, no passphrase, drive unplugged, disk full
            log.warning("backup (%s) not made: %s", kind, exc)
            outcome = str(exc)
        except Exception:  # noqa: BLE001 - our bug: logged in full, the counter goes on
            log.exception("backup (%s) failed", kind)
            outcome = "Backup failed with an internal error; see the log file."
        emit(self.done, kind, outcome)

    @Slot()
    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
