"""When each counter last called the API, recorded cheaply: at most one write per counter per interval.

A write per request would put an fsync in front of every directory page and
batch; the counters page only needs to know "minutes ago", so each process
writes a counter's time again only after ``every`` has passed.
"""

from __future__ import annotations

import threading
import time

from counter_app import clock
from server.store import Store

EVERY_S = 30.0


class ContactRecorder:
    def __init__(self, store: Store, every_s: float = EVERY_S) -> None:
        self.store = store
        self.every_s = every_s
        self._last: dict[str, float] = {}
        self._lock = threading.Lock()

    def due(self, counter_id: str) -> bool:
        """Is this counter's time to be written now? (It is then taken as written: asked once, answered once.)

        No I/O: the event loop asks, and only a due write goes to a thread.
        """
        now = time.monotonic()
        with self._lock:
            if now - self._last.get(counter_id, -self.every_s) < self.every_s:
                return False
            self._last[counter_id] = now
        return True

    def record(self, counter_id: str) -> None:
        """Write this counter's last contact (blocking: a database write)."""
        self.store.record_contact(counter_id, clock.now_iso())
