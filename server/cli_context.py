"""What every ``counter-server`` command shares: the data folder, the store, the server's key, secrets."""

from __future__ import annotations

import argparse
import json
import os
import re
import sqlite3
import sys
from pathlib import Path
from typing import Any

import platformdirs

from server.crediting import Rules
from server.server_key import ENV_KEY_FILE, KEY_FILE, ServerKey, ServerKeyError, load_or_create

ENV_DATA_DIR = "COUNTER_SERVER_DATA_DIR"
ENV_DATABASE = "COUNTER_SERVER_DATABASE"
ENV_RUN_SETTINGS = "COUNTER_SERVER_RUN_SETTINGS"  # how `run --workers N` tells its workers what to serve
ENV_ADMIN_TOKEN = "COUNTER_SERVER_ADMIN_TOKEN"
COUNTER_ID = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,14}[A-Za-z0-9])?$")
MAX_SEED = 50_000_000


class Refused(Exception):
    """A failure the person can fix; its message says how."""


def data_dir(args: argparse.Namespace) -> Path:
    explicit = getattr(args, "data_dir", None) or os.environ.get(ENV_DATA_DIR)
    return Path(explicit).expanduser() if explicit else Path(platformdirs.user_data_dir("counter-server",
                                                                                          appauthor=False))


def rules(args: argparse.Namespace) -> Rules:
    defaults = Rules()
    return Rules(max_receipt_jump=getattr(args, "max_receipt_jump", None) or defaults.max_receipt_jump,
                 clock_ahead_s=getattr(args, "clock_ahead_s", None) or defaults.clock_ahead_s,
                 clock_behind_s=getattr(args, "clock_behind_s", None) or defaults.clock_behind_s)


def database_url(args: argparse.Namespace) -> str | None:
    """The PostgreSQL URL of ``--database`` or $COUNTER_SERVER_DATABASE; None means SQLite in the data folder."""
    url = getattr(args, "database", None) or os.environ.get(ENV_DATABASE) or None
    if url is None:
        return None
    if not url.startswith(("postgresql://", "postgres://")):
        raise Refused(f"--database takes a URL such as postgresql://USER@HOST/DB, not {url[:40]!r}.")
    from psycopg import ProgrammingError
    from psycopg.conninfo import conninfo_to_dict

    try:
        info = conninfo_to_dict(url)
    except ProgrammingError:
        raise Refused("The --database URL is not valid: use postgresql://USER@HOST:PORT/DB.") from None
    if info.get("password"):
        raise Refused("Do not put the database password in the URL (it would show in the process list): "
                      "put it in ~/.pgpass or the file named by PGPASSFILE.")
    return url


def open_store(args: argparse.Namespace, *, migrate: bool = True):
    """The store the options name: PostgreSQL with --database, else SQLite in the data folder."""
    return open_store_at(database_url(args), data_dir(args), rules(args), migrate=migrate,
                         batches_at_once=getattr(args, "batch_concurrency", None))


def open_store_at(url: str | None, where: Path, store_rules: Rules, *, migrate: bool = True,
                  batches_at_once: int | None = None):
    """``batches_at_once``: what the serving process's batch gate allows (sizes PostgreSQL's pool)."""
    if url:
        from server.pg_migrations import MigrationRefused
        from server.postgres_store import PostgresStore, pool_size_for

        sized = {"pool_size": pool_size_for(batches_at_once)} if batches_at_once else {}
        try:
            return PostgresStore(url, rules=store_rules, migrate=migrate, **sized)
        except MigrationRefused as exc:
            raise Refused(str(exc)) from None
    from server.sqlite_schema import SchemaTooNew
    from server.sqlite_store import SqliteStore

    try:
        return SqliteStore(where, rules=store_rules)
    except SchemaTooNew as exc:
        raise Refused(str(exc)) from None
    except (OSError, sqlite3.Error) as exc:
        raise Refused(f"Cannot open the server database in {where}: {exc}. Check the folder and its "
                      "permissions.") from exc


def signing_key_path(args: argparse.Namespace) -> Path:
    """--server-key-file, $COUNTER_SERVER_KEY_FILE or the data folder's key file."""
    path = getattr(args, "server_key_file", None) or os.environ.get(ENV_KEY_FILE) or data_dir(args) / KEY_FILE
    return Path(path).expanduser()


def signing_key(args: argparse.Namespace) -> ServerKey:
    """The server's signing key from --server-key-file, $COUNTER_SERVER_KEY_FILE or the data folder."""
    try:
        return load_or_create(signing_key_path(args))
    except ServerKeyError as exc:
        raise Refused(str(exc)) from None


def read_secret_file(path: str, what: str) -> str:
    """A secret from an owner-only file (first line, stripped)."""
    file = Path(path).expanduser()
    try:
        mode = file.stat().st_mode
        text = file.read_text(encoding="utf-8")
    except OSError as exc:
        raise Refused(f"Cannot read the {what} file {file}: {exc.strerror}.") from None
    if os.name != "nt" and mode & 0o077:
        raise Refused(f"The {what} file {file} can be read by other users (mode {mode & 0o777:o}). "
                      f"Run: chmod 600 {file}")
    secret = text.strip().splitlines()[0].strip() if text.strip() else ""
    if not secret:
        raise Refused(f"The {what} file {file} is empty.")
    return secret


def admin_token(args: argparse.Namespace) -> str | None:
    if args.admin_token_file:
        return read_secret_file(args.admin_token_file, "admin token")
    if args.admin_token:
        print("counter-server: warning: --admin-token is visible to other users of this machine (ps); "
              f"use --admin-token-file PATH or ${ENV_ADMIN_TOKEN} instead.", file=sys.stderr)
        return args.admin_token
    return os.environ.get(ENV_ADMIN_TOKEN) or None


def rule_options(p: argparse.ArgumentParser) -> None:
    defaults = Rules()
    p.add_argument("--server-key-file", metavar="PATH", help=f"the server's signing key (default: {KEY_FILE} in "
                   f"the data folder, or ${ENV_KEY_FILE}); created owner-only on first start")
    p.add_argument("--max-receipt-jump", type=int, metavar="N",
                   help=f"refuse a receipt number more than N past the counter's last (default {defaults.max_receipt_jump:,})")
    p.add_argument("--clock-ahead-s", type=int, metavar="S", help="flag in the audit a created_at more than S "
                   f"seconds ahead of the server's clock (default {defaults.clock_ahead_s})")
    p.add_argument("--clock-behind-s", type=int, metavar="S", help="flag in the audit a created_at more than S "
                   f"seconds behind it (default {defaults.clock_behind_s}, 45 days)")


def emit(args: argparse.Namespace, data: Any, text: str) -> None:
    """JSON with --json, else the sentence."""
    print(json.dumps(data, indent=2, ensure_ascii=False) if getattr(args, "json", False) else text)
