"""Read-only views for people and scripts: status and transaction lists."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

import sqlite_utils

from counter_app import business_day, clock, counter, exposure, outbox, settings, shifts, sync_state
from counter_app.errors import InputError
from counter_app.money import format_rupees
from counter_app.recharge import RECHARGE_COLUMNS
from counter_app.i18n import N_, _

LIST_STATUSES = ("pending", "confirmed", "rejected", "disputed", "void", "superseded", "refunded", "supervisor")
# What waits for a supervisor: the server refused it, or signed something else than what was asked.
FOR_SUPERVISOR = ("rejected", "disputed")
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
    # Added in issue 12, after the keys scripts already read: messages the server signed another
    # outcome for than the one asked (a credit voided by someone else), for a supervisor.
    disputed: int = 0
    disputed_paise: int = 0
    # Added after the first release, so at the end: the business day (counter_app.business_day).
    business_date: str = ""               # the business day money taken now belongs to
    business_day_note: str | None = None  # said when that is not the calendar day (after a Z, a clock set back)
    last_closed_date: str | None = None   # the latest day closed by a Z report
    # Recharges marked confirmed with no server evidence beside them (set by hand): not in ``confirmed``.
    unproven: int = 0
    unproven_paise: int = 0

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
        warnings.append(_("This PC's clock differs from the server's by {seconds:.0f} s; ask IT to set the time.").format(seconds=abs(skew)))
    exposure_warnings = tuple(exposure.breaches(db))
    warnings.extend(exposure_warnings)
    if totals["unproven"]["count"]:
        warnings.append(unproven_warning(totals["unproven"]["count"], totals["unproven"]["paise"]))
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
        business_date=business_day.current(db),
        business_day_note=business_day.explain(db),
        last_closed_date=business_day.last_closed(db),
        exposure=exposure_warnings,
        warnings=tuple(warnings),
        disputed=totals["disputed"]["count"],
        disputed_paise=totals["disputed"]["paise"],
        unproven=totals["unproven"]["count"],
        unproven_paise=totals["unproven"]["paise"],
    )


def unproven_warning(count: int, paise: int) -> str:
    """What to tell a person of ``count`` recharges (``paise`` in all) confirmed without the server's word."""
    return _(UNPROVEN_CONFIRMED).format(n=count, amount=format_rupees(paise))


def quit_warning(db: sqlite_utils.Database) -> str | None:
    """What to say before the app quits with a shift open and money not yet sent; None: just quit."""
    shift = shifts.current_shift(db)
    waiting = outbox.counts(db)["pending"]
    if shift is None or not waiting["count"]:
        return None
    return _(QUIT_WITH_MONEY_WAITING).format(shift=shift.id, cashier=shift.cashier_id, n=waiting["count"],
                                          amount=format_rupees(waiting["paise"]))


# Sentences for people, one place each (marked with N_(), translated where shown).
UNPROVEN_CONFIRMED = N_(
    "{n} transaction(s) ({amount}) are marked confirmed, but this PC holds no signed word of the server for "
    "them (set by hand?); they are not counted as confirmed. Run 'counter-app verify' and call a supervisor.")
QUIT_WITH_MONEY_WAITING = N_(
    "Shift {shift} of {cashier} is still open, and {n} transaction(s) ({amount}) are waiting to be sent to the "
    "server. They are saved on this PC and will be sent when the app next runs. Quit now?")


def validate_date(text: str) -> str:
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise InputError(_("Date {text} is not valid: use YYYY-MM-DD, like 2026-11-27.").format(
            text=repr(text)), field="date") from None


def list_transactions(db: sqlite_utils.Database, *, date: str | None = None,
                      status: str | None = None, shift_ids: list[int] | None = None) -> list[dict]:
    """Recharges (by business date, or taken in the given shifts) with their current public status."""
    where, args = [], []
    if shift_ids is not None:
        where.append(f"r.shift_id IN ({', '.join('?' for _ in shift_ids) or 'NULL'})")
        args.extend(shift_ids)
    if date:
        where.append("r.business_date = ?")
        args.append(validate_date(date))
    if status:
        if status not in LIST_STATUSES:
            raise InputError(_("Status {status} is not one of {join}.").format(
                status=repr(status), join=', '.join(LIST_STATUSES)), field="status")
        if status in ADJUSTED:
            where.append("a.kind = ?")
            args.append(status)
        else:
            states = {"pending": outbox.OPEN_STATES, "supervisor": FOR_SUPERVISOR}.get(status, (status,))
            clause = f"a.kind IS NULL AND o.state IN ({', '.join('?' for _ in states)})"
            if status in ("disputed", "supervisor"):  # a void the server did not apply is disputed too
                clause = (f"({clause} OR EXISTS (SELECT 1 FROM outbox v WHERE v.ref_txn_id = r.txn_id "
                          "AND v.kind = 'void' AND v.state = 'disputed'))")
            where.append(clause)
            args.extend(states)
    clause = f"WHERE {' AND '.join(where)}" if where else ""
    cols = ", ".join(f"r.{c}" for c in RECHARGE_COLUMNS.split(", "))
    rows = db.execute(
        f"SELECT {cols}, o.state, o.server_ref, o.reject_reason, o.attempts, o.last_error, a.kind, a.new_txn_id, "
        f"n.receipt_no, pr.receipt_no "
        f"FROM recharges r JOIN outbox o ON o.txn_id = r.txn_id LEFT JOIN adjustments a ON a.txn_id = r.txn_id "
        f"LEFT JOIN recharges n ON n.txn_id = a.new_txn_id "
        f"LEFT JOIN adjustments p ON p.new_txn_id = r.txn_id LEFT JOIN recharges pr ON pr.txn_id = p.txn_id "
        f"{clause} ORDER BY r.receipt_seq", args
    )
    names = RECHARGE_COLUMNS.split(", ")
    result = []
    for row in rows:
        item = dict(zip(names, row[: len(names)]))
        state, server_ref, reason, attempts, last_error, adjusted, new_txn_id, new_receipt, replaces = \
            row[len(names):]
        item.update(status=recharge_status(adjusted, state), sync_state=state, server_ref=server_ref,
                    reject_reason=reason, attempts=attempts, last_error=last_error, superseded_by=new_txn_id,
                    superseded_by_receipt=new_receipt, replaces_receipt=replaces)
        result.append(item)
    return result


def recharge_status(adjusted: str | None, outbox_state: str | None) -> str:
    """The one rule for what became of a recharge (lists, receipts, exports).

    What the counter did later (an adjustment: void, superseded, refunded) wins
    over the server's word (confirmed, rejected, disputed); a row still to send
    or in flight is pending.
    """
    return adjusted or outbox.public_status(outbox_state or "pending")


def cash_kept_paise(rows: list[dict]) -> int:
    """The cash these listed recharges left in the drawer: voided and refunded money went back,
    and only cash payments bring cash (a corrected recharge's replacement brings none)."""
    return sum(int(r["amount_paise"]) for r in rows
               if r.get("payment_mode", "cash") == "cash" and r.get("status") not in ("void", "refunded"))


def status_text(row: dict) -> str:
    """A listed transaction's status in the words receipts use (never the code word 'transfer')."""
    if row["status"] == "superseded":
        words = _("SUPERSEDED BY {receipt}").format(receipt=row.get("superseded_by_receipt") or "-")
    else:
        words = _(_STATUS_WORDS[row["status"]]) if row["status"] in _STATUS_WORDS else row["status"]
    if row.get("replaces_receipt"):
        words += _(", replaces {receipt}, no new cash").format(receipt=row["replaces_receipt"])
    return words


_STATUS_WORDS = {"refunded": N_("REFUNDED"), "void": N_("VOID"), "rejected": N_("REJECTED"),
                 "pending": N_("pending"), "confirmed": N_("confirmed"), "disputed": N_("disputed")}


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
