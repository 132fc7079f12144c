"""The latest ``counter-server audit`` result, for pages that must answer in milliseconds.

The audit reads every receipt number and re-hashes every journal entry: seconds
with a million rows. Pages show the latest result (with its time) and ask one
background thread for a fresh one when it is older than the setting; only the
very first page waits for it.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from dataclasses import dataclass
from typing import Any

from counter_app import clock
from server.store import Store

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class AuditSnapshot:
    report: dict[str, Any]
    at: dt.datetime

    def for_counter(self, counter_id: str) -> dict[str, Any] | None:
        for entry in self.report.get("counters", []):
            if entry["counter_id"] == counter_id:
                return entry
        return None


class AuditCache:
    def __init__(self, store: Store, max_age: dt.timedelta) -> None:
        self.store = store
        self.max_age = max_age
        self._lock = threading.Lock()
        self._snapshot: AuditSnapshot | None = None
        self._wanted = threading.Event()
        self._stopped = False
        self._thread: threading.Thread | None = None

    def latest(self) -> AuditSnapshot:
        """The newest result; waits only when there is none yet."""
        with self._lock:
            snapshot = self._snapshot
        if snapshot is None:
            return self.refresh()
        if clock.utc_now() - snapshot.at > self.max_age:
            self._ask_for_refresh()
        return snapshot

    def refresh(self) -> AuditSnapshot:
        """Run the audit now (in the caller's thread) and keep the result."""
        snapshot = AuditSnapshot(self.store.audit(), clock.utc_now())
        with self._lock:
            if self._snapshot is None or self._snapshot.at < snapshot.at:
                self._snapshot = snapshot
        return snapshot

    def _ask_for_refresh(self) -> None:
        with self._lock:
            if self._thread is None and not self._stopped:
                self._thread = threading.Thread(target=self._run, name="audit-refresh", daemon=True)
                self._thread.start()
        self._wanted.set()

    def _run(self) -> None:
        # One long-lived thread: the store keeps one reader connection per thread.
        while True:
            self._wanted.wait()
            self._wanted.clear()
            if self._stopped:
                return
            try:
                self.refresh()
            except Exception:  # a failed refresh leaves the older result on the pages
                log.exception("background audit failed")

    def stop(self) -> None:
        self._stopped = True
        self._wanted.set()
