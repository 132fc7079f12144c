"""The server's SQLite log is copied back into the database file by its own thread, not in a batch's commit."""

from __future__ import annotations

import sqlite3
import time

from server import sqlite_checkpoint
from server.sqlite_store import SqliteStore


def backfilled(path) -> bool:
    """Does the database file itself hold every page (nothing left only in the log)?"""
    conn = sqlite3.connect(str(path))
    try:
        pages, size = conn.execute("PRAGMA page_count").fetchone()[0], conn.execute("PRAGMA page_size").fetchone()[0]
    finally:
        conn.close()
    return path.stat().st_size == pages * size


def test_commits_are_checkpointed_by_the_background_thread(tmp_path):
    store = SqliteStore(tmp_path)
    try:
        auto = store._writer.execute("PRAGMA wal_autocheckpoint").fetchone()[0]
        assert auto == sqlite_checkpoint.BACKSTOP_PAGES   # the writer no longer checkpoints at 1,000 pages
        for n in range(300):
            store.add_counter(f"CK-{n:03d}")
        deadline = time.monotonic() + 10
        while not backfilled(store.path) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert backfilled(store.path)
        assert store.counter_by_id("CK-299") is not None
    finally:
        store.close()
    assert not store._checkpointer._thread.is_alive()
