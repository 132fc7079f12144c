"""Turn any exception from a core call into a sentence for the cashier.

Environment faults (KnownError, SQLite errors) say what to do; anything else
is our bug: logged in full, and the person sees only where the log is.
"""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

from counter_app import paths, storage
from counter_app.errors import KnownError, StorageError

log = logging.getLogger(__name__)


def as_known(exc: BaseException, data_dir: Path, log_file: Path) -> KnownError:
    if isinstance(exc, KnownError):
        return exc
    if isinstance(exc, sqlite3.Error):
        log.exception("database error")
        return StorageError(storage.describe_sqlite_error(exc, paths.db_path(data_dir)))
    log.error("internal error", exc_info=exc)
    return KnownError(f"Internal error, logged to {log_file}. Nothing already taken was lost; "
                      "please report it to IT.")
