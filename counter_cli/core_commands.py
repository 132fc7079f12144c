"""Core commands: setup, users, shifts, recharges, status, list, verify, config."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from counter_app import (
    backup, cash, clock, counter, inspection, paths, recharge, reconciliation, settings, shifts, users, verify,
)
from counter_app.errors import KnownError
from counter_app.money import format_rupees, parse_rupees
from counter_app.i18n import _
from counter_cli import receipt_commands, sync_commands
from counter_cli.context import Context, add_json, add_pin_stdin


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = commands.add_parser("setup", parents=[common], help="set this counter's identity and server")
    p.add_argument("--counter-id", required=True, metavar="ID", help="short id such as MNG-01")
    p.add_argument("--server", required=True, metavar="URL", help="central server address")
    given = p.add_mutually_exclusive_group()
    given.add_argument("--token", metavar="TOKEN",
                       help="API token issued by the server (visible to other users in the process list: "
                            "prefer --token-stdin or --token-file)")
    given.add_argument("--token-stdin", action="store_true", help="read the API token from standard input")
    given.add_argument("--token-file", metavar="PATH", help="read the API token from this file")
    p.add_argument("--server-key-file", metavar="PATH",
                   help="the server's public key (PEM) from IT; else it is fetched from the server at setup")
    p.add_argument("--office", metavar="NAME", help="office name printed on receipts")
    add_json(p)
    p.set_defaults(handler=cmd_setup)

    user = commands.add_parser("user", parents=[common], help="cashiers and supervisors")
    user_cmds = user.add_subparsers(dest="user_command", metavar="ACTION", required=True)
    p = user_cmds.add_parser("add", parents=[common], help="add a cashier or supervisor")
    p.add_argument("--id", required=True, dest="user_id", metavar="ID")
    p.add_argument("--name", required=True)
    p.add_argument("--role", required=True, choices=users.ROLES)
    add_pin_stdin(p)
    add_json(p)
    p.set_defaults(handler=cmd_user_add)
    p = user_cmds.add_parser("list", parents=[common], help="list users")
    add_json(p)
    p.set_defaults(handler=cmd_user_list)

    shift = commands.add_parser("shift", parents=[common], help="open (and close) shifts")
    shift_cmds = shift.add_subparsers(dest="shift_command", metavar="ACTION", required=True)
    p = shift_cmds.add_parser("open", parents=[common], help="open a shift with an opening float")
    p.add_argument("--cashier", required=True, metavar="ID")
    p.add_argument("--float", required=True, dest="float_text", metavar="RUPEES|COUNT",
                   help='opening cash: rupees ("2000") or a count ("500x2,100x10")')
    add_pin_stdin(p)
    add_json(p)
    p.set_defaults(handler=cmd_shift_open)
    p = shift_cmds.add_parser("close", parents=[common], help="close your shift with a blind cash count")
    p.add_argument("--cashier", required=True, metavar="ID")
    p.add_argument("--count", required=True, metavar="COUNT", help='cash counted, like "500x10,100x4,20x3"')
    p.add_argument("--supervisor", metavar="ID", help="signs off a variance (PIN asked after the cashier's)")
    p.add_argument("--note", metavar="TEXT", help="why the cash differs (needed with a variance)")
    add_pin_stdin(p)
    add_json(p)
    p.set_defaults(handler=cmd_shift_close)

    p = commands.add_parser("recharge", parents=[common], help="take a recharge in cash")
    p.add_argument("--cashier", required=True, metavar="ID")
    p.add_argument("--consumer", required=True, metavar="NO")
    p.add_argument("--amount", required=True, metavar="RUPEES")
    p.add_argument("--tendered", metavar="RUPEES", help="cash handed over, to compute change")
    receipt_commands.add_print_flag(p)
    add_pin_stdin(p)
    add_json(p)
    p.set_defaults(handler=cmd_recharge)

    p = commands.add_parser("status", parents=[common], help="queue, sync and shift status")
    add_json(p)
    p.set_defaults(handler=cmd_status)

    p = commands.add_parser("list", parents=[common], help="list transactions")
    p.add_argument("--date", metavar="YYYY-MM-DD", help="local business date")
    p.add_argument("--status", choices=inspection.LIST_STATUSES)
    add_json(p)
    p.set_defaults(handler=cmd_list)

    p = commands.add_parser("verify", parents=[common],
                            help="check the database, journal chain and receipt numbering")
    add_json(p)
    p.set_defaults(handler=cmd_verify)

    p = commands.add_parser("config", parents=[common], help="show or change settings")
    p.add_argument("key", nargs="?")
    p.add_argument("value", nargs="?")
    add_json(p)
    p.set_defaults(handler=cmd_config)


TOKEN_ENV = "COUNTER_APP_TOKEN"


def _token(args: argparse.Namespace) -> str | None:
    """The API token from --token-stdin, --token-file, $COUNTER_APP_TOKEN or (warned about) --token."""
    if args.token_stdin:
        value = sys.stdin.readline().strip()
        if not value:
            raise KnownError(_("--token-stdin: standard input held no token (one line with the token)."))
        return value
    if args.token_file:
        try:
            value = Path(args.token_file).read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError) as exc:
            raise KnownError(_("Cannot read the token file {token_file}: {value}.").format(
                token_file=args.token_file, value=getattr(exc, 'strerror', None) or exc)) from None
        if not value:
            raise KnownError(_("The token file {token_file} is empty.").format(token_file=args.token_file))
        return value
    if args.token is not None:
        print(_("counter-app: warning: a token given with --token is visible to other users of this PC (in the "
                "process list and shell history); use --token-stdin or --token-file."), file=sys.stderr)
        return args.token
    return os.environ.get(TOKEN_ENV) or None


def cmd_setup(args: argparse.Namespace, ctx: Context) -> int:
    token = _token(args)
    pinned = None
    if args.server_key_file:
        from counter_app import evidence

        pinned = evidence.read_server_key_file(Path(args.server_key_file))
    me = counter.setup(ctx.db, counter_id=args.counter_id, server_url=args.server,
                       token=token, office=args.office)
    if pinned:
        from counter_app import keystore

        keystore.pin_server_key(ctx.data_dir, pinned)
    result = {"counter_id": me.counter_id, "office": me.office, "server_url": me.server_url,
              "token_set": me.token is not None, "public_key_pem": me.public_key_pem,
              "data_dir": str(ctx.data_dir)}
    result.update(sync_commands.after_setup(ctx, me))
    ctx.emit(result, _("Counter {counter_id} set up in {data_dir} (server {server_url}).").format(
        counter_id=me.counter_id, data_dir=ctx.data_dir, server_url=me.server_url))
    return 0


def _new_pin(ctx: Context, user_id: str) -> str:
    if ctx.args.pin_stdin:
        return users.validate_pin(ctx.read_pin(f"PIN for {user_id}"))
    first = users.validate_pin(ctx.read_pin(f"New PIN for {user_id}"))
    if ctx.read_pin("Repeat the PIN") != first:
        raise KnownError(_("The two PINs differ; nothing was saved."))
    return first


def cmd_user_add(args: argparse.Namespace, ctx: Context) -> int:
    pin = _new_pin(ctx, args.user_id)
    user = users.add(ctx.db, user_id=args.user_id, name=args.name, role=args.role, pin=pin)
    ctx.emit({"id": user.id, "name": user.name, "role": user.role},
             _("Added {role} {id} ({name}).").format(role=user.role, id=user.id, name=user.name))
    return 0


def cmd_user_list(args: argparse.Namespace, ctx: Context) -> int:
    rows = users.list_all(ctx.db)
    text = "\n".join(f"{r['id']:<12} {r['role']:<10} {r['name']}{'  (locked)' if r['locked'] else ''}"
                     for r in rows) or "No users yet. Add one with 'counter-app user add'."
    ctx.emit(rows, text)
    return 0


def cmd_shift_open(args: argparse.Namespace, ctx: Context) -> int:
    float_paise, count = cash.parse_float(args.float_text, cash.denominations(ctx.db))
    ctx.login(args.cashier)
    shift = shifts.open_shift(ctx.db, cashier_id=args.cashier, float_paise=float_paise,
                              float_count=None if count is None else cash.count_json(count))
    ctx.emit({"shift_id": shift.id, "cashier_id": shift.cashier_id, "opened_at": shift.opened_at,
              "opening_float_paise": shift.opening_float_paise},
             _("Shift {shift} opened for {cashier} with a float of {amount}.").format(
                 shift=shift.id, cashier=shift.cashier_id, amount=format_rupees(shift.opening_float_paise)))
    return 0


def cmd_shift_close(args: argparse.Namespace, ctx: Context) -> int:
    counted = cash.count_total_paise(cash.parse_count(args.count, cash.denominations(ctx.db)))  # a typo costs no PIN try
    ctx.login(args.cashier)
    if args.supervisor:
        ctx.login(args.supervisor, role="supervisor")
    result = reconciliation.close_shift(ctx.db, cashier_id=args.cashier, count_text=args.count,
                                        supervisor_id=args.supervisor, note=args.note)
    fig = result.figures
    summary = reconciliation.variance_message(fig, counted)
    if result.needs_sign_off:
        raise KnownError(_("{summary} A variance needs a supervisor's sign-off: run again with --supervisor ID "
                           "--note TEXT. The shift is still open; this count is recorded.").format(summary=summary))
    data = {**fig.as_json(), "closed": True}
    if backup.due_after_shift_close(ctx.db):
        try:
            data["backup"] = backup.make_backup(ctx.db, ctx.data_dir).as_json()
        except KnownError as exc:
            data["backup_error"] = str(exc)
            print(_("counter-app: warning: {exc}").format(exc=exc), file=sys.stderr)
    ctx.emit(data, _("Shift {shift_id} closed. {summary}").format(shift_id=fig.shift_id, summary=summary))
    return 0


def cmd_recharge(args: argparse.Namespace, ctx: Context) -> int:
    # Parse everything typed before asking for the PIN: a typo costs no PIN try.
    amount = parse_rupees(args.amount, what="amount")
    tendered = None if args.tendered is None else parse_rupees(args.tendered, what="tendered amount",
                                                               field="tendered")
    recharge.normalise_consumer_no(ctx.db, args.consumer)
    ctx.login(args.cashier)
    taken = recharge.take_recharge(ctx.db, cashier_id=args.cashier, consumer_no=args.consumer,
                                   amount_paise=amount, tendered_paise=tendered)
    result = taken.as_json()
    result.update(receipt_commands.after_recharge(ctx, taken))
    _auto_backup(ctx, result)
    ctx.emit(result, _("Taken: receipt {receipt}, consumer {consumer}, {amount}, change {change}. Status: pending "
                       "(credit applied when the server is reachable).").format(
                           receipt=taken.receipt_no, consumer=taken.consumer_no,
                           amount=format_rupees(taken.amount_paise), change=format_rupees(taken.change_paise)))
    return 0


def _auto_backup(ctx: Context, result: dict) -> None:
    """After the money is safe: back up if due. A failure warns, never fails the recharge."""
    outcome = backup.maybe_auto_backup(ctx.db, ctx.data_dir)
    if isinstance(outcome, str):
        result["backup_error"] = outcome
        print(_("counter-app: warning: {outcome}").format(outcome=outcome), file=sys.stderr)
    elif outcome is not None:
        result["backup_path"] = str(outcome.path)


def cmd_status(args: argparse.Namespace, ctx: Context) -> int:
    s = inspection.status(ctx.db)
    disputed_note = _("  <- the server did not credit these as asked: supervisor") if s.disputed else ""
    error_note = _("  (last error: {error})").format(error=s.last_sync_error) if s.last_sync_error else ""
    shift = (_("{shift} open for {cashier}").format(shift=s.open_shift.id, cashier=s.open_shift.cashier_id)
             if s.open_shift else _("none open"))
    day_note = f"  ({s.business_day_note})" if s.business_day_note else ""
    lines = [
        _("Counter {counter_id}  server {server_url}").format(counter_id=s.counter_id, server_url=s.server_url),
        _("Pending:   {n} ({amount})").format(n=s.pending, amount=format_rupees(s.pending_paise))
        + (_(", oldest {age} old").format(age=clock.age_text(s.oldest_pending_at)) if s.oldest_pending_at else ""),
        _("Confirmed: {n} ({amount})").format(n=s.confirmed, amount=format_rupees(s.confirmed_paise)),
        _("Rejected:  {n} ({amount})").format(n=s.rejected, amount=format_rupees(s.rejected_paise)),
        _("Disputed:  {n} ({amount})").format(n=s.disputed, amount=format_rupees(s.disputed_paise)) + disputed_note,
        _("Last sync: {when}").format(
            when=clock.format_local(s.last_sync_at) if s.last_sync_at else _("never")) + error_note,
        _("Shift: {shift}").format(shift=shift),
        _("Business day: {day}").format(day=s.business_date) + day_note,
    ] + [_("WARNING: {warning}").format(warning=w) for w in s.warnings]
    ctx.emit(s.as_json(), "\n".join(lines))
    return 0


def cmd_list(args: argparse.Namespace, ctx: Context) -> int:
    rows = inspection.list_transactions(ctx.db, date=args.date, status=args.status)
    text = "\n".join(
        f"{r['receipt_no']}  {r['created_at'][:19]}  {r['consumer_no']:>15}  "
        f"{format_rupees(r['amount_paise']):>14}  {inspection.status_text(r)}" for r in rows) or _("No transactions.")
    ctx.emit(rows, text)
    return 0


def cmd_verify(args: argparse.Namespace, ctx: Context) -> int:
    path = paths.db_path(ctx.data_dir)
    if not path.is_file() or path.stat().st_size == 0:
        what = ("the folder does not exist" if not ctx.data_dir.exists() else
                f"{path.name} is an empty file" if path.is_file() else f"it has no {path.name}")
        raise KnownError(_("There is no counter database in {data_dir} ({what}); nothing was checked or "
                           "created. Check --data-dir (or COUNTER_APP_DATA_DIR), or restore the database from "
                           "a backup.").format(data_dir=ctx.data_dir, what=what))
    findings = verify.run(ctx.db)
    ctx.emit({"ok": not findings, "findings": findings},
             "\n".join(findings) if findings else "verify: clean (integrity, journal chain, receipt numbers, outbox)")
    return 1 if findings else 0


def cmd_config(args: argparse.Namespace, ctx: Context) -> int:
    if args.key and args.value is not None:
        value = settings.parse_value(args.key, args.value)
        settings.change(ctx.db, args.key, value)
    values = settings.all_values(ctx.db)
    if args.key:
        if args.key not in values:
            raise KnownError(_("Unknown setting {key}. Run 'counter-app config' to list them.").format(
                key=repr(args.key)))
        values = {args.key: values[args.key]}
    ctx.emit(values, "\n".join(f"{k} = {v}    # {settings.DEFAULTS[k].doc}" for k, v in values.items()))
    return 0
