"""SQLite connections with durable pragmas, write transactions, clear failures.

Opening (and migrating) the counter database is :mod:`counter_app.connection`,
which sits above this module and :mod:`counter_app.migrations`.

Every write that is a business fact (a recharge: its journal entry, outbox row
and receipt number) goes through :func:`write_transaction`, which takes the
write lock up front (BEGIN IMMEDIATE) so that two connections (the window and
the sync worker) never deadlock upgrading a read lock.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import sqlite3
import weakref
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import sqlite_utils

from counter_app import clock, paths
from counter_app.errors import StorageError
from counter_app.i18n import _

T = TypeVar("T")

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 10_000


def describe_sqlite_error(exc: sqlite3.Error, path: Path | str) -> str:
    """Turn an SQLite failure into a sentence that says what to do."""
    text = str(exc).lower()
    if "not a database" in text or "malformed" in text or "file is encrypted" in text:
        return (
            _("The database file {path} is damaged or is not a counter database. Do not delete it: keep the "
              "file, stop taking recharges on this PC and call IT to restore it from a backup.").format(path=path)
        )
    if "readonly" in text or "read-only" in text:
        return (
            _("The database file {path} cannot be written (read-only file or folder). Check the folder's "
              "permissions or the disk's write-protect, then try again.").format(path=path)
        )
    if "disk is full" in text or "database or disk is full" in text:
        return (
            _("The disk holding {path} is full. Free some space (or call IT), then try again: nothing was "
              "saved by this attempt.").format(path=path)
        )
    if "unable to open" in text:
        return _("The database file {path} cannot be opened. Check that the folder exists and is writable.").format(
            path=path)
    if "locked" in text or "busy" in text:
        return _("The database is busy in another program. Wait a moment and try again.")
    if "disk i/o" in text:
        return _("The disk holding {path} reported an I/O error. Call IT: the disk may be failing.").format(path=path)
    return _("The database {path} reported an error: {exc}. Try again; if it persists call IT.").format(
        path=path, exc=exc)


def once_per_database(func: Callable[[sqlite_utils.Database], T]) -> Callable[[sqlite_utils.Database], T]:
    """``func(db)`` worked out once per open database, and forgotten with it (the database is a weak key).

    For what cannot change while a database is open but costs a query or system calls to find.
    """
    found: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    @functools.wraps(func)
    def once(db: sqlite_utils.Database) -> T:
        if db not in found:
            found[db] = func(db)
        return found[db]
    return once


@once_per_database
def data_dir_of(db: sqlite_utils.Database) -> Path | None:
    """The data folder of an open counter database (None for an in-memory copy).

    Asked once per open database (a connection's file never changes): a recharge asks five times.
    """
    for _seq, name, file in db.execute("PRAGMA database_list"):
        if name == "main":
            # SQLite names an on-disk file by its full path; a copy in memory has "" (or, once
            # deserialized, a made-up name such as "x").
            return Path(file).parent if file and Path(file).is_absolute() else None
    return None


_sound: set[str] = set()   # database files that passed quick_check in this process


def require_sound(db: sqlite_utils.Database) -> None:
    """Refuse to take money on a database that fails ``PRAGMA quick_check``.

    A damaged file may lose or garble what is written next; the recharge
    would be printed and the record of it not be whole. Checked once per
    file per process (it reads every page), again every time while it fails.
    """
    folder = data_dir_of(db)
    where = str(paths.db_path(folder)) if folder else ":memory:"
    if where in _sound:
        return
    try:
        rows = [r[0] for r in db.execute("PRAGMA quick_check")]
    except sqlite3.DatabaseError as exc:  # damaged past what the check itself can walk
        rows = [str(exc)]
    if rows != ["ok"]:
        log.error("quick_check failed on %s: %s", where, rows[:5])
        raise StorageError(_("The database {where} is damaged (its integrity check fails: {value}). No "
                             "recharge can be taken on it: keep the file, do not delete it, and restore the "
                             "counter from its latest backup ('counter-app restore FILE'), or call IT.").format(
                                 where=where, value=rows[0][:120]))
    _sound.add(where)


def connect(path: Path) -> sqlite_utils.Database:
    """A connection with the pragmas that make a commit survive a power cut."""
    try:
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        db = sqlite_utils.Database(conn, execute_plugins=False)
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        mode = db.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if mode.lower() != "wal":
            log.warning("journal_mode is %s, not WAL", mode)
        db.execute("PRAGMA synchronous = FULL")
        db.execute("PRAGMA foreign_keys = ON")
    except sqlite3.Error as exc:
        raise StorageError(describe_sqlite_error(exc, path)) from exc
    return db


@contextlib.contextmanager
def write_transaction(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """One atomic write: BEGIN IMMEDIATE ... COMMIT, rolled back on any error."""
    conn = db.conn
    if conn.in_transaction:
        # Nested use joins the outer transaction: the caller owns the commit.
        yield db
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    else:
        try:
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise


def copy_database(db: sqlite_utils.Database, target: Path) -> Path:
    """A consistent copy through SQLite's backup API (safe while others write)."""
    from counter_app import keystore

    keystore.owner_only_dir(target.parent)
    dest = sqlite3.connect(str(target))
    try:
        db.conn.backup(dest)
    finally:
        dest.close()
    if os.name == "posix":
        os.chmod(target, 0o600)  # a copy made before a migration may still hold what the migration moves out
    return target


def pre_migration_copy(db: sqlite_utils.Database, path: Path, first_pending: str) -> Path:
    stamp = clock.utc_now().strftime("%Y%m%dT%H%M%SZ")
    target = paths.backup_dir(path.parent) / f"{path.stem}-{stamp}-before-{first_pending}.sqlite3"
    log.info("copying %s to %s before migrating", path, target)
    return copy_database(db, target)


class BackgroundCheckpointer:
    """Copies the WAL into the database file from a thread of its own.

    SQLite's automatic checkpoint runs inside whichever commit crosses the
    threshold, so about one recharge in a hundred would pay for copying the
    last hundred. A long-running app (the window) turns that off on its
    connection and lets this thread do it every ``interval`` seconds. Durability
    is unchanged: a commit is on disk once the WAL is fsynced, checkpoint or not.
    Short-lived CLI processes need none of this: the last connection to close
    checkpoints anyway.
    """

    def __init__(self, path: Path, *, interval: float = 0.5) -> None:
        import threading

        self._path = path
        self._interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="wal-checkpoint", daemon=True)

    def start(self) -> BackgroundCheckpointer:
        self._thread.start()
        return self

    def _run(self) -> None:
        conn = sqlite3.connect(str(self._path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        try:
            while not self._stop.wait(self._interval):
                try:
                    conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
                except sqlite3.Error as exc:  # busy or I/O: try again next time
                    log.warning("background checkpoint failed: %s", exc)
        finally:
            conn.close()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)


def defer_checkpoints(db: sqlite_utils.Database, path: Path, *, interval: float = 0.5) -> BackgroundCheckpointer:
    """Take checkpoints off this connection's commits; returns the thread to stop at exit."""
    db.execute("PRAGMA wal_autocheckpoint = 0")
    return BackgroundCheckpointer(path, interval=interval).start()
