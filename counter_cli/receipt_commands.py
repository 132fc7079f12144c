"""Receipt commands: receipt, print, verify-receipt; and the receipt after each recharge."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from counter_app import clock, counter, logsetup, paths, signing
from counter_app.errors import KnownError
from counter_app.money import format_rupees
from counter_app.i18n import _
from counter_cli.context import Context, add_json

log = logging.getLogger(__name__)

FORMATS = ("roll", "a4")  # receipts.render.FORMATS; repeated so --help needs no reportlab import


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = commands.add_parser("receipt", parents=[common],
                            help="write a receipt's PDF with its current status (an archive copy, not a reprint)")
    p.add_argument("receipt_no", metavar="RECEIPT_NO")
    p.add_argument("--out", metavar="PATH", help="also write the PDF here")
    p.add_argument("--format", dest="fmt", choices=FORMATS, default="roll",
                   help="roll: 80 mm thermal paper (default); a4: office printer")
    p.add_argument("--copy", action="store_true",
                   help="a reprint for the consumer: marked DUPLICATE with its count, and journaled")
    add_json(p)
    p.set_defaults(handler=cmd_receipt)

    p = commands.add_parser("print", parents=[common], help="print a duplicate of a receipt on the thermal printer")
    p.add_argument("receipt_no", metavar="RECEIPT_NO")
    add_json(p)
    p.set_defaults(handler=cmd_print)

    p = commands.add_parser("verify-receipt", parents=[common],
                            help="check a receipt's scanned QR code: exit 0 if genuine, 1 if not")
    p.add_argument("payload", metavar="PAYLOAD", help="the text the QR code holds")
    p.add_argument("--public-key", metavar="FILE",
                   help="the issuing counter's public key (PEM); default: this counter's own key")
    add_json(p)
    p.set_defaults(handler=cmd_verify_receipt)


def add_print_flag(recharge: argparse.ArgumentParser) -> None:
    """``recharge --print``: the receipt after a recharge is this module's business."""
    recharge.add_argument("--print", dest="print_receipt", action="store_true",
                          help="also print the receipt on the thermal printer")


def _warn(message: str) -> None:
    print(_("counter-app: WARNING: {message}").format(message=message), file=sys.stderr)


def _describe(exc: Exception, ctx: Context) -> str:
    if isinstance(exc, KnownError):
        return str(exc)
    where = logsetup.setup(ctx.data_dir) or "the log"
    return f"internal error, logged to {where}"


def after_recharge(ctx: Context, taken) -> dict:  # type: ignore[no-untyped-def]
    """Called by ``recharge`` after its COMMIT: archive the receipt, print it with --print.

    The money is taken whatever happens here: a failure is reported, never raised.
    """
    from receipts import service

    try:
        output = service.issue_receipt(ctx.db, ctx.data_dir, taken.txn_id)
    except Exception as exc:  # the recharge stands; say so and how to get the receipt
        log.exception("receipt for %s could not be made", taken.receipt_no)
        message = _describe(exc, ctx)
        _warn(f"recharge {taken.receipt_no} is taken and saved, but its receipt could not be made: "
              f"{message} Make it again with 'counter-app receipt {taken.receipt_no}'.")
        return {"receipt_path": None, "receipt_error": message}
    result: dict = {"receipt_path": str(output.path)}
    if not ctx.as_json:
        print(_("Receipt PDF: {path}").format(path=output.path))
    if getattr(ctx.args, "print_receipt", False):
        try:
            service.print_receipt(ctx.db, output)
            result["printed"] = True
        except Exception as exc:
            log.exception("receipt %s could not be printed", taken.receipt_no)
            message = _describe(exc, ctx)
            _warn(f"recharge {taken.receipt_no} is taken and saved, but the receipt did not print: {message}")
            result.update(printed=False, receipt_error=message)
    return result


def _result(output) -> dict:  # type: ignore[no-untyped-def]
    return {"receipt_no": output.receipt_no, "receipt_path": str(output.path), "format": output.fmt,
            "status": output.status, "status_text": output.words, "reprint_count": output.reprint_count,
            "duplicate": output.reprint_count > 0}


def cmd_receipt(args: argparse.Namespace, ctx: Context) -> int:
    from receipts import service

    txn_id = service.txn_for_receipt(ctx.db, args.receipt_no)
    output = service.issue_receipt(ctx.db, ctx.data_dir, txn_id, fmt=args.fmt, copy=args.copy)
    result = _result(output)
    if args.out:
        out = Path(args.out).expanduser()
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(output.pdf)
        except OSError as exc:
            raise KnownError(_("Cannot write {out}: {value}. The receipt is archived at {path}.").format(
                out=out, value=exc.strerror or exc, path=output.path)) from exc
        result["out"] = str(out)
    copy = f", DUPLICATE {output.reprint_count}" if output.reprint_count else ""
    ctx.emit(result, _("Receipt {receipt_no} ({words}{copy}): {get}").format(
        receipt_no=output.receipt_no, words=output.words, copy=copy, get=result.get('out', output.path)))
    return 0


def cmd_print(args: argparse.Namespace, ctx: Context) -> int:
    from receipts import service

    txn_id = service.txn_for_receipt(ctx.db, args.receipt_no)
    output = service.issue_receipt(ctx.db, ctx.data_dir, txn_id, copy=True)
    service.print_receipt(ctx.db, output)
    ctx.emit({**_result(output), "printed": True},
             _("Printed receipt {receipt_no} (DUPLICATE {reprint_count}, {words}).").format(
                 receipt_no=output.receipt_no, reprint_count=output.reprint_count, words=output.words))
    return 0


def _public_key(args: argparse.Namespace, ctx: Context):  # type: ignore[no-untyped-def]
    if args.public_key:
        path = Path(args.public_key).expanduser()
        try:
            pem = path.read_bytes()
        except OSError as exc:
            raise KnownError(_("Cannot read the public key file {path}: {value}.").format(
                path=path, value=exc.strerror or exc)) from exc
        try:
            return signing.load_public_key(pem)
        except ValueError:
            raise KnownError(_("{path} is not an Ed25519 public key in PEM form.").format(path=path)) from None
    if not paths.db_path(ctx.data_dir).exists():  # do not create a database just to say so
        raise KnownError(_("No counter database in {data_dir} to take the public key from. Pass --public-key "
                           "FILE with the issuing counter's public key (PEM).").format(data_dir=ctx.data_dir))
    return signing.load_public_key(counter.load(ctx.db).public_key_pem)


def cmd_verify_receipt(args: argparse.Namespace, ctx: Context) -> int:
    from receipts import payload

    key = _public_key(args, ctx)
    try:
        claim = payload.verify(args.payload, key)
    except payload.PayloadError as exc:
        ctx.emit({"genuine": False, "reason": str(exc)}, _("NOT GENUINE: {exc}.").format(exc=exc))
        return 1

    result = {"genuine": True, "receipt_no": claim.receipt_no, "txn_id": claim.txn_id,
              "consumer_no": claim.consumer_no, "amount_paise": claim.amount_paise,
              "time": claim.moment.isoformat().replace("+00:00", "Z")}
    if claim.is_void_slip:
        result["void_slip"] = True
        ctx.emit(result, _("GENUINE VOID SLIP: receipt {receipt_no} of consumer {consumer_no}, recharge of "
                           "{format_rupees}, was voided {format_local} (txn {txn_id}).").format(
                               receipt_no=claim.receipt_no, consumer_no=claim.consumer_no, format_rupees=format_rupees(claim.amount_paise), format_local=clock.format_local(claim.moment), txn_id=claim.txn_id))
        return 0
    ctx.emit(result, _("GENUINE: receipt {receipt_no}, consumer {consumer_no}, {format_rupees}, {format_local} "
                       "(txn {txn_id}).").format(
                           receipt_no=claim.receipt_no, consumer_no=claim.consumer_no, format_rupees=format_rupees(claim.amount_paise), format_local=clock.format_local(claim.moment), txn_id=claim.txn_id))
    return 0
