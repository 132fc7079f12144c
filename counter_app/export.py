"""Exports of a day's transactions for the utility's accounts: CSV or JSON."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import sqlite_utils

from counter_app.errors import KnownError
from counter_app.inspection import list_transactions
from counter_app.i18n import _

COLUMNS = ("receipt_no", "txn_id", "created_at", "business_date", "counter_id", "shift_id", "cashier_id",
           "consumer_no", "amount_paise", "tendered_paise", "change_paise", "payment_mode", "status",
           "server_ref", "reject_reason")


def export_day(db: sqlite_utils.Database, business_date: str, out: Path, *, fmt: str | None = None) -> int:
    """Write every transaction of the day; the format follows ``fmt`` or the file's suffix."""
    rows = [{k: row.get(k) for k in COLUMNS} for row in list_transactions(db, date=business_date)]
    fmt = fmt or ("json" if out.suffix.lower() == ".json" else "csv")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = out.with_name(out.name + ".part")
        with tmp.open("w", newline="", encoding="utf-8") as handle:
            if fmt == "json":
                json.dump(rows, handle, ensure_ascii=False, indent=1)
            else:
                writer = csv.DictWriter(handle, fieldnames=COLUMNS)
                writer.writeheader()
                writer.writerows(rows)
        tmp.replace(out)
    except OSError as exc:
        raise KnownError(_("Cannot write {out}: {strerror}. Check the folder and free space.").format(
            out=out, strerror=exc.strerror)) from exc
    return len(rows)
