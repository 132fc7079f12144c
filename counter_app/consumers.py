"""The counter's copy of the consumer directory: pulled in pages of changes, searched offline.

A lookup never needs the network: the cashier can confirm a consumer's name
while the server is down. The copy may be stale; ``fetched_at`` says how stale.
"""

from __future__ import annotations

from collections.abc import Callable

import re
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from counter_app import clock, sync_state
from counter_app.money import format_rupees
from counter_app.storage import write_transaction
from counter_app.i18n import N_, _

PAGE_SIZE = 10_000
COLUMNS = ("consumer_no", "name", "meter_no", "subdivision", "balance_paise", "updated_at", "fetched_at")
_SELECT = f"SELECT {', '.join(COLUMNS)} FROM consumers"
_SEPARATORS = re.compile(r"[\s-]+")
# Sorts after every character a name can hold, so "prefix .. prefix+_END" is the prefix's range.
_END = "\U0010ffff"


def _row(row: tuple | None) -> dict[str, Any] | None:
    return dict(zip(COLUMNS, row)) if row else None


def get(db: sqlite_utils.Database, consumer_no: str) -> dict[str, Any] | None:
    number = _SEPARATORS.sub("", consumer_no or "")
    return _row(db.execute(f"{_SELECT} WHERE consumer_no = ?", [number]).fetchone())


def find(db: sqlite_utils.Database, query: str, limit: int = 20) -> list[dict[str, Any]]:
    """Digits: consumers whose number starts so; anything else: whose name starts so (any case).

    Both are range scans of an index (the primary key, and ``name COLLATE
    NOCASE``), so they stay fast on a million consumers.
    """
    text = (query or "").strip()
    limit = max(1, min(int(limit), 500))
    number = _SEPARATORS.sub("", text)
    if not text:
        return []
    if number.isdigit() and number.isascii():
        rows = db.execute(f"{_SELECT} WHERE consumer_no >= ? AND consumer_no < ? ORDER BY consumer_no LIMIT ?",
                          [number, number + _END, limit])
    else:
        name = " ".join(text.split())
        rows = db.execute(f"{_SELECT} WHERE name >= ? COLLATE NOCASE AND name < ? COLLATE NOCASE "
                          "ORDER BY name COLLATE NOCASE LIMIT ?", [name, name + _END, limit])
    return [dict(zip(COLUMNS, r)) for r in rows]


def count(db: sqlite_utils.Database) -> int:
    return db.execute("SELECT COUNT(*) FROM consumers").fetchone()[0]


def store_page(db: sqlite_utils.Database, consumers: list[dict], next_cursor: str) -> None:
    """Upsert one page and move the cursor past it, together: a crash repeats at most this page."""
    now = clock.now_iso()
    with write_transaction(db):
        db.conn.executemany(
            "INSERT INTO consumers (consumer_no, name, meter_no, subdivision, balance_paise, updated_at, fetched_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (consumer_no) DO UPDATE SET name = excluded.name, "
            "meter_no = excluded.meter_no, subdivision = excluded.subdivision, "
            "balance_paise = excluded.balance_paise, updated_at = excluded.updated_at, fetched_at = excluded.fetched_at",
            [(c["consumer_no"], c["name"], c.get("meter_no"), c.get("subdivision"), c.get("balance_paise"),
              c.get("updated_at"), now) for c in consumers])
        sync_state.set_consumers_cursor(db, next_cursor)


def pull(db: sqlite_utils.Database, session_or_client: Any = None, *, page_size: int = PAGE_SIZE,
         progress: Callable[[int, int | None], None] | None = None) -> int:
    """Fetch every change since the last pull; return how many consumers came.

    Takes a :class:`counter_app.sync.SyncClient` or a ``requests.Session``.
    Raises ``ServerUnavailable`` (a KnownError) with a sentence if the server
    cannot be reached; pages already stored stay stored.
    """
    from counter_app import sync

    client = session_or_client if isinstance(session_or_client, sync.SyncClient) else \
        sync.SyncClient(db, session=session_or_client)
    total = 0
    while True:
        cursor = sync_state.read(db).consumers_cursor or "0"
        page = sync.consumer_page(client, cursor, page_size)
        rows = [c for c in page["consumers"] if isinstance(c, dict) and isinstance(c.get("consumer_no"), str)
                and isinstance(c.get("name"), str)]
        next_cursor = str(page.get("next_cursor") or cursor)
        if rows or next_cursor != cursor:
            store_page(db, rows, next_cursor)
        total += len(rows)
        if progress is not None:
            progress(total, None)      # the server does not say how many there are: a count, no end
        if not page.get("more") or next_cursor == cursor:
            return total


@dataclass(frozen=True)
class TakenSince:
    """What this counter took for one consumer after the directory's balance was stated."""

    since: str | None
    count: int
    pending_paise: int       # not yet credited (queued, sending, or rejected and not resolved)
    confirmed_paise: int     # credited by the server after the balance was stated

    @property
    def total_paise(self) -> int:
        return self.pending_paise + self.confirmed_paise


def taken_since(db: sqlite_utils.Database, consumer_no: str, since: str | None) -> TakenSince:
    """Recharges for the consumer at this counter after ``since`` (the balance's time), kept ones only:
    the answer to "is my money there?" beside a last known balance that cannot know of them."""
    rows = db.execute(
        "SELECT o.state, COUNT(*), COALESCE(SUM(r.amount_paise), 0) FROM recharges r "
        "JOIN outbox o ON o.txn_id = r.txn_id "
        "WHERE r.consumer_no = ? AND r.created_at > COALESCE(?, '') "
        "AND NOT EXISTS (SELECT 1 FROM adjustments a WHERE a.txn_id = r.txn_id) GROUP BY o.state",
        [consumer_no, since]).fetchall()
    confirmed = sum(paise for state, _n, paise in rows if state == "confirmed")
    pending = sum(paise for state, _n, paise in rows if state != "confirmed")
    return TakenSince(since, sum(n for _s, n, _p in rows), pending, confirmed)


def balance_sentence(balance_paise: int | None, age: str, taken: TakenSince) -> str:
    """Last known balance, and beside it what this counter has taken since (pending and confirmed)."""
    balance = _("unknown") if balance_paise is None else format_rupees(int(balance_paise))
    text = _(LAST_KNOWN_BALANCE).format(balance=balance, age=age)
    if taken.count:
        text += " · " + _(TAKEN_HERE_SINCE).format(total=format_rupees(taken.total_paise), n=taken.count,
                                                 confirmed=format_rupees(taken.confirmed_paise),
                                                 pending=format_rupees(taken.pending_paise))
    return text


# Sentences for people, one place each (the window helper wraps them for translation).
LAST_KNOWN_BALANCE = N_("Last known balance {balance} ({age} old)")
TAKEN_HERE_SINCE = N_("taken here since: {total} in {n} recharge(s), {confirmed} confirmed, "
                      "{pending} not yet credited")
