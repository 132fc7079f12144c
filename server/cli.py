"""``counter-server``: run the reference server and look after its data.

Exit codes: 0 success, 1 refused or failed (one line on stderr), 2 usage.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import logging
import os
import re
import shutil
import sqlite3
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import platformdirs

from server.crediting import Rules
from server.models import Faults
from server.server_key import ENV_KEY_FILE, KEY_FILE, ServerKey, ServerKeyError, load_or_create
from server.store import CounterExists, StoreUnavailable, UnknownCounter

log = logging.getLogger("server")

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
    return open_store_at(database_url(args), data_dir(args), rules(args), migrate=migrate)


def open_store_at(url: str | None, where: Path, store_rules: Rules, *, migrate: bool = True):
    if url:
        from server.pg_migrations import MigrationRefused
        from server.postgres_store import PostgresStore

        try:
            return PostgresStore(url, rules=store_rules, migrate=migrate)
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


def _rule_options(p: argparse.ArgumentParser) -> None:
    defaults = Rules()
    p.add_argument("--server-key-file", metavar="PATH", help=f"the server's signing key (default: {KEY_FILE} in "
                   f"the data folder, or ${ENV_KEY_FILE}); created owner-only on first start")
    p.add_argument("--max-receipt-jump", type=int, metavar="N",
                   help=f"refuse a receipt number more than N past the counter's last (default {defaults.max_receipt_jump:,})")
    p.add_argument("--clock-ahead-s", type=int, metavar="S", help="flag in the audit a created_at more than S "
                   f"seconds ahead of the server's clock (default {defaults.clock_ahead_s})")
    p.add_argument("--clock-behind-s", type=int, metavar="S", help="flag in the audit a created_at more than S "
                   f"seconds behind it (default {defaults.clock_behind_s}, 45 days)")


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir", metavar="DIR", default=argparse.SUPPRESS,
                        help=f"server data folder (default: ${ENV_DATA_DIR} or the user data folder)")
    common.add_argument("--database", metavar="URL", default=argparse.SUPPRESS,
                        help=f"PostgreSQL instead of SQLite: postgresql://USER@HOST[:PORT]/DB (or ${ENV_DATABASE}); "
                             "the password goes in ~/.pgpass, never here")
    parser = argparse.ArgumentParser(prog="counter-server", parents=[common],
                                     description="Reference central server for counter-app.")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = commands.add_parser("run", parents=[common], help="serve the API")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8765, help="0 picks a free port (printed at start)")
    p.add_argument("--admin-token-file", metavar="PATH",
                   help=f"enables the admin API (faults): the token in an owner-only file; or set ${ENV_ADMIN_TOKEN}")
    p.add_argument("--admin-token", metavar="TOKEN", help="the same, on the command line (visible in ps: avoid)")
    _rule_options(p)
    p.add_argument("--fail-rate", type=float, default=0.0, metavar="P", help="share of API calls answered 500")
    p.add_argument("--drop-rate", type=float, default=0.0, metavar="P",
                   help="share of API calls committed, then cut off without an answer")
    p.add_argument("--throttle-rate", type=float, default=0.0, metavar="P", help="share answered 429")
    p.add_argument("--latency-ms", type=int, default=0, metavar="MS", help="added to every call")
    p.add_argument("--retry-after", type=int, default=1, metavar="S", help="Retry-After of 429 and 503 answers")
    p.add_argument("--maintenance", action="store_true", help="answer 503 to every API call")
    p.add_argument("--fault-seed", type=int, metavar="N", help="make injected faults repeatable")
    p.add_argument("--workers", type=int, default=1, metavar="N",
                   help="server processes sharing the port (use PostgreSQL for more than one)")
    p.add_argument("--silent-after-minutes", type=int, default=30, metavar="MIN",
                   help="the counters page flags a counter with no API call for this long (default 30)")
    p.add_argument("--timezone", default="Asia/Kolkata", metavar="ZONE",
                   help="local time of the operations pages (default Asia/Kolkata)")
    p.add_argument("--secure-cookies", action="store_true",
                   help="mark the pages' session cookie Secure (the server is reached over TLS)")
    p.add_argument("--trusted-proxy", action="append", default=[], metavar="IP",
                   help="believe X-Forwarded-Proto from this proxy address (repeatable)")
    p.add_argument("--exit-with-parent", action="store_true",
                   help="stop when standard input closes (the parent holds the pipe; counter-app demo)")
    p.set_defaults(handler=cmd_run)

    p = commands.add_parser("migrate", parents=[common], help="bring the database schema up to date")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_migrate)

    counter = commands.add_parser("counter", parents=[common], help="register counters")
    counter_cmds = counter.add_subparsers(dest="counter_command", metavar="ACTION", required=True)
    p = counter_cmds.add_parser("add", parents=[common], help="register a counter and print its token once")
    p.add_argument("--counter-id", required=True, metavar="ID")
    p.add_argument("--office", metavar="NAME", help="the office the counter belongs to (shown on the pages)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_counter_add)
    for action, text, handler in [
            ("revoke", "refuse the counter from now on (every call 401, its transfer files refused)", cmd_counter_revoke),
            ("rotate-token", "give the counter a new token (printed once); the old one stops working",
             cmd_counter_rotate_token),
            ("retire-key", "retire the counter's key so it can register a new one (old signatures still verify)",
             cmd_counter_retire_key)]:
        p = counter_cmds.add_parser(action, parents=[common], help=text)
        p.add_argument("--counter-id", required=True, metavar="ID")
        p.add_argument("--json", action="store_true")
        p.set_defaults(handler=handler)

    user = commands.add_parser("user", parents=[common], help="people who may sign in to the operations pages")
    user_cmds = user.add_subparsers(dest="user_command", metavar="ACTION", required=True)
    p = user_cmds.add_parser("add", parents=[common], help="add a viewer or admin (password asked twice)")
    p.add_argument("--id", required=True, metavar="ID", dest="user_id")
    p.add_argument("--role", required=True, choices=("viewer", "admin"))
    p.add_argument("--password-stdin", action="store_true", help="read the password twice, one per line, from stdin")
    p.set_defaults(handler=cmd_user_add)

    p = commands.add_parser("seed", parents=[common], help="create realistic consumers")
    p.add_argument("--consumers", required=True, type=int, metavar="N")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_seed)

    p = commands.add_parser("ledger", parents=[common], help="every recharge the server has credited")
    p.add_argument("--counter-id", metavar="ID")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_ledger)

    p = commands.add_parser("import", parents=[common],
                            help="apply a counter's transfer file (counter-app export-queue)")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--json", action="store_true")
    _rule_options(p)
    p.set_defaults(handler=cmd_import)

    p = commands.add_parser("audit", parents=[common], help="receipt gaps and journal chain breaks per counter")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_audit)
    return parser


def _emit(args: argparse.Namespace, data: Any, text: str) -> None:
    print(json.dumps(data, indent=2, ensure_ascii=False) if getattr(args, "json", False) else text)


def cmd_run(args: argparse.Namespace) -> int:
    import uvicorn

    from server import request_log

    try:
        faults = Faults(error_rate=args.fail_rate, drop_rate=args.drop_rate, throttle_rate=args.throttle_rate,
                        latency_ms=args.latency_ms, retry_after_s=args.retry_after, maintenance=args.maintenance)
    except ValueError as exc:
        raise Refused(f"Fault settings are not valid: rates are 0 to 1, latency 0 to 60000 ms ({exc.errors()[0]['msg']}).") from None
    if not 1 <= args.workers <= 64:
        raise Refused("--workers takes 1 to 64 (about one per CPU core is right).")
    web = web_settings(args)
    admin = admin_token(args)
    key = signing_key(args)  # made here if new, so every worker loads the same key
    request_log.configure_json_lines()
    metrics_dir = _fresh_metrics_dir(args.workers)
    store = open_store(args)  # migrations are applied here, once, before any worker serves
    # proxy_headers off: uvicorn would otherwise believe X-Forwarded-* from 127.0.0.1 by default; the pages
    # believe X-Forwarded-Proto only from --trusted-proxy addresses.
    kwargs = dict(host=args.host, port=args.port, log_level="warning", access_log=False, timeout_keep_alive=30,
                  backlog=2048, proxy_headers=False)
    try:
        if args.workers == 1:
            from server.app import create_app

            app = create_app(store, admin_token=admin, faults=faults, fault_seed=args.fault_seed, signing_key=key,
                             web=web)
            _serve(uvicorn.Config(app, **kwargs), args)
        else:
            store.close()
            os.environ[ENV_RUN_SETTINGS] = json.dumps({
                "database": database_url(args), "data_dir": str(data_dir(args)), "faults": faults.model_dump(),
                "fault_seed": args.fault_seed, "server_key_file": str(signing_key_path(args)),
                "rules": dataclasses.asdict(rules(args)),
                "web": {"silent_after_s": web.silent_after.total_seconds(), "timezone": web.timezone,
                        "secure_cookies": web.secure_cookies, "trusted_proxies": sorted(web.trusted_proxies)}})
            if admin:
                os.environ[ENV_ADMIN_TOKEN] = admin  # inherited by the workers; never on their command line
            _serve(uvicorn.Config("server.asgi:app_from_env", factory=True, workers=args.workers, **kwargs), args)
    finally:
        store.close()
        if metrics_dir is not None:
            shutil.rmtree(metrics_dir, ignore_errors=True)
    return 0


def _fresh_metrics_dir(workers: int) -> Path | None:
    """Empty $PROMETHEUS_MULTIPROC_DIR (a restart must not add up the last run's files), or make one for N workers.

    Returns the folder to remove at the end when it was made here.
    """
    from server.metrics import MULTIPROC_ENV

    given = os.environ.get(MULTIPROC_ENV)
    if given:
        Path(given).mkdir(parents=True, exist_ok=True)
        for old in Path(given).glob("*.db"):
            old.unlink()
        return None
    if workers == 1:
        return None
    made = Path(tempfile.mkdtemp(prefix="counter-server-metrics-"))
    os.environ[MULTIPROC_ENV] = str(made)
    return made


def _serve(config: Any, args: argparse.Namespace) -> None:
    """Bind, say where, then serve (one process, or a supervisor of ``config.workers`` processes)."""
    import uvicorn
    from uvicorn.supervisors import Multiprocess

    try:
        sock = config.bind_socket()
    except SystemExit:  # uvicorn exits when it cannot bind
        raise Refused(f"Could not serve on {args.host}:{args.port} (the address is in use or not allowed). "
                      "Stop the other server or choose another --port.") from None
    sock.listen(config.backlog)  # connections wait in the backlog until a worker takes them
    port = sock.getsockname()[1]

    def announce() -> None:
        print(f"counter-server: listening on http://{args.host}:{port}"
              + (f" ({config.workers} workers)" if config.workers > 1 else ""), flush=True)

    if config.workers > 1:
        class Supervisor(Multiprocess):
            def init_processes(self) -> None:
                super().init_processes()
                # Said only once every worker has opened its pool, so a caller's first requests are served.
                for process in self.processes:
                    process.wait_until_ready(60, self.should_exit)
                announce()

        supervisor = Supervisor(config, sockets=[sock])
        stop = supervisor.should_exit.set
        run = supervisor.run
    else:
        server = uvicorn.Server(config)

        def stop() -> None:
            server.should_exit = True   # uvicorn's own orderly shutdown, as on SIGTERM

        def run() -> None:
            server.run(sockets=[sock])

        announce()
    if args.exit_with_parent:
        from server.parent_watch import watch_stdin

        watch_stdin(stop)
    run()


def cmd_migrate(args: argparse.Namespace) -> int:
    url = database_url(args)
    store = open_store(args, migrate=False) if url else open_store(args)
    try:
        applied = store.migrate() if url else []
        version = store.schema_version() if url else _sqlite_version(store)
    finally:
        store.close()
    where = "PostgreSQL" if url else f"SQLite in {data_dir(args)}"
    _emit(args, {"database": "postgresql" if url else "sqlite", "applied": applied, "schema_version": version},
          f"{where}: schema version {version}" + (f" (applied {', '.join(map(str, applied))})" if applied
                                                   else " (already up to date)"))
    return 0


def _sqlite_version(store: Any) -> int:
    return store._writer.execute("PRAGMA user_version").fetchone()[0]


def web_settings(args: argparse.Namespace):
    import datetime as dt
    import zoneinfo

    from server.web.settings import WebSettings

    if not 1 <= args.silent_after_minutes <= 7 * 24 * 60:
        raise Refused("--silent-after-minutes takes 1 to 10080 (a week).")
    try:
        zoneinfo.ZoneInfo(args.timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise Refused(f"Time zone {args.timezone!r} is not known: use a name such as Asia/Kolkata.") from None
    return WebSettings(silent_after=dt.timedelta(minutes=args.silent_after_minutes), timezone=args.timezone,
                       secure_cookies=args.secure_cookies, trusted_proxies=frozenset(args.trusted_proxy))


def cmd_counter_add(args: argparse.Namespace) -> int:
    counter_id = _counter_id(args)
    office = " ".join((args.office or "").split()) or None
    if office and len(office) > 80:
        raise Refused("--office takes at most 80 characters.")
    store = open_store(args)
    try:
        token = store.add_counter(counter_id, office=office)
    except CounterExists:
        raise Refused(f"Counter {counter_id} is registered already; its token was shown when it was added.") from None
    finally:
        store.close()
    _emit(args, {"counter_id": counter_id, "token": token},
          f"Counter {counter_id} registered. Its token (shown only now; give it to the counter's setup):\n{token}")
    return 0


def read_new_password(from_stdin: bool) -> str:
    """Twice, from the terminal (not echoed) or as two lines of stdin; never from the command line."""
    if from_stdin:
        first, second = sys.stdin.readline().rstrip("\r\n"), sys.stdin.readline().rstrip("\r\n")
    else:
        import getpass

        if not sys.stdin.isatty():
            raise Refused("No terminal to ask the password on: pipe it twice, one per line, with --password-stdin.")
        first, second = getpass.getpass("Password: "), getpass.getpass("Password again: ")
    if first != second:
        raise Refused("The two passwords differ; nothing was saved. Try again.")
    return first


def cmd_user_add(args: argparse.Namespace) -> int:
    from server.store import UserExists
    from server.web.access import InvalidUser, add_user, check_new_user

    user_id = (args.user_id or "").strip()
    try:
        check_new_user(user_id, args.role, "x" * 10)
    except InvalidUser as exc:
        raise Refused(str(exc)) from None
    password = read_new_password(args.password_stdin)
    store = open_store(args)
    try:
        add_user(store, user_id, args.role, password)
    except InvalidUser as exc:
        raise Refused(str(exc)) from None
    except UserExists:
        raise Refused(f"User {user_id} exists already; choose another id.") from None
    finally:
        store.close()
    print(f"User {user_id} added ({args.role}). Sign in at the server's address, e.g. http://HOST:PORT/.")
    return 0


def _counter_id(args: argparse.Namespace) -> str:
    counter_id = (args.counter_id or "").strip().upper()
    if not COUNTER_ID.match(counter_id):
        raise Refused(f"Counter id {args.counter_id!r} is not valid: use 1 to 16 letters, digits and dashes.")
    return counter_id


def _on_counter(args: argparse.Namespace, change: Any) -> tuple[str, Any]:
    """Run an admin action on one counter and put it in the admin log (who: the console's user)."""
    import getpass

    counter_id = _counter_id(args)
    action = args.counter_command
    store = open_store(args)
    try:
        result = change(store, counter_id)
        store.record_admin_action(f"cli:{getpass.getuser()}", action, counter_id, "from counter-server on the console")
        log.warning("admin action: %s by cli:%s on counter %s", action, getpass.getuser(), counter_id)
        return counter_id, result
    except UnknownCounter:
        raise Refused(f"No counter {counter_id} is registered on this server (counter-server counter add).") from None
    finally:
        store.close()


def cmd_counter_revoke(args: argparse.Namespace) -> int:
    counter_id, at = _on_counter(args, lambda store, cid: store.revoke_counter(cid))
    _emit(args, {"counter_id": counter_id, "revoked_at": at},
          f"Counter {counter_id} is revoked (since {at}): every call with its token is refused, and so are its "
          "transfer files. What it sent before stays on the books.")
    return 0


def cmd_counter_rotate_token(args: argparse.Namespace) -> int:
    counter_id, token = _on_counter(args, lambda store, cid: store.rotate_token(cid))
    _emit(args, {"counter_id": counter_id, "token": token},
          f"Counter {counter_id} has a new token; the old one no longer works. The new token (shown only now; "
          f"give it to the counter with counter-app setup --token-file):\n{token}")
    return 0


def cmd_counter_retire_key(args: argparse.Namespace) -> int:
    counter_id, key = _on_counter(args, lambda store, cid: store.retire_key(cid))
    if key is None:
        _emit(args, {"counter_id": counter_id, "retired": None},
              f"Counter {counter_id} has no active key; it registers one at its next setup or sync.")
        return 0
    _emit(args, {"counter_id": counter_id, "retired": {"key_id": key.key_id, "retired_at": key.retired_at}},
          f"Key {key.key_id} of counter {counter_id} is retired (kept, so what it signed before still verifies). "
          "The counter can now register its new key.")
    return 0


def cmd_seed(args: argparse.Namespace) -> int:
    if not 1 <= args.consumers <= MAX_SEED:
        raise Refused(f"--consumers takes 1 to {MAX_SEED:,}.")
    store = open_store(args)
    started = time.perf_counter()
    try:
        store.seed_consumers(args.consumers)
    finally:
        store.close()
    seconds = round(time.perf_counter() - started, 2)
    _emit(args, {"consumers": args.consumers, "seconds": seconds},
          f"Created {args.consumers:,} consumers in {seconds} s.")
    return 0


def cmd_ledger(args: argparse.Namespace) -> int:
    store = open_store(args)
    try:
        rows = store.ledger((args.counter_id or "").strip().upper() or None)
    finally:
        store.close()
    text = "\n".join(f"{r['txn_id']}  {r['counter_id']:<8} {r['receipt_no']:<20} {r['consumer_no']:>15} "
                     f"{r['amount_paise']:>12} {r['server_ref']}  {r['credited_at'] or '-'}"
                     f"{'  VOIDED' if r['voided'] else ''}" for r in rows) or "No recharges credited."
    _emit(args, rows, text)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from server.transfer_import import ImportRefused, import_file

    key = signing_key(args)
    store = open_store(args)
    try:
        report = import_file(store, Path(args.file), key)
    except ImportRefused as exc:
        raise Refused(str(exc)) from None
    finally:
        store.close()
    _emit(args, report, f"Counter {report['counter_id']}: {report['items']} transactions, {report['accepted']} "
                        f"accepted, {report['duplicate']} already known, {report['rejected']} rejected.")
    return 0


def cmd_audit(args: argparse.Namespace) -> int:
    store = open_store(args)
    try:
        report = store.audit()
    finally:
        store.close()
    lines = []
    for c in report["counters"]:
        lines.append(f"{c['counter_id']}: {c['recharges_credited']} credited, last receipt {c['last_receipt_seq']}, "
                     f"journal up to {c['journal_max_seq']}: {'clean' if c['ok'] else 'FINDINGS'}")
        lines += [f"  receipt numbers missing: {g}" for g in c["receipt_gaps"]]
        lines += [f"  {f}" for f in c["chain_findings"]]
        lines += [f"  void waiting for its recharge: {t}" for t in c["voids_waiting_for_recharge"]]
        lines += [f"  clock: {f}" for f in c["clock_findings"]]
    _emit(args, report, "\n".join(lines) or "No counters registered.")
    return 0 if report["ok"] else 1


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    try:
        return int(args.handler(args) or 0)
    except Refused as exc:
        print(f"counter-server: {exc}", file=sys.stderr)
        return 1
    except sqlite3.Error as exc:
        print(f"counter-server: the server database reported an error: {exc}. Check the disk and try again.",
              file=sys.stderr)
        return 1
    except StoreUnavailable as exc:
        print(f"counter-server: the database does not answer ({exc}). Start PostgreSQL or check --database "
              "and try again.", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
