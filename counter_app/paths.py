"""Where the counter keeps its files: one database, the receipt archive, logs."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from counter_app import APP_NAME

ENV_DATA_DIR = "COUNTER_APP_DATA_DIR"
DB_NAME = "counter.sqlite3"


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def resolve_data_dir(explicit: str | os.PathLike | None = None) -> Path:
    """``--data-dir`` wins, then ``COUNTER_APP_DATA_DIR``, then the platform default."""
    if explicit:
        return Path(explicit).expanduser()
    from_env = os.environ.get(ENV_DATA_DIR)
    if from_env:
        return Path(from_env).expanduser()
    return default_data_dir()


def db_path(data_dir: Path) -> Path:
    return data_dir / DB_NAME


def archive_dir(data_dir: Path) -> Path:
    return data_dir / "receipts"


def log_dir(data_dir: Path) -> Path:
    return data_dir / "logs"


def backup_dir(data_dir: Path) -> Path:
    return data_dir / "pre-migration"
