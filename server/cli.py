"""``counter-server``: run the reference server and look after its data.

Exit codes: 0 success, 1 refused or failed (one line on stderr), 2 usage.
"""

from __future__ import annotations

import argparse
import logging
import sqlite3
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from server.batch_gate import BATCHES_AT_ONCE
from server.cli_context import (
    COUNTER_ID, ENV_ADMIN_TOKEN, ENV_DATA_DIR, ENV_DATABASE, MAX_SEED, Refused, emit, open_store, rule_options,
    signing_key,
)
from server.serve_commands import cmd_migrate, cmd_run
from server.store import CounterExists, StoreUnavailable, UnknownCounter

log = logging.getLogger("server")


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
    rule_options(p)
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
    p.add_argument("--batch-concurrency", type=int, default=BATCHES_AT_ONCE, metavar="N",
                   help=f"batches each server process applies at once; the others wait their turn "
                        f"(default {BATCHES_AT_ONCE}, measured best on 2 cores: docs/deploy.md)")
    p.add_argument("--verify-processes", type=int, default=None, metavar="N",
                   help="helper processes that check a large batch's signatures beside each server process "
                        "(default 2 with --workers 1, else 0: the server's own threads check them)")
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
    rule_options(p)
    p.set_defaults(handler=cmd_import)

    p = commands.add_parser("audit", parents=[common], help="receipt gaps and journal chain breaks per counter")
    p.add_argument("--json", action="store_true")
    p.add_argument("--signatures", action="store_true",
                   help="also check every stored transaction against every key its counter has had (slower)")
    p.set_defaults(handler=cmd_audit)
    return parser


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
    emit(args, {"counter_id": counter_id, "token": token},
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
    emit(args, {"counter_id": counter_id, "revoked_at": at},
          f"Counter {counter_id} is revoked (since {at}): every call with its token is refused, and so are its "
          "transfer files. What it sent before stays on the books.")
    return 0


def cmd_counter_rotate_token(args: argparse.Namespace) -> int:
    counter_id, token = _on_counter(args, lambda store, cid: store.rotate_token(cid))
    emit(args, {"counter_id": counter_id, "token": token},
          f"Counter {counter_id} has a new token; the old one no longer works. The new token (shown only now; "
          f"give it to the counter with counter-app setup --token-file):\n{token}")
    return 0


def cmd_counter_retire_key(args: argparse.Namespace) -> int:
    counter_id, key = _on_counter(args, lambda store, cid: store.retire_key(cid))
    if key is None:
        emit(args, {"counter_id": counter_id, "retired": None},
              f"Counter {counter_id} has no active key; it registers one at its next setup or sync.")
        return 0
    emit(args, {"counter_id": counter_id, "retired": {"key_id": key.key_id, "retired_at": key.retired_at}},
          f"Key {key.key_id} of counter {counter_id} is retired (kept, so what it signed before still verifies). "
          "The counter can now register its new key.")
    return 0


def cmd_seed(args: argparse.Namespace) -> int:
    if not 1 <= args.consumers <= MAX_SEED:
        raise Refused(f"--consumers takes 1 to {MAX_SEED:,}.")
    from counter_app import progress

    store = open_store(args)
    started = time.perf_counter()
    chunk = 100_000   # the store's own chunk: the same consumers as one call would make
    try:
        with progress.terminal("Seeding", unit=" consumers", total=args.consumers,
                               json_output=args.json) as report:
            for done in range(0, args.consumers, chunk):
                store.seed_consumers(min(chunk, args.consumers - done))
                report(min(args.consumers, done + chunk), args.consumers)
    finally:
        store.close()
    seconds = round(time.perf_counter() - started, 2)
    emit(args, {"consumers": args.consumers, "seconds": seconds},
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
    emit(args, rows, text)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from server.transfer_import import ImportRefused, import_file

    key = signing_key(args)
    store = open_store(args)
    try:
        from counter_app import progress

        with progress.terminal("Importing", unit=" transactions", json_output=args.json) as bar:
            report = import_file(store, Path(args.file), key, progress=bar)
    except ImportRefused as exc:
        raise Refused(str(exc)) from None
    finally:
        store.close()
    emit(args, report, f"Counter {report['counter_id']}: {report['items']} transactions, {report['accepted']} "
                        f"accepted, {report['duplicate']} already known, {report['rejected']} rejected.")
    return 0


def cmd_audit(args: argparse.Namespace) -> int:
    store = open_store(args)
    try:
        report = store.audit(signatures=args.signatures)
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
        lines += [f"  signature: {f}" for f in c.get("signature_findings", [])]
    emit(args, report, "\n".join(lines) or "No counters registered.")
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
