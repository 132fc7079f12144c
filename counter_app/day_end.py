"""The Z report: one per counter per business day, numbered, never rewritten.

Its figures are computed once, journaled, and stored in the append-only
``z_reports`` table; the PDF is rendered from those stored figures, so a later
reprint of the Z report shows exactly what was signed at day end.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import sqlite_utils

from counter_app import business_day, clock, counter, journal, paths, reconciliation
from counter_app.errors import Refused
from counter_app.inspection import list_transactions, validate_date
from counter_app.storage import write_transaction
from counter_app.i18n import _

UNSETTLED = ("pending", "rejected")


def _cashier_totals(shift_figures: list[dict]) -> list[dict]:
    keys = ("receipts_count", "gross_paise", "rounding_paise", "transfers_paise", "voids_count", "voids_paise",
            "voids_cash_paise", "refunds_count", "refunds_paise", "reprints", "expected_paise", "counted_paise",
            "variance_paise")
    totals: dict[str, dict] = defaultdict(lambda: {k: 0 for k in keys})
    for fig in shift_figures:
        bucket = totals[fig["cashier_id"]]
        for key in keys:
            bucket[key] += fig[key] or 0
    return [{"cashier_id": cid, **vals} for cid, vals in sorted(totals.items())]


def _count_by_denomination(figs: list[dict]) -> dict[str, int]:
    """The closing counts of the day's shifts added up, largest note first."""
    pieces: dict[str, int] = defaultdict(int)
    for fig in figs:
        for value, n in fig["count"].items():
            pieces[value] += n
    return dict(sorted(pieces.items(), key=lambda item: -float(item[0])))


def unsettled(db: sqlite_utils.Database, *, up_to: str | None = None,
              shift_ids: list[int] | None = None) -> list[dict]:
    """Paid at the counter, not yet credited: pending or rejected (and not resolved), by receipt number,
    up to a business day (the Z report) or among some shifts' receipts (the X report)."""
    rows = [
        {k: row[k] for k in ("receipt_no", "business_date", "consumer_no", "amount_paise", "status",
                             "reject_reason", "created_at")}
        for status in UNSETTLED for row in list_transactions(db, status=status, shift_ids=shift_ids)
        if up_to is None or row["business_date"] <= up_to
    ]
    return sorted(rows, key=lambda r: r["receipt_no"])


def compute(db: sqlite_utils.Database, business_date: str) -> dict:
    """Every figure of the day's Z report, from the journal-backed tables."""
    shift_ids = [r[0] for r in db.execute("SELECT id FROM shifts WHERE business_date = ? ORDER BY id",
                                          [business_date])]
    figs = [reconciliation.figures(db, sid).as_json() for sid in shift_ids]
    # The day's receipts are those of the day's shifts (a shift past midnight brings its own).
    day_rows = list_transactions(db, shift_ids=shift_ids)
    by_status: dict[str, dict] = defaultdict(lambda: {"count": 0, "paise": 0})
    for row in day_rows:
        by_status[row["status"]]["count"] += 1
        by_status[row["status"]]["paise"] += row["amount_paise"]
    # "Paid at the counter, not yet credited": every unsettled one up to this day, carried over too.
    owed = unsettled(db, up_to=business_date)
    return {
        "business_date": business_date,
        "shifts": figs,
        "cashiers": _cashier_totals(figs),
        "receipts_count": len(day_rows),
        "first_receipt": day_rows[0]["receipt_no"] if day_rows else None,
        "last_receipt": day_rows[-1]["receipt_no"] if day_rows else None,
        "gross_paise": sum(f["gross_paise"] for f in figs),
        "rounding_paise": sum(f["rounding_paise"] for f in figs),
        "transfers_paise": sum(f["transfers_paise"] for f in figs),
        "voids_paise": sum(f["voids_paise"] for f in figs),
        "voids_cash_paise": sum(f["voids_cash_paise"] for f in figs),
        "voids": [v for f in figs for v in f["voids"]],
        "refunds": [r for f in figs for r in f["refunds"]],
        "superseded": [r for f in figs for r in f["superseded"]],
        "count": _count_by_denomination(figs),
        "refunds_paise": sum(f["refunds_paise"] for f in figs),
        "counted_paise": sum(f["counted_paise"] or 0 for f in figs),
        "expected_paise": sum(f["expected_paise"] for f in figs),
        "variance_paise": sum(f["variance_paise"] or 0 for f in figs),
        "by_status": {s: dict(v) for s, v in sorted(by_status.items())},
        "unsettled": owed,
        "unsettled_paise": sum(r["amount_paise"] for r in owed),
        # Every recharge in this Z by its txn_id: each is in exactly one Z (its shift's day).
        "txn_ids": [row["txn_id"] for row in day_rows],
    }


def close_day(db: sqlite_utils.Database, business_date: str | None = None, *,
              actor: str | None = None) -> dict:
    """Make the day's Z report. Refused while a shift of that day is open, or if it exists."""
    me = counter.load(db)
    with write_transaction(db):
        business_date = validate_date(business_date) if business_date else business_day.to_close(db)
        existing = db.execute("SELECT z_no FROM z_reports WHERE business_date = ?", [business_date]).fetchone()
        if existing:
            raise Refused(_("Z report {value} for {business_date} exists already; a day is closed once. Show "
                            "it with 'counter-app report z --date' and --reprint.").format(
                                value=existing[0], business_date=business_date))
        still_open = db.execute("SELECT id, cashier_id FROM shifts WHERE business_date = ? AND closed_at IS NULL",
                                [business_date]).fetchone()
        if still_open:
            raise Refused(_("Shift {value} of {value2} is still open; close it before the day.").format(
                value=still_open[0], value2=still_open[1]))
        later = business_day.last_closed(db)
        if later and later > business_date:
            raise Refused(_("The day {later} is closed already; days close in order.").format(later=later))
        current = business_day.current(db)
        if business_date > current:
            raise Refused(_("Business day {business_date} has not begun (the current business day is "
                            "{current}); a day is closed after its shifts.").format(
                                business_date=business_date, current=current))
        earlier = business_day.oldest_unclosed(db)
        if earlier and earlier < business_date:
            raise Refused(_("Business day {earlier} has shifts and no Z report yet; days close in order: close "
                            "{earlier} first.").format(earlier=earlier))
        has_shifts = db.execute("SELECT 1 FROM shifts WHERE business_date = ? LIMIT 1", [business_date]).fetchone()
        if not has_shifts and business_date > clock.business_date(clock.now_iso()):
            raise Refused(_("No shift has opened in business day {business_date} yet: there is nothing to "
                            "close.").format(business_date=business_date))
        totals = compute(db, business_date)
        z_no = db.execute("SELECT COALESCE(MAX(z_no), 0) + 1 FROM z_reports").fetchone()[0]
        totals.update(z_no=z_no, counter_id=me.counter_id, office=me.office)
        now = clock.now_iso()
        totals["created_at"] = now
        entry = journal.append(db, "z_report", totals, actor=actor, ref=f"z:{z_no}", at=now)
        db.execute("INSERT INTO z_reports (z_no, counter_id, business_date, created_at, created_by, totals, "
                   "journal_seq) VALUES (?, ?, ?, ?, ?, ?, ?)",
                   [z_no, me.counter_id, business_date, now, actor, json.dumps(totals), entry.seq])
    return totals


def stored(db: sqlite_utils.Database, business_date: str) -> dict | None:
    row = db.execute("SELECT totals FROM z_reports WHERE business_date = ?",
                     [validate_date(business_date)]).fetchone()
    return json.loads(row[0]) if row else None


def z_pdf_path(data_dir: Path, totals: dict) -> Path:
    """Where a Z report's PDF is archived (the CLI and the window both keep it there)."""
    return paths.archive_dir(data_dir) / "reports" / f"Z-{totals['z_no']:06d}-{totals['business_date']}.pdf"
