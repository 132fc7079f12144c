"""One batch of money messages as one PostgreSQL transaction, for :mod:`server.crediting` to work in.

Isolation is READ COMMITTED, made correct by what each step locks:

* The counter's row is locked first (``FOR UPDATE``): two batches of one
  counter (a resend racing the original, an import beside a sync) run one
  after the other, so the journal head and receipt numbers they check are
  current. Batches of different counters do not wait for each other here.
* The batch's known transactions are read after that lock, so a batch of the
  same counter that committed while this one waited is seen.
* The batch's consumers are read without a lock, and the rules run on those
  balances. Only at the end (:meth:`PgTx.write_shared`) are they locked,
  ``SELECT ... ORDER BY consumer_no FOR UPDATE``: every batch takes its row
  locks in the same order, so two batches never deadlock, and the balances
  read under the lock cannot change before commit. Nothing the rules decide
  depends on a balance's value (only on the consumer existing, and consumers
  are never deleted), so each balance the rules wrote down is moved by what
  that consumer's balance moved since the read: the same figures as if the
  lock had been held from the start. Held only for the last statements and the
  commit, the locks no longer make every batch that credits one of the same
  consumers wait through another's whole run (in a herd, nearly all of them).
* The reads are one call (``credit_batch_begin``) and the locked end another
  (``credit_batch_end``, :mod:`server.pg_migrations` versions 3 and 5): each statement
  a round trip was, on a busy server, a wait for the GIL while holding the lock
  everybody else queues on.
* New transactions go in with ``INSERT ... ON CONFLICT (counter_id, txn_id) DO
  NOTHING``. If fewer rows go in than were sent, another transaction inserted
  one of them first: ``credit_batch_end`` fails as a serialization failure, the
  whole batch is rolled back and run again, and then answers ``duplicate``.
  Exactly once is the unique key's doing, never a read.
* Balances change in one ``UPDATE ... SET balance_paise = balance_paise + delta``,
  so even without the row locks no update could be lost; an update that finds
  fewer locked rows than it should refuses the whole batch.
* The directory's ``change_seq`` is taken under a transaction-level advisory
  lock held to commit, so numbers become visible in the order they were given:
  a counter paging "changed since N" never skips a row committed late with a
  smaller number. It is taken just before the consumers' row locks, so the end
  of every batch (row locks, new transactions, balances, commit) runs one at a
  time: in a herd nearly every batch credits one of the same consumers, and one
  queue on one lock costs PostgreSQL far less than dozens of backends woken at
  each commit to chase row versions, for work that would wait in line anyway.
  Everything before it (the rules, the signature checks, the counter's own
  rows) still runs side by side.
"""

from __future__ import annotations

from typing import Any

import orjson
import psycopg

from counter_app import clock
from server.journal_arrival import HeldEntry
from server.tx_cache import JOURNAL_COLUMNS, TxCache

CHANGE_LOCK = 0x6368616E  # "chan": serialises directory change numbers (see above)
TXN_COLUMNS = ("txn_id", "kind", "ref_txn_id", "counter_id", "receipt_no", "receipt_seq", "consumer_no",
               "amount_paise", "created_at", "fingerprint", "server_ref", "status", "received_at", "credited_at",
               "reversed_at", "reversed_by", "balance_after_paise", "signature", "time_flag")
_REJECTION_COLUMNS = ("counter_id", "txn_id", "receipt_seq", "reason", "at")
_JOURNAL_ROW = ("counter_id", *JOURNAL_COLUMNS, "received_at", "linked")  # as TxCache holds a new entry
TXN_SELECT = f"SELECT {', '.join(TXN_COLUMNS)} FROM transactions"


class RaceLost(Exception):
    """Another transaction inserted one of this batch's transactions first; run the batch again."""


def insert_rows(cur: psycopg.Cursor, table: str, columns: tuple[str, ...], rows: list[dict[str, Any]], *,
                conflict: str = "") -> int:
    """Insert ``rows`` (dicts keyed by column) in one statement; returns how many went in.

    The rows travel as one JSON text that PostgreSQL turns into the table's own row
    type (``json_populate_recordset``): orjson writes it in C, where adapting one
    array per column cost the server process more per row than the rest of its store work.
    """
    if not rows:
        return 0
    names = ", ".join(columns)
    cur.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM json_populate_recordset(NULL::{table}, %s::json) "
                f"{conflict}", [orjson.dumps(rows).decode()])
    return cur.rowcount


class PgTx(TxCache):
    """The write transaction :mod:`server.crediting` works in, bound to one counter."""

    def __init__(self, cur: psycopg.Cursor, counter_id: str, items: list[dict[str, Any]],
                 entries: list[dict[str, Any]]) -> None:
        self.cur = cur
        self.counter_id = counter_id
        self.now = clock.now_iso()
        self._start_cache()
        numbers = sorted({i["consumer_no"] for i in items})
        ids = sorted({i["txn_id"] for i in items} | {i["ref_txn_id"] for i in items})
        wanted = sorted({e["seq"] for e in entries} | {e["seq"] - 1 for e in entries})
        # All the batch's reads in one round trip (credit_batch_begin), asked for as one JSON text: psycopg
        # adapts a Python list to an array in Python, which cost more than the reads themselves.
        asked = {"numbers": numbers, "ids": ids, "wanted": wanted, "items": [i["txn_id"] for i in items],
                 "seqs": sorted({i["receipt_seq"] for i in items if i["kind"] == "recharge"})}
        got = orjson.loads(cur.execute("SELECT credit_batch_begin(%s, %s::json)::text",
                                       [counter_id, orjson.dumps(asked).decode()]).fetchone()[0])
        if got["head"] is None:
            raise RuntimeError(f"counter {counter_id} is not in the database")
        self._head = tuple(got["head"])
        self._balances: dict[str, int | None] = dict.fromkeys(numbers)
        self._balances.update(got["balances"] or {})
        self._start = dict(self._balances)
        self._txns: dict[str, dict[str, Any] | None] = dict.fromkeys(ids)
        for row in got["txns"] or ():
            self._txns[row["txn_id"]] = {k: row[k] for k in TXN_COLUMNS}
        self._waiting = {row["ref_txn_id"]: {k: row[k] for k in TXN_COLUMNS} for row in got["waiting"] or ()}
        self._numbered = {seq: txn for seq, txn in got["numbered"] or ()}
        self._last_receipt = got["last_receipt"] or 0
        self._refs = sorted(got["refs"] or (), reverse=True)  # popped from the end: in the order given
        self._entries: dict[int, list[HeldEntry]] = {}
        for seq, digest, prev, linked in got["journal"] or ():
            self._entries.setdefault(seq, []).append(HeldEntry(seq, digest, prev, bool(linked)))
        self._loaded = set(wanted)

    # -- what the cache does not hold ---------------------------------------
    def get_txn(self, txn_id: str) -> dict[str, Any] | None:
        if txn_id not in self._txns:
            row = self.cur.execute(f"{TXN_SELECT} WHERE counter_id = %s AND txn_id = %s",
                                   [self.counter_id, txn_id]).fetchone()
            self._txns[txn_id] = dict(zip(TXN_COLUMNS, row)) if row else None
        return self._txns[txn_id]

    def txn_id_elsewhere(self, txn_id: str) -> bool:
        return self.cur.execute("SELECT 1 FROM transactions WHERE txn_id = %s AND counter_id <> %s LIMIT 1",
                                [txn_id, self.counter_id]).fetchone() is not None

    def recharge_entry_held(self, txn_id: str) -> bool:
        if self._new_recharge_entry(txn_id):
            return True
        return self.cur.execute("SELECT 1 FROM journal WHERE counter_id = %s AND kind = 'recharge' AND ref = %s "
                                "LIMIT 1", [self.counter_id, txn_id]).fetchone() is not None

    def consumer_balance(self, consumer_no: str) -> int | None:
        if consumer_no not in self._balances:
            row = self.cur.execute("SELECT balance_paise FROM consumers WHERE consumer_no = %s",
                                   [consumer_no]).fetchone()
            self._balances[consumer_no] = self._start[consumer_no] = row[0] if row else None
        return self._balances[consumer_no]

    def next_server_ref(self) -> str:
        if not self._refs:  # more new rows than fresh items: cannot happen, but never reuse a number
            self._refs.append(self.cur.execute("SELECT nextval('server_ref_seq')").fetchone()[0])
        return f"BSP{self._refs.pop():012d}"

    def held_entries(self, seq: int) -> list[HeldEntry]:
        if seq not in self._loaded:
            self._loaded.add(seq)
            self._entries[seq] = [HeldEntry(seq, d, p, bool(lk)) for d, p, lk in self.cur.execute(
                "SELECT hash, prev_hash, linked FROM journal WHERE counter_id = %s AND seq = %s",
                [self.counter_id, seq])]
        return self._entries.get(seq, [])

    def unlinked_above(self, seq: int) -> list[HeldEntry]:
        held = [HeldEntry(s, d, p, False) for s, d, p in self.cur.execute(
            "SELECT seq, hash, prev_hash FROM journal WHERE counter_id = %s AND seq > %s AND linked = 0 "
            "ORDER BY seq", [self.counter_id, seq])]
        return sorted(held + self._new_unlinked_above(seq), key=lambda e: e.seq)

    # -- the writes ---------------------------------------------------------
    def write_own(self) -> None:
        """Write what only this counter's batches touch (its journal, rejections, head, changed rows); no waiting.

        Sent as one pipeline: nothing here needs an answer before the next
        statement, so they cost one round trip, not one each. An error still
        raises here, and the batch's transaction rolls back.
        """
        with self.cur.connection.pipeline():
            self._write_own()

    def _write_own(self) -> None:
        cur = self.cur
        if self._changed:
            cur.execute("UPDATE transactions t SET status = d.status, reversed_at = d.reversed_at, "
                        "reversed_by = d.reversed_by FROM json_populate_recordset(NULL::transactions, %s::json) d "
                        "WHERE t.counter_id = %s AND t.txn_id = d.txn_id",
                        [orjson.dumps(list(self._changed.values())).decode(), self.counter_id])
        insert_rows(cur, "rejections", _REJECTION_COLUMNS,
                    [dict(zip(_REJECTION_COLUMNS, row)) for row in self._rejections])
        insert_rows(cur, "journal", _JOURNAL_ROW, [dict(zip(_JOURNAL_ROW, row)) for row in self._new_entries],
                    conflict="ON CONFLICT DO NOTHING")
        if self._linked_later:
            cur.execute("UPDATE journal j SET linked = 1 FROM unnest(%s::bigint[], %s::text[]) AS d(seq, hash) "
                        "WHERE j.counter_id = %s AND j.seq = d.seq AND j.hash = d.hash",
                        [[e[1] for e in self._linked_later], [e[2] for e in self._linked_later], self.counter_id])
        if self._head_changed:
            cur.execute("UPDATE counters SET journal_head_seq = %s, journal_head_hash = %s WHERE counter_id = %s",
                        [*self._head, self.counter_id])

    def write_shared(self) -> None:
        """Write the new transactions and the balances under the consumers' row locks (``credit_batch_end``).

        The rules worked on balances read without a lock (at the start); a batch
        of another counter may have credited the same consumer since. Nothing the
        rules decide depends on a balance's value, only on the consumer existing,
        so each computed balance is the read one plus this batch's credits so far:
        the database adds what the balance moved by since the read, under the lock,
        which gives the same figures as if this batch had held the lock from its
        start. It all happens in one call, so no lock waits on this process
        between statements (in a herd, on its other threads for the GIL).
        """
        new = list(self._new.values())
        numbers = sorted({row["consumer_no"] for row in new if row["balance_after_paise"] is not None}
                         | set(self._touched))
        if not numbers:  # no balance read or changed: nothing to lock
            if insert_rows(self.cur, "transactions", TXN_COLUMNS, new,
                           conflict="ON CONFLICT (counter_id, txn_id) DO NOTHING") != len(new):
                raise RaceLost(self.counter_id)
            return
        deltas = [self._touched[n] - self._start[n] if n in self._touched else None for n in numbers]
        balances = {"numbers": numbers, "starts": [self._start[n] for n in numbers], "deltas": deltas,
                    "rows": len(new)}
        moved: dict[str, int] = orjson.loads(self.cur.execute(
            "SELECT credit_batch_end(%s, %s::json, %s::json, %s)::text",
            [CHANGE_LOCK, orjson.dumps(balances).decode(), orjson.dumps(new).decode(), self.now]).fetchone()[0])
        for row in new:  # as the database wrote them, for the answers
            if row["balance_after_paise"] is not None and row["consumer_no"] in moved:
                row["balance_after_paise"] += moved[row["consumer_no"]]

    def answer_balances(self, results: list[dict[str, Any]]) -> None:
        """Give each result of a row written here the balance after it as finally written (see write_shared)."""
        for result in results:
            row = self._new.get(result["txn_id"])
            if row is not None and "balance_paise" in result:
                result["balance_paise"] = row["balance_after_paise"]
