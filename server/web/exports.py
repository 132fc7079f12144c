"""Collections and ledgers as CSV and Excel files, with the figures the pages show."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from decimal import Decimal
from collections.abc import Iterable
from typing import Any

from server.store import CollectionRow
from server.web.formatting import local_time, plain_rupees

COLLECTION_HEADER = ("office", "counter_id", "credits", "amount_rupees", "amount_paise")
LEDGER_HEADER = ("receipt_no", "receipt_seq", "txn_id", "consumer_no", "status", "amount_rupees", "amount_paise",
                 "taken_at", "credited_at", "server_ref")
# Excel shows 1,00,000.00 with this format (lakh and crore groups); the cell holds the number.
_NUMBER = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")
INDIAN_FORMAT = '[>=10000000]##\\,##\\,##\\,##0.00;[>=100000]##\\,##\\,##0.00;##,##0.00'


def _rs(paise: int) -> Decimal:
    """Rupees for a cell: an exact decimal, never a float."""
    return Decimal(paise) / 100


def _text_cell(value: Any) -> Any:
    """Text a spreadsheet would run as a formula (=, +, -, @ first) is written with a leading apostrophe."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r") and not _NUMBER.match(value):
        return "'" + value
    return value


def _csv(rows: Iterable[Iterable[Any]]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows([_text_cell(v) for v in row] for row in rows)
    return out.getvalue().encode("utf-8")


def collections_csv(rows: list[CollectionRow]) -> bytes:
    lines: list[tuple[Any, ...]] = [COLLECTION_HEADER]
    lines += [(r.office or "", r.counter_id, r.credits, plain_rupees(r.paise), r.paise) for r in rows]
    total_credits, total_paise = sum(r.credits for r in rows), sum(r.paise for r in rows)
    lines.append(("Total", "", total_credits, plain_rupees(total_paise), total_paise))
    return _csv(lines)


def ledger_csv(rows: Iterable[dict[str, Any]], zone: dt.tzinfo) -> bytes:
    fmt = "%Y-%m-%d %H:%M:%S"
    return _csv([LEDGER_HEADER, *((r["receipt_no"], r["receipt_seq"], r["txn_id"], r["consumer_no"], r["status"],
                                   plain_rupees(r["amount_paise"]), r["amount_paise"],
                                   local_time(r["created_at"], zone, fmt),
                                   local_time(r["credited_at"], zone, fmt) if r["credited_at"] else "",
                                   r["server_ref"]) for r in rows)])


def collections_xlsx(rows: list[CollectionRow], offices: list[tuple[str, int, int]],
                     hours: dict[int, tuple[int, int]], title: str) -> bytes:
    """Three sheets: by counter (with a total), by office, by hour of the day."""
    from openpyxl import Workbook  # loaded only when someone downloads a workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "By counter"
    sheet.append([title])
    sheet.append(["Office", "Counter", "Credits", "Amount (Rs)"])
    for r in rows:
        sheet.append([_text_cell(r.office or ""), r.counter_id, r.credits, _rs(r.paise)])
    sheet.append(["Total", "", sum(r.credits for r in rows), _rs(sum(r.paise for r in rows))])
    by_office = book.create_sheet("By office")
    by_office.append(["Office", "Credits", "Amount (Rs)"])
    for office, credits, paise in offices:
        by_office.append([_text_cell(office), credits, _rs(paise)])
    by_hour = book.create_sheet("By hour")
    by_hour.append(["Hour", "Credits", "Amount (Rs)"])
    for hour in range(24):
        credits, paise = hours.get(hour, (0, 0))
        by_hour.append([f"{hour:02d}:00", credits, _rs(paise)])
    for ws, money_col in ((sheet, "D"), (by_office, "C"), (by_hour, "C")):
        for cell in ws[money_col]:
            cell.number_format = INDIAN_FORMAT
        ws.column_dimensions["A"].width = 22
        ws.column_dimensions["B"].width = 14
        ws.column_dimensions[money_col].width = 18
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
