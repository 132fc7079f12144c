"""What every command shares: the data dir, the database, PINs and output."""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from pathlib import Path
from typing import Any

import sqlite_utils

from counter_app import connection, paths, users
from counter_app.errors import KnownError
from counter_app.users import User
from counter_app.i18n import _


class Context:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.data_dir: Path = paths.resolve_data_dir(getattr(args, "data_dir", None))
        self._db: sqlite_utils.Database | None = None
        self._pin_lines: list[str] | None = None

    @property
    def db(self) -> sqlite_utils.Database:
        if self._db is None:
            self._db = connection.open_counter_db(self.data_dir)
        return self._db

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    # -- PINs ---------------------------------------------------------------
    def read_pin(self, prompt: str) -> str:
        """The next PIN: a line of stdin with --pin-stdin, else a terminal prompt."""
        if getattr(self.args, "pin_stdin", False):
            line = sys.stdin.readline()
            if not line:
                raise KnownError(_("{prompt}: no more PIN lines on standard input (one line per person).").format(
                    prompt=prompt))
            return line.rstrip("\r\n")
        if not sys.stdin.isatty():
            raise KnownError(_("{prompt}: no terminal to ask on. Pass --pin-stdin and give the PIN on standard "
                               "input.").format(prompt=prompt))
        return getpass.getpass(f"{prompt}: ")

    def login(self, user_id: str, *, role: str | None = None) -> User:
        pin = self.read_pin(f"PIN for {user_id}")
        return users.authenticate(self.db, user_id, pin, role=role)

    # -- output -------------------------------------------------------------
    @property
    def as_json(self) -> bool:
        return bool(getattr(self.args, "json", False))

    def emit(self, data: Any, text: str | None = None) -> None:
        """Print JSON with --json, else the human text."""
        if self.as_json:
            print(json.dumps(data, ensure_ascii=False, indent=2))
        elif text is not None:
            print(text)


def add_json(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print machine-readable JSON")


def add_pin_stdin(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--pin-stdin", action="store_true",
                        help="read PINs from standard input, one line per person, in the order named")
