"""What every background worker of the window shares: its thread and its CPU priority."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable

from PySide6.QtCore import QThread

WORKER_NICE = 10


def yield_cpu_to_the_window() -> None:
    """Lower this worker thread's CPU priority (Linux: per-thread nice +10).

    On a busy two-core PC the window's thread then wins the CPU whenever it has
    a key press to handle; the workers still get every idle cycle. Called once,
    from inside each worker thread.
    """
    if not hasattr(os, "setpriority"):
        return
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), WORKER_NICE)
    except OSError:
        pass


class WorkerThread(QThread):
    """A thread running an event loop for one worker, then the worker's ``close`` in the same thread.

    (A ``finished`` signal with a direct connection would do the same, but needs
    the Qt namespace, a noticeable part of the window's cold start.)
    """

    def __init__(self, name: str) -> None:
        super().__init__()
        self.setObjectName(name)
        self.on_exit: Callable[[], None] | None = None

    def run(self) -> None:
        self.exec()
        if self.on_exit is not None:
            self.on_exit()
