"""Long-outage safety: backup, restore and the transfer file."""

from __future__ import annotations

import argparse
import dataclasses
import getpass
import sys
from pathlib import Path

from counter_app import backup, backup_crypto, paths, progress, restore, transfer
from counter_app.money import format_rupees
from counter_app.errors import KnownError
from counter_cli.context import Context, add_json
from counter_app.i18n import _


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = commands.add_parser("backup", parents=[common], help="back up the database to the second medium now")
    p.add_argument("--to", metavar="DIR", help="folder to write to (default: setting backup_dir)")
    p.add_argument("--set-passphrase", action="store_true",
                   help="set the backup passphrase (IT, once; keep it somewhere safe off this PC)")
    p.add_argument("--passphrase-stdin", action="store_true", help="read the passphrase from standard input")
    add_json(p)
    p.set_defaults(handler=cmd_backup)

    p = commands.add_parser("export-queue", parents=[common],
                            help="write every unsynced transaction into one signed file for the office")
    p.add_argument("--out", required=True, metavar="FILE")
    add_json(p)
    p.set_defaults(handler=cmd_export_queue)

    p = commands.add_parser("restore", parents=[common], help="restore a backup into the data folder")
    p.add_argument("file", metavar="FILE")
    p.add_argument("--force", action="store_true",
                   help="replace a database of another counter or a newer one (it is kept aside)")
    p.add_argument("--next-receipt", type=int, metavar="N",
                   help="the next receipt number to issue, if higher (read it off the last paper receipt)")
    p.add_argument("--passphrase-stdin", action="store_true", help="read the passphrase from standard input")
    add_json(p)
    p.set_defaults(handler=cmd_restore)


def _passphrase(args: argparse.Namespace, prompt: str, *, twice: bool = False) -> str:
    if args.passphrase_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if not sys.stdin.isatty():
        raise KnownError(_("No terminal to ask for the passphrase on: pass --passphrase-stdin."))
    first = getpass.getpass(f"{prompt}: ")
    if twice and getpass.getpass("Repeat it: ") != first:
        raise KnownError(_("The two passphrases differ; nothing was saved."))
    return first


def cmd_backup(args: argparse.Namespace, ctx: Context) -> int:
    if args.set_passphrase:
        backup_crypto.set_passphrase(ctx.data_dir, _passphrase(args, "New backup passphrase", twice=True))
        ctx.emit({"passphrase_set": True}, _("Backup passphrase set. Keep it safe, away from this PC: a "
                                             "restore needs it."))
        return 0
    with progress.terminal(_("Backing up"), unit=_(" steps"), json_output=ctx.as_json) as report:
        result = backup.make_backup(ctx.db, ctx.data_dir, to=args.to, progress=report)
    pruned = " " + _("Pruned {n} old.").format(n=len(result.pruned)) if result.pruned else ""
    ctx.emit(result.as_json(), _("Backup written: {path} ({size} bytes, up to receipt {receipt_seq}).").format(
        path=result.path, size=result.size_bytes, receipt_seq=result.last_receipt_seq) + pruned)
    return 0


def cmd_export_queue(args: argparse.Namespace, ctx: Context) -> int:
    with progress.terminal(_("Writing the queue"), unit="B", json_output=ctx.as_json) as report:
        done = transfer.export_queue(ctx.db, Path(args.out), progress=report)
    ctx.emit(done, _("Wrote {value} transactions ({format_rupees}) to {value2}. Carry it to the office; they "
                     "stay pending here until the server confirms them.").format(
                         value=done['count'], format_rupees=format_rupees(done['amount_paise']), value2=done['out']))
    return 0


def cmd_restore(args: argparse.Namespace, ctx: Context) -> int:
    cached = backup_crypto.load_key(ctx.data_dir)
    header, _file_key = backup.read_header(Path(args.file))
    passphrase = None
    if cached is None or cached.salt != backup_crypto.unb64(header["kdf"]["salt"]):
        passphrase = _passphrase(args, "Backup passphrase")
    ctx.close()  # the database is about to be replaced
    with progress.terminal(_("Restoring"), unit=_(" steps"), json_output=ctx.as_json) as report:
        result = restore.restore(ctx.data_dir, Path(args.file), passphrase=passphrase, force=args.force,
                                 next_receipt=args.next_receipt, progress=report)
    on_server = restore.raise_floor_from_server(ctx.data_dir)
    if on_server is not None and on_server >= result.next_receipt_seq:
        result = dataclasses.replace(result, next_receipt_seq=on_server + 1)
    data = {**result.as_json(), "server_last_receipt_seq": on_server}
    kept = (" " + _("The database that was here is kept in {path}.").format(path=result.replaced)
            if result.replaced else "")
    ctx.emit(data, _("Restored counter {counter_id} from the backup of {made_at} into {path}. Receipts continue "
                     "from number {receipt_seq}.").format(
                         counter_id=result.counter_id, made_at=result.backup_created_at,
                                                          path=paths.db_path(ctx.data_dir),
                                                          receipt_seq=result.next_receipt_seq) + kept)
    return 0
