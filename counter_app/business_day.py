"""Which business day money belongs to: the one rule, said once.

The rule: a shift's business day is fixed when it opens, and everything taken,
voided or refunded in that shift belongs to that day and to that day's Z report.
A new shift's business day is the latest of

1. the PC's local calendar date when it opens,
2. the business day of the last shift opened on this counter (a PC clock set
   back over midnight never moves the counter back into an earlier day), and
3. the day after the last day closed by a Z report (once a day is closed,
   nothing more can be taken into it: a shift opened after the Z, even on the
   same calendar day, belongs to the next business day).

So a shift that runs past midnight stays in the day it opened in, and its Z
report is made after it closes. Days close in order, each once.
"""

from __future__ import annotations

import datetime as dt

import sqlite_utils

from counter_app import clock
from counter_app.i18n import N_, _


def last_closed(db: sqlite_utils.Database) -> str | None:
    """The latest business day closed by a Z report, or None."""
    return db.execute("SELECT MAX(business_date) FROM z_reports").fetchone()[0]


def _day_after(day: str) -> str:
    return (dt.date.fromisoformat(day) + dt.timedelta(days=1)).isoformat()


def for_new_shift(db: sqlite_utils.Database, now: str | None = None) -> str:
    """The business day a shift opened now would belong to (see the module's rule)."""
    candidates = [clock.business_date(now or clock.now_iso())]
    last_shift = db.execute("SELECT business_date FROM shifts ORDER BY id DESC LIMIT 1").fetchone()
    if last_shift:
        candidates.append(last_shift[0])
    closed = last_closed(db)
    if closed:
        candidates.append(_day_after(closed))
    return max(candidates)


def current(db: sqlite_utils.Database) -> str:
    """The business day money taken now belongs to: the open shift's, else the next shift's."""
    row = db.execute("SELECT business_date FROM shifts WHERE closed_at IS NULL ORDER BY id DESC LIMIT 1").fetchone()
    return row[0] if row else for_new_shift(db)


def oldest_unclosed(db: sqlite_utils.Database) -> str | None:
    """The earliest business day that has shifts and no Z report yet: the next one to close."""
    row = db.execute("SELECT MIN(s.business_date) FROM shifts s WHERE NOT EXISTS "
                     "(SELECT 1 FROM z_reports z WHERE z.business_date = s.business_date)").fetchone()
    return row[0]


def to_close(db: sqlite_utils.Database) -> str:
    """The day a Z report made now closes by default: the oldest with shifts still open, else
    the last closed one (so a second Z is refused as such), else the current one."""
    return oldest_unclosed(db) or last_closed(db) or current(db)


def explain(db: sqlite_utils.Database) -> str | None:
    """A sentence for the window and ``status`` when the business day is not the calendar day."""
    now = clock.now_iso()
    day, today, closed = current(db), clock.business_date(now), last_closed(db)
    if day == today:
        return None
    latest_open = db.execute("SELECT MAX(opened_at) FROM shifts").fetchone()[0]
    if day > today and latest_open and clock.business_date(latest_open) > today:
        return _(BUSINESS_DAY_AHEAD).format(day=day, today=today)
    if closed and day > today and closed >= today:
        return _(BUSINESS_DAY_AFTER_Z).format(closed=closed, day=day)
    if day > today:
        return _(BUSINESS_DAY_AHEAD).format(day=day, today=today)
    return _(BUSINESS_DAY_OPEN_SHIFT).format(day=day)


# Sentences for people, one place each (marked with N_(), translated where shown).
BUSINESS_DAY_AFTER_Z = N_("Day {closed} is closed (Z report made): new shifts and recharges belong to business "
                          "day {day}.")
BUSINESS_DAY_AHEAD = N_("Business day {day} is ahead of this PC's date {today}: the clock went back; check it.")
BUSINESS_DAY_OPEN_SHIFT = N_("The open shift belongs to business day {day}: it stays there until it is closed.")
