"""``counter-app``: the command-line face of the counter.

Exit codes: 0 success, 1 refused or failed (one line on stderr), 2 usage.
No traceback reaches the person: our bugs go to the log file in full.
"""

from __future__ import annotations

import argparse
import logging
import os
import sqlite3
import sys
from collections.abc import Sequence
from types import ModuleType

from counter_app import __version__, i18n, logsetup, paths, storage
from counter_app.errors import KnownError
from counter_cli.context import Context
from counter_app.i18n import _

log = logging.getLogger(__name__)


def opens_window(argv: Sequence[str]) -> bool:
    """True when these arguments open the window: no command, or ``gui``.

    Then only the window's command module is loaded: the other command groups
    (and what they import: backups' cryptography, reports...) are not needed
    and would only delay the window (bench/bench_ui_start.py).
    """
    rest = list(argv)
    while rest:
        arg = rest.pop(0)
        if arg == "--data-dir":
            if not rest:
                return False
            rest.pop(0)
        elif arg.startswith("--data-dir="):
            continue
        else:
            return arg == "gui"
    return True


def command_modules(window_only: bool = False) -> list[ModuleType]:
    """The modules that register sub-commands; each one's ``register`` adds its group."""
    from counter_cli import gui_commands

    if window_only:
        return [gui_commands]
    # The other groups load backups' cryptography, reports...: imported only when a command needs them.
    from counter_cli import (
        admin_commands, core_commands, receipt_commands, recon_commands, safety_commands, sync_commands,
    )
    return [core_commands, sync_commands, receipt_commands, recon_commands, safety_commands, admin_commands,
            gui_commands]


def build_parser(modules: Sequence[ModuleType] | None = None) -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir", metavar="DIR", default=argparse.SUPPRESS,
                        help="data folder (default: $COUNTER_APP_DATA_DIR or the platform's user data folder)")
    common.add_argument("--lang", choices=i18n.LANGUAGES, default=argparse.SUPPRESS,
                        help=f"language of messages and of the window (default: ${i18n.ENV}, the window's "
                             "last choice, else the system's)")
    parser = argparse.ArgumentParser(
        prog="counter-app", parents=[common],
        description="Offline-first cashier for prepaid electricity recharges. "
                    "With no command, opens the cashier window.")
    parser.add_argument("--version", action="version", version=f"counter-app {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in command_modules() if modules is None else modules:
        module.register(commands, common)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    given = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(command_modules(window_only=opens_window(given)))
    args = parser.parse_args(given)
    if not getattr(args, "handler", None):  # no command: open the window
        args = parser.parse_args([*given, "gui"])
    # One language for everything this process says: the CLI's refusals and, for the window, both
    # catalogs (ui.i18n reads the same environment variable when it starts).
    i18n.requested = getattr(args, "lang", None)
    i18n.set_language(i18n.choose())
    ctx = Context(args)
    # python-escpos caches its printer capabilities as a pickle; by default in the
    # temp folder, which a frozen app on a locked-down PC may not be allowed to keep.
    # Nothing is created in a data folder that does not exist yet: 'verify' of a mistyped
    # --data-dir must not leave an empty folder behind (setup creates it, owner-only).
    log_file = None
    if ctx.data_dir.is_dir():
        cache = ctx.data_dir / "cache"
        try:
            cache.mkdir(parents=True, exist_ok=True)
            os.environ.setdefault("ESCPOS_CAPABILITIES_PICKLE_DIR", str(cache))
        except OSError:
            pass  # an unwritable data folder is reported by the command that needs it
        log_file = logsetup.setup(ctx.data_dir)
    try:
        return int(args.handler(args, ctx) or 0)
    except KnownError as exc:
        log.info("refused: %s", exc)
        print(f"counter-app: {exc}", file=sys.stderr)
        return 1
    except sqlite3.Error as exc:  # disk full, read-only file, damaged file: the environment
        log.exception("database error in %s", getattr(args, "command", "?"))
        print(f"counter-app: {storage.describe_sqlite_error(exc, paths.db_path(ctx.data_dir))}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(_("counter-app: interrupted"), file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away ('counter-app list | head'): not an error of ours, and
        # nothing more can be said on that pipe. Python's own advice: point stdout at
        # devnull so the flush at exit does not fail again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError):
            pass  # stdout is not a real file (a test's capture): nothing left to flush
        finally:
            os.close(devnull)
        return 1
    except Exception:  # our bug: log it in full, show where
        log.exception("internal error in %s", getattr(args, "command", "?"))
        where = log_file or "the log"
        print(_("counter-app: internal error, logged to {where}. Nothing already taken was lost; please report "
                "it to IT.").format(where=where), file=sys.stderr)
        return 1
    finally:
        ctx.close()
        i18n.requested = None   # this run's --lang ends with it (tests run many in one process)
