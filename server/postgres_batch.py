"""One batch of money messages as one PostgreSQL transaction, for :mod:`server.crediting` to work in.

Isolation is READ COMMITTED, made correct by what each step locks:

* The batch's consumers are locked first, ``SELECT ... ORDER BY consumer_no FOR
  UPDATE``: every batch takes its row locks in the same order, so two batches
  never deadlock, and a balance read here cannot change before commit.
* The batch's known transactions are read after those locks, so a batch of the
  same counter that committed while this one waited is seen.
* New transactions go in with ``INSERT ... ON CONFLICT (counter_id, txn_id) DO
  NOTHING RETURNING``. If fewer rows come back than were sent, another server
  process inserted one of them at the same moment (a resend racing the
  original): the whole batch is rolled back and run again, and then answers
  ``duplicate``. Exactly once is the unique key's doing, never a read.
* Balances change in one ``UPDATE ... SET balance_paise = balance_paise + delta
  ... RETURNING``, so even without the row locks no update could be lost; the
  returned balances are checked against what the rules computed.
* The directory's ``change_seq`` is taken under a transaction-level advisory
  lock held to commit, so numbers become visible in the order they were given:
  a counter paging "changed since N" never skips a row committed late with a
  smaller number. It is taken last, so it is held only for the final UPDATE
  and the commit.
"""

from __future__ import annotations

from typing import Any

import psycopg

from counter_app import clock

CHANGE_LOCK = 0x6368616E  # "chan": serialises directory change numbers (see above)
TXN_COLUMNS = ("txn_id", "kind", "ref_txn_id", "counter_id", "receipt_no", "receipt_seq", "consumer_no",
               "amount_paise", "created_at", "fingerprint", "server_ref", "status", "received_at", "credited_at",
               "reversed_at", "reversed_by", "balance_after_paise", "signature")
TXN_SELECT = f"SELECT {', '.join(TXN_COLUMNS)} FROM transactions"
_TXN_TYPES = {"receipt_seq": "bigint", "amount_paise": "bigint", "balance_after_paise": "bigint"}
JOURNAL_COLUMNS = ("seq", "at", "kind", "actor", "ref", "payload", "prev_hash", "hash")


class RaceLost(Exception):
    """Another process inserted one of this batch's transactions first; run the batch again."""


def _unnest(columns: tuple[str, ...], types: dict[str, str]) -> str:
    return ", ".join(f"%s::{types.get(c, 'text')}[]" for c in columns)


def insert_rows(cur: psycopg.Cursor, table: str, columns: tuple[str, ...], rows: list[list[Any]], *,
                types: dict[str, str] | None = None, conflict: str = "") -> int:
    """Insert ``rows`` in one statement (one array per column); returns how many went in."""
    if not rows:
        return 0
    arrays = [list(col) for col in zip(*rows)]
    cur.execute(f"INSERT INTO {table} ({', '.join(columns)}) SELECT * FROM unnest({_unnest(columns, types or {})}) "
                f"{conflict}", arrays)
    return cur.rowcount


class PgTx:
    """The write transaction :mod:`server.crediting` works in; the same shape as the SQLite store's."""

    def __init__(self, cur: psycopg.Cursor, counter_id: str, items: list[dict[str, Any]]) -> None:
        self.cur = cur
        self.counter_id = counter_id
        self.now = clock.now_iso()
        numbers = sorted({i["consumer_no"] for i in items})
        self._balances: dict[str, int | None] = dict.fromkeys(numbers)
        self._balances.update(cur.execute(
            "SELECT consumer_no, balance_paise FROM consumers WHERE consumer_no = ANY(%s) "
            "ORDER BY consumer_no FOR UPDATE", [numbers]).fetchall())
        self._start = dict(self._balances)
        ids = sorted({i["txn_id"] for i in items} | {i["ref_txn_id"] for i in items})
        self._txns: dict[str, dict[str, Any] | None] = dict.fromkeys(ids)
        for row in cur.execute(f"{TXN_SELECT} WHERE counter_id = %s AND txn_id = ANY(%s)", [counter_id, ids]):
            self._txns[row[0]] = dict(zip(TXN_COLUMNS, row))
        self._waiting = {row[2]: dict(zip(TXN_COLUMNS, row)) for row in cur.execute(
            f"{TXN_SELECT} WHERE counter_id = %s AND status = 'void_waiting' AND ref_txn_id = ANY(%s)",
            [counter_id, ids])}
        fresh = sum(1 for i in items if self._txns.get(i["txn_id"]) is None)
        self._refs = [r[0] for r in cur.execute(
            "SELECT nextval('server_ref_seq') FROM generate_series(1, %s)", [fresh])] if fresh else []
        self._refs.reverse()
        self._new: dict[str, dict[str, Any]] = {}
        self._changed: dict[str, dict[str, Any]] = {}
        self._rejections: list[list[Any]] = []

    def get_txn(self, txn_id: str) -> dict[str, Any] | None:
        if txn_id not in self._txns:
            row = self.cur.execute(f"{TXN_SELECT} WHERE counter_id = %s AND txn_id = %s",
                                   [self.counter_id, txn_id]).fetchone()
            self._txns[txn_id] = dict(zip(TXN_COLUMNS, row)) if row else None
        return self._txns[txn_id]

    def waiting_void_for(self, txn_id: str) -> dict[str, Any] | None:
        return self._waiting.get(txn_id)

    def consumer_balance(self, consumer_no: str) -> int | None:
        if consumer_no not in self._balances:
            row = self.cur.execute("SELECT balance_paise FROM consumers WHERE consumer_no = %s FOR UPDATE",
                                   [consumer_no]).fetchone()
            self._balances[consumer_no] = self._start[consumer_no] = row[0] if row else None
        return self._balances[consumer_no]

    def add_balance(self, consumer_no: str, delta_paise: int) -> int:
        balance = self.consumer_balance(consumer_no)
        assert balance is not None
        self._balances[consumer_no] = balance + delta_paise
        return balance + delta_paise

    def next_server_ref(self) -> str:
        if not self._refs:  # more new rows than fresh items: cannot happen, but never reuse a number
            self._refs.append(self.cur.execute("SELECT nextval('server_ref_seq')").fetchone()[0])
        return f"BSP{self._refs.pop():012d}"

    def insert_txn(self, row: dict[str, Any]) -> None:
        self._txns[row["txn_id"]] = self._new[row["txn_id"]] = row
        if row["status"] == "void_waiting":
            self._waiting[row["ref_txn_id"]] = row

    def update_txn(self, txn_id: str, **changes: Any) -> None:
        row = self.get_txn(txn_id)
        assert row is not None
        row.update(changes)
        if row["status"] != "void_waiting":
            self._waiting.pop(row["ref_txn_id"], None)
        if txn_id not in self._new:
            self._changed[txn_id] = row

    def record_rejection(self, counter_id: str, item: dict[str, Any], reason: str) -> None:
        self._rejections.append([counter_id, item["txn_id"], item["receipt_seq"], reason, self.now])

    def finish(self, journal: list[dict[str, Any]]) -> None:
        cur = self.cur
        new = [[row[c] for c in TXN_COLUMNS] for row in self._new.values()]
        inserted = insert_rows(cur, "transactions", TXN_COLUMNS, new, types=_TXN_TYPES,
                               conflict="ON CONFLICT (counter_id, txn_id) DO NOTHING")
        if inserted != len(new):
            raise RaceLost(self.counter_id)
        if self._changed:
            cur.execute("UPDATE transactions t SET status = d.status, reversed_at = d.reversed_at, "
                        "reversed_by = d.reversed_by FROM unnest(%s::text[], %s::text[], %s::text[], %s::text[]) "
                        "AS d(txn_id, status, reversed_at, reversed_by) "
                        "WHERE t.counter_id = %s AND t.txn_id = d.txn_id",
                        [list(self._changed), [r["status"] for r in self._changed.values()],
                         [r["reversed_at"] for r in self._changed.values()],
                         [r["reversed_by"] for r in self._changed.values()], self.counter_id])
        insert_rows(cur, "rejections", ("counter_id", "txn_id", "receipt_seq", "reason", "at"), self._rejections,
                    types={"receipt_seq": "bigint"})
        insert_rows(cur, "journal", ("counter_id", *JOURNAL_COLUMNS, "received_at"),
                    [[self.counter_id, *(e[c] for c in JOURNAL_COLUMNS), self.now] for e in journal],
                    types={"seq": "bigint"}, conflict="ON CONFLICT DO NOTHING")
        self._update_balances()

    def _update_balances(self) -> None:
        deltas = {n: b - self._start[n] for n, b in self._balances.items()
                  if b is not None and b != self._start[n]}
        if not deltas:
            return
        numbers = sorted(deltas)
        self.cur.execute("SELECT pg_advisory_xact_lock(%s)", [CHANGE_LOCK])
        got = dict(self.cur.execute(
            "UPDATE consumers c SET balance_paise = c.balance_paise + d.delta, updated_at = %s, "
            "change_seq = nextval('consumer_change_seq') "
            "FROM unnest(%s::text[], %s::bigint[]) AS d(consumer_no, delta) WHERE c.consumer_no = d.consumer_no "
            "RETURNING c.consumer_no, c.balance_paise", [self.now, numbers, [deltas[n] for n in numbers]]).fetchall())
        expected = {n: self._balances[n] for n in numbers}
        if got != expected:  # the row locks make this impossible; refuse to commit rather than answer wrongly
            raise RuntimeError(f"balances moved under a row lock: expected {expected}, the database has {got}")
