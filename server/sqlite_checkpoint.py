"""WAL checkpoints of the server's SQLite file, on their own thread instead of inside a batch's commit.

SQLite copies the write-ahead log back into the database file (a checkpoint)
on the commit that takes the log past 1,000 pages, and that copy and its fsync
then sit in the answer time of whichever batch committed: about 6 % of a
drain's time here (bench_sync_drain). Here the writer's automatic checkpoint
is only a backstop for a log grown past ``BACKSTOP_PAGES``, and this thread
runs a PASSIVE checkpoint (it never blocks the writer or the readers) soon
after commits. Durability does not depend on it: every commit is fsynced in
the log (``synchronous = FULL``) before it is answered.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from pathlib import Path

log = logging.getLogger(__name__)

BACKSTOP_PAGES = 20_000   # the writer checkpoints itself past this (about 80 MB of log)
INTERVAL_S = 0.5          # at most this often


class Checkpointer:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._due = threading.Event()
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._run, name="sqlite-checkpoint", daemon=True)
        self._thread.start()

    def poke(self) -> None:
        """A commit happened: checkpoint soon."""
        self._due.set()

    def stop(self) -> None:
        self._stopped.set()
        self._due.set()
        self._thread.join(timeout=10)

    def _run(self) -> None:
        conn = sqlite3.connect(str(self.path), timeout=30, isolation_level=None)
        try:
            while True:
                self._due.wait()
                if self._stopped.is_set():
                    return
                self._due.clear()
                try:
                    conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
                except sqlite3.Error as exc:  # busy or failing disk: the writer's backstop still holds
                    log.warning("WAL checkpoint failed: %s", exc)
                self._stopped.wait(INTERVAL_S)  # at most this often; a stop ends the wait at once
        finally:
            conn.close()
