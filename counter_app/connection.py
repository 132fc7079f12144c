"""Opening the counter database: connect with durable pragmas, then migrate.

Above :mod:`counter_app.storage` (connections, transactions) and
:mod:`counter_app.migrations` (the schema), as Vorta's ``store/connection.py``:
migrations uses storage (the copy taken before migrating), this module uses
both, so the three form a line, not a circle.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import sqlite_utils

from counter_app import keystore, migrations, paths, storage
from counter_app.errors import StorageError
from counter_app.i18n import _


def open_counter_db(data_dir: Path, *, create: bool = True) -> sqlite_utils.Database:
    """Open (and migrate) the counter database in ``data_dir``."""
    path = paths.db_path(data_dir)
    if not path.exists() and not create:
        raise StorageError(_("No counter database in {data_dir}. Run 'counter-app setup' first.").format(
            data_dir=data_dir))
    try:
        keystore.owner_only_dir(data_dir)  # the folder holds the key files: owner only
    except OSError as exc:
        raise StorageError(_("Cannot create the data folder {data_dir}: {strerror}.").format(
            data_dir=data_dir, strerror=exc.strerror)) from exc
    db = storage.connect(path)
    if os.name == "posix" and path.stat().st_mode & 0o077:
        os.chmod(path, 0o600)  # SQLite gives its -wal and -shm files the same mode
    try:
        migrations.upgrade(db, path)
    except sqlite3.Error as exc:
        db.close()
        raise StorageError(storage.describe_sqlite_error(exc, path)) from exc
    except BaseException:
        db.close()
        raise
    return db
