"""What the window holds between screens: the data folder, its connection, who is logged in.

The window's connection is for short, indexed work only (a PIN check, a
consumer lookup, taking one recharge); status and lists are read on the
status thread (``ui.sync_worker``).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from counter_app import connection, counter, paths, settings, storage
from counter_app.users import User
from ui.qt_workarounds import emit

log = logging.getLogger(__name__)


class Changes(QObject):
    """The window's one notice that the counter changed (a recharge, a void, a shift...): read the status again."""

    changed = Signal()


class Session:
    def __init__(self, data_dir: Path) -> None:
        self.data_dir = Path(data_dir)
        self.db = connection.open_counter_db(self.data_dir)
        # Checkpoints off the recharge's commit, onto a thread of their own (see storage).
        self._checkpointer = storage.defer_checkpoints(self.db, paths.db_path(self.data_dir))
        self.user: User | None = None
        self._counter: counter.Counter | None = None
        self.changes = Changes()   # ui.operations.CoreOp emits it after a write through this connection

    def notify_changed(self) -> None:
        emit(self.changes.changed)

    @property
    def log_file(self) -> Path:
        from counter_app import logsetup
        return paths.log_dir(self.data_dir) / logsetup.LOG_NAME

    def is_set_up(self) -> bool:
        return self._counter is not None or counter.is_set_up(self.db)

    def counter(self) -> counter.Counter:
        """The counter's identity, read once: it does not change while the window runs."""
        if self._counter is None:
            self._counter = counter.load(self.db)
        return self._counter

    def setting(self, key: str) -> Any:
        return settings.get(self.db, key)

    def settings_known(self) -> set[str]:
        return set(settings.DEFAULTS)

    def close(self) -> None:
        self._checkpointer.stop()
        self.db.close()
