"""Read-only views for people and scripts: status and transaction lists."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

import sqlite_utils

from counter_app import clock, counter, exposure, outbox, settings, shifts, sync_state
from counter_app.errors import InputError
from counter_app.recharge import RECHARGE_COLUMNS

LIST_STATUSES = ("pending", "confirmed", "rejected", "void", "superseded", "refunded")
ADJUSTED = ("void", "superseded", "refunded")


@dataclass(frozen=True)
class OpenShift:
    id: int
    cashier_id: str
    opened_at: str


@dataclass(frozen=True)
class Status:
    """What ``counter-app status`` prints and the window's status line shows; read by the status thread."""

    counter_id: str
    office: str | None
    server_url: str
    pending: int
    pending_paise: int
    confirmed: int
    confirmed_paise: int
    rejected: int
    rejected_paise: int
    oldest_pending_at: str | None
    last_sync_at: str | None
    last_sync_attempt_at: str | None
    last_sync_error: str | None
    clock_skew_s: float | None
    open_shift: OpenShift | None
    exposure: tuple[str, ...]      # limits on money waiting for the server, in sentences (counter_app.exposure)
    warnings: tuple[str, ...]      # what ``counter-app status`` prints as WARNING lines

    def as_json(self) -> dict:
        """The keys of ``counter-app status --json``."""
        return {**asdict(self), "exposure": list(self.exposure), "warnings": list(self.warnings)}


def status(db: sqlite_utils.Database) -> Status:
    me = counter.load(db)
    totals = outbox.counts(db)
    sync = sync_state.read(db)
    skew = sync.server_time_offset_s
    shift = shifts.current_shift(db)
    warnings = []
    if clock.skew_too_large(skew, settings.get(db, "clock_skew_warn_s")):
        warnings.append(f"This PC's clock differs from the server's by {abs(skew):.0f} s; ask IT to set the time.")
    exposure_warnings = tuple(exposure.breaches(db))
    warnings.extend(exposure_warnings)
    return Status(
        counter_id=me.counter_id,
        office=me.office,
        server_url=me.server_url,
        pending=totals["pending"]["count"],
        pending_paise=totals["pending"]["paise"],
        confirmed=totals["confirmed"]["count"],
        confirmed_paise=totals["confirmed"]["paise"],
        rejected=totals["rejected"]["count"],
        rejected_paise=totals["rejected"]["paise"],
        oldest_pending_at=outbox.oldest_pending_at(db),
        last_sync_at=sync.last_success_at,
        last_sync_attempt_at=sync.last_attempt_at,
        last_sync_error=sync.last_error,
        clock_skew_s=skew,
        open_shift=None if shift is None else OpenShift(shift.id, shift.cashier_id, shift.opened_at),
        exposure=exposure_warnings,
        warnings=tuple(warnings),
    )


def validate_date(text: str) -> str:
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise InputError(f"Date {text!r} is not valid: use YYYY-MM-DD, like 2026-11-27.", field="date") from None


def list_transactions(db: sqlite_utils.Database, *, date: str | None = None,
                      status: str | None = None) -> list[dict]:
    """Recharges (by local business date) with their current public status."""
    where, args = [], []
    if date:
        where.append("r.business_date = ?")
        args.append(validate_date(date))
    if status:
        if status not in LIST_STATUSES:
            raise InputError(f"Status {status!r} is not one of {', '.join(LIST_STATUSES)}.", field="status")
        if status in ADJUSTED:
            where.append("a.kind = ?")
            args.append(status)
        else:
            states = outbox.OPEN_STATES if status == "pending" else (status,)
            where.append(f"a.kind IS NULL AND o.state IN ({', '.join('?' for _ in states)})")
            args.extend(states)
    clause = f"WHERE {' AND '.join(where)}" if where else ""
    cols = ", ".join(f"r.{c}" for c in RECHARGE_COLUMNS.split(", "))
    rows = db.execute(
        f"SELECT {cols}, o.state, o.server_ref, o.reject_reason, o.attempts, o.last_error, a.kind, a.new_txn_id "
        f"FROM recharges r JOIN outbox o ON o.txn_id = r.txn_id LEFT JOIN adjustments a ON a.txn_id = r.txn_id "
        f"{clause} ORDER BY r.receipt_seq", args
    )
    names = RECHARGE_COLUMNS.split(", ")
    result = []
    for row in rows:
        item = dict(zip(names, row[: len(names)]))
        state, server_ref, reason, attempts, last_error, adjusted, new_txn_id = row[len(names):]
        item.update(status=adjusted or outbox.public_status(state), sync_state=state, server_ref=server_ref,
                    reject_reason=reason, attempts=attempts, last_error=last_error, superseded_by=new_txn_id)
        result.append(item)
    return result


def recent_recharge(db: sqlite_utils.Database, consumer_no: str, *,
                    now: dt.datetime | None = None) -> dict | None:
    """The latest recharge for ``consumer_no`` within the double-take window, if any.

    A second recharge for one consumer minutes after the first is most often the
    same payment taken twice; the window is the setting ``double_take_window_s``.
    Indexed by (consumer_no, business_date), so cheap enough for the window's thread.
    """
    window = dt.timedelta(seconds=settings.get(db, "double_take_window_s"))
    since = clock.to_iso((now or clock.utc_now()) - window)
    row = db.execute(
        "SELECT receipt_no, amount_paise, created_at FROM recharges r "
        "WHERE consumer_no = ? AND created_at >= ? "
        "AND NOT EXISTS (SELECT 1 FROM adjustments a WHERE a.txn_id = r.txn_id AND a.kind IN ('void', 'refunded')) "
        "ORDER BY created_at DESC LIMIT 1",
        [consumer_no, since],
    ).fetchone()
    if not row:
        return None
    return {"receipt_no": row[0], "amount_paise": row[1], "created_at": row[2]}
