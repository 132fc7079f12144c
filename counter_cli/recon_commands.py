"""Reconciliation commands: void, report x|z, resolve, export (shift close is with shift open)."""

from __future__ import annotations

import argparse
from pathlib import Path

from counter_app import business_day, counter, day_end, export, reconciliation, rejections, voids
from counter_app.errors import KnownError
from counter_app.inspection import validate_date
from counter_app.money import format_rupees
from counter_cli.context import Context, add_json, add_pin_stdin
from counter_app.i18n import _


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = commands.add_parser("void", parents=[common], help="void a recharge of the open shift (supervisor)")
    p.add_argument("receipt_no", metavar="RECEIPT_NO")
    p.add_argument("--supervisor", required=True, metavar="ID")
    p.add_argument("--reason", required=True, choices=list(voids.REASONS))
    p.add_argument("--note", metavar="TEXT", help="what happened (required with --reason other)")
    p.add_argument("--print", dest="print_slip", action="store_true",
                   help="print the void slip for the customer on the thermal printer (it is archived anyway)")
    add_pin_stdin(p)
    add_json(p)
    p.set_defaults(handler=cmd_void)

    p = commands.add_parser("report", parents=[common], help="X report (open shift) or Z report (day end)")
    p.add_argument("kind", choices=("x", "z"))
    p.add_argument("--date", metavar="YYYY-MM-DD", help="business day for z (default: the oldest day not yet closed, else the current one)")
    p.add_argument("--out", metavar="PATH", help="also write the PDF here")
    p.add_argument("--reprint", action="store_true", help="z: render the stored report of a closed day again")
    add_json(p)
    p.set_defaults(handler=cmd_report)

    p = commands.add_parser("resolve", parents=[common], help="resolve a transaction the server rejected")
    p.add_argument("receipt_no", metavar="RECEIPT_NO")
    p.add_argument("--supervisor", required=True, metavar="ID")
    how = p.add_mutually_exclusive_group(required=True)
    how.add_argument("--consumer", metavar="NO", help="send it again under the corrected consumer number")
    how.add_argument("--refund", action="store_true", help="pay the cash back to the consumer")
    p.add_argument("--note", metavar="TEXT")
    add_pin_stdin(p)
    add_json(p)
    p.set_defaults(handler=cmd_resolve)

    p = commands.add_parser("export", parents=[common], help="export a day's transactions (CSV or JSON)")
    p.add_argument("--date", required=True, metavar="YYYY-MM-DD")
    p.add_argument("--out", required=True, metavar="FILE", help="FILE.csv or FILE.json")
    p.add_argument("--format", choices=("csv", "json"), help="default: from the file's suffix")
    add_json(p)
    p.set_defaults(handler=cmd_export)


def cmd_void(args: argparse.Namespace, ctx: Context) -> int:
    voids.check_reason(args.reason, args.note)  # before asking for a PIN
    ctx.login(args.supervisor, role="supervisor")
    taken = voids.void_recharge(ctx.db, args.receipt_no, supervisor_id=args.supervisor, reason=args.reason,
                                note=args.note)
    from receipts import service  # rendering loads reportlab: only when a slip is made

    slip = service.issue_void_slip(ctx.db, ctx.data_dir, taken.txn_id)
    result = {"receipt_no": taken.receipt_no, "txn_id": taken.txn_id, "status": "void",
              "amount_paise": taken.amount_paise, "give_back_paise": taken.cash_paise, "reason": args.reason,
              "void_slip": str(slip.path)}
    if args.print_slip:
        service.print_receipt(ctx.db, slip)
        result["printed"] = True
    ctx.emit(result, _("{give_back_sentence} Void slip: {path}. The server will be told when reachable.").format(
        give_back_sentence=voids.give_back_sentence(taken), path=slip.path))
    return 0




def _write(pdf: bytes, *targets: Path | None) -> list[str]:
    written = []
    for target in targets:
        if target is None:
            continue
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(pdf)
        except OSError as exc:
            raise KnownError(_("Cannot write {target}: {strerror}.").format(
                target=target, strerror=exc.strerror)) from exc
        written.append(str(target))
    return written


def cmd_report(args: argparse.Namespace, ctx: Context) -> int:
    from receipts import service, z_report  # rendering loads reportlab: only when a report is asked for

    out = Path(args.out) if args.out else None
    if args.kind == "x":
        fig = reconciliation.x_report(ctx.db).as_json()
        owed = day_end.unsettled(ctx.db, shift_ids=[fig["shift_id"]])
        written = _write(z_report.render_x_report(fig, counter_id=counter.load(ctx.db).counter_id, unsettled=owed,
                                                  fonts=service.fonts_for(ctx.db)), out)
        ctx.emit({**fig, "pdf": written[0] if written else None},
                 _("X report, shift {value} ({value2}): {value3} receipts, gross {format_rupees}, voids "
                   "{format_rupees2}, expected in drawer {format_rupees3}.").format(
                       value=fig['shift_id'], value2=fig['cashier_id'], value3=fig['receipts_count'], format_rupees=format_rupees(fig['gross_paise']), format_rupees2=format_rupees(fig['voids_paise']), format_rupees3=format_rupees(fig['expected_paise'])))
        return 0
    if args.reprint:
        day = validate_date(args.date) if args.date else business_day.last_closed(ctx.db)
        totals = day_end.stored(ctx.db, day) if day else None
        if totals is None:
            raise KnownError(_("No Z report for {value} yet: close the day with 'counter-app report z'.").format(
                value=day or _('any day')))
    else:
        totals = day_end.close_day(ctx.db, args.date)
        day = totals["business_date"]
    archive = day_end.z_pdf_path(ctx.data_dir, totals)
    written = _write(z_report.render_z_report(totals, service.fonts_for(ctx.db)), None if args.reprint and archive.exists() else archive, out)
    ctx.emit({**totals, "pdf": str(archive)},
             _("Z report {value} for {day}: {value2} receipts, gross {format_rupees}, variance "
               "{format_rupees2}, not yet credited {len} ({format_rupees3}). PDF: {value3}").format(
                   value=totals['z_no'], day=day, value2=totals['receipts_count'], format_rupees=format_rupees(totals['gross_paise']), format_rupees2=format_rupees(totals['variance_paise']), len=len(totals['unsettled']), format_rupees3=format_rupees(totals['unsettled_paise']), value3=', '.join(written) or archive))
    return 0


def cmd_resolve(args: argparse.Namespace, ctx: Context) -> int:
    ctx.login(args.supervisor, role="supervisor")
    if args.refund:
        old = rejections.refund(ctx.db, args.receipt_no, supervisor_id=args.supervisor, note=args.note)
        ctx.emit({"receipt_no": old.receipt_no, "status": "refunded", "amount_paise": old.amount_paise,
                  "cash_paise": old.amount_paise + old.rounding_paise},
                 _("{receipt_no} REFUNDED: pay {format_rupees} back from the drawer.").format(
                     receipt_no=old.receipt_no, format_rupees=format_rupees(old.amount_paise + old.rounding_paise)))
        return 0
    new = rejections.correct_consumer(ctx.db, args.receipt_no, supervisor_id=args.supervisor,
                                      consumer_no=args.consumer)
    from receipts import service  # rendering loads reportlab: only when a receipt is made

    # The replacement is archived like every receipt (the old one is kept as it was, and says SUPERSEDED).
    archived = service.issue_receipt(ctx.db, ctx.data_dir, new.txn_id).path
    ctx.emit({"receipt_no": args.receipt_no.upper(), "status": "superseded", "new": new.as_json()},
             _("{upper} SUPERSEDED BY {receipt_no} for consumer {consumer_no} ({format_rupees}, no new cash); "
               "it will be sent to the server. Receipt {receipt_no}: {archived}").format(
                   upper=args.receipt_no.upper(), receipt_no=new.receipt_no, consumer_no=new.consumer_no, format_rupees=format_rupees(new.amount_paise), archived=archived))
    return 0


def cmd_export(args: argparse.Namespace, ctx: Context) -> int:
    day = validate_date(args.date)
    count = export.export_day(ctx.db, day, Path(args.out), fmt=args.format)
    ctx.emit({"date": day, "out": args.out, "count": count}, _("Exported {count} transactions of {day} to "
                                                               "{out}.").format(count=count, day=day, out=args.out))
    return 0
