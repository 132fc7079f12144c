"""The one shape of the window's background work: a worker object on a thread of its own.

A :class:`Worker` is a QObject moved onto a :class:`WorkerThread`. Requests
reach it as queued signals, so its slots run in that thread; it opens its own
database connection there on first use (:attr:`Worker.db`) and reports only
through its signals. The thread lowers its own CPU priority before its event
loop starts (nice +10) and closes the worker (its connection, its HTTP
session) in the same thread when the loop ends. Each worker then holds only
its job: the sync, the status reads, the printer, the backups.
``ui.background.BackgroundWork`` is the one place that starts and stops them.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import sqlite_utils
from PySide6.QtCore import QObject, QThread

from counter_app import connection
from counter_app.errors import KnownError

log = logging.getLogger(__name__)

WORKER_NICE = 10
T = TypeVar("T")


def yield_cpu_to_the_window() -> None:
    """Lower this thread's CPU priority (Linux: per-thread nice +10).

    On a busy two-core PC the window's thread then wins the CPU whenever it has
    a key press to handle; the workers still get every idle cycle. Called by
    each worker thread before its event loop starts.
    """
    if not hasattr(os, "setpriority"):
        return
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), WORKER_NICE)
    except OSError:
        pass


@dataclass(frozen=True)
class Failure:
    """Why a worker's job gave no result: a sentence for the cashier, and whose fault it was."""

    message: str
    bug: bool       # True: our bug (logged in full); False: the environment (disk, network, settings)


class Worker(QObject):
    """A background job's object: its own connection, opened and closed in its own thread."""

    def __init__(self, data_dir: Path) -> None:
        super().__init__()
        self.data_dir = data_dir
        self.stopping = threading.Event()   # set when the window closes: long jobs stop early
        self._db: sqlite_utils.Database | None = None

    @property
    def db(self) -> sqlite_utils.Database:
        """This worker's connection, opened in its thread on first use (never creates a database)."""
        if self._db is None:
            self._db = connection.open_counter_db(self.data_dir, create=False)
        return self._db

    def attempt(self, job: Callable[[], T], *, what: str, bug: str) -> T | Failure:
        """``job()``'s result, or the :class:`Failure` that says why not.

        An environment fault (a ``KnownError``: disk, network, no backup location)
        keeps its own sentence; anything else is our bug, logged in full, and
        the cashier sees ``bug``. Nothing is raised into the thread's event loop.
        """
        try:
            return job()
        except KnownError as exc:
            log.warning("%s: %s", what, exc)
            return Failure(str(exc), bug=False)
        except Exception:  # noqa: BLE001 - our bug: logged in full, the window goes on
            log.exception("%s failed", what)
            return Failure(bug, bug=True)

    def close(self) -> None:
        """Called in the worker's thread when its loop ends; subclasses close what else they opened."""
        if self._db is not None:
            self._db.close()
            self._db = None


class WorkerThread(QThread):
    """The thread one worker lives on: nice +10, an event loop, then the worker's ``close`` here.

    (A ``finished`` signal with a direct connection would do the same, but needs
    the Qt namespace, a noticeable part of the window's cold start.)
    """

    def __init__(self, name: str, worker: Worker) -> None:
        super().__init__()
        self.setObjectName(name)
        self.worker = worker
        worker.moveToThread(self)

    def run(self) -> None:
        yield_cpu_to_the_window()
        self.exec()
        self.worker.close()
