"""The SQLite write transaction that :mod:`server.crediting` works in, bound to one counter.

A batch's reads are done up front in a few ``IN (...)`` queries and its writes
at the end with ``executemany`` (what the rules change in between is held by
:class:`server.tx_cache.TxCache`, shared with the PostgreSQL store): the rules see every change at once through the
caches, and SQLite is asked a handful of times per batch instead of five times
per item. All of it is inside one transaction. Every query names the counter:
nothing here can read or change another counter's transactions.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from counter_app import clock
from server.journal_arrival import HeldEntry
from server.tx_cache import JOURNAL_COLUMNS, TxCache

TXN_COLUMNS = ("txn_id", "kind", "ref_txn_id", "counter_id", "receipt_no", "receipt_seq", "consumer_no",
               "amount_paise", "created_at", "fingerprint", "server_ref", "status", "received_at", "credited_at",
               "reversed_at", "reversed_by", "balance_after_paise", "signature", "time_flag")
TXN_SELECT = f"SELECT {', '.join(TXN_COLUMNS)} FROM transactions"


def marks(values: Any) -> str:
    return ", ".join("?" for _ in values)


def chunks(values: list[Any], size: int = 500) -> list[list[Any]]:
    return [values[i:i + size] for i in range(0, len(values), size)]


class SqliteTx(TxCache):
    def __init__(self, conn: sqlite3.Connection, counter_id: str, items: list[dict[str, Any]],
                 entries: list[dict[str, Any]]) -> None:
        self.conn = conn
        self.counter_id = counter_id
        self.now = clock.now_iso()
        self._next_ref = conn.execute("SELECT value FROM meta WHERE key = 'server_ref'").fetchone()[0]
        self._next_change = conn.execute("SELECT COALESCE(MAX(change_seq), 0) FROM consumers").fetchone()[0]
        self._waiting: dict[str, dict[str, Any]] = {}
        self._start_cache()
        ids = list({i["txn_id"] for i in items} | {i["ref_txn_id"] for i in items})
        self._txns: dict[str, dict[str, Any] | None] = dict.fromkeys(ids)
        for chunk in chunks(ids):
            for row in conn.execute(f"{TXN_SELECT} WHERE counter_id = ? AND txn_id IN ({marks(chunk)})",
                                    [counter_id, *chunk]):
                self._txns[row[0]] = dict(zip(TXN_COLUMNS, row))
            for row in conn.execute(f"{TXN_SELECT} WHERE counter_id = ? AND status = 'void_waiting' "
                                    f"AND ref_txn_id IN ({marks(chunk)})", [counter_id, *chunk]):
                self._waiting[row[2]] = dict(zip(TXN_COLUMNS, row))
        seqs = list({i["receipt_seq"] for i in items if i["kind"] == "recharge"})
        self._numbered: dict[int, str] = {}
        for chunk in chunks(seqs):
            self._numbered.update((seq, txn) for txn, seq in conn.execute(
                f"SELECT txn_id, receipt_seq FROM transactions WHERE counter_id = ? AND kind = 'recharge' "
                f"AND receipt_seq IN ({marks(chunk)})", [counter_id, *chunk]))
        self._last_receipt = conn.execute(
            "SELECT MAX(seq) FROM (SELECT MAX(receipt_seq) AS seq FROM transactions WHERE counter_id = ? "
            "AND kind = 'recharge' UNION ALL SELECT MAX(receipt_seq) FROM rejections WHERE counter_id = ?)",
            [counter_id, counter_id]).fetchone()[0] or 0
        numbers = list({i["consumer_no"] for i in items})
        self._balances: dict[str, int | None] = dict.fromkeys(numbers)
        for chunk in chunks(numbers):
            self._balances.update(conn.execute(
                f"SELECT consumer_no, balance_paise FROM consumers WHERE consumer_no IN ({marks(chunk)})", chunk))
        self._load_journal(entries)

    def _load_journal(self, entries: list[dict[str, Any]]) -> None:
        conn, counter_id = self.conn, self.counter_id
        self._entries: dict[int, list[HeldEntry]] = {}
        wanted = sorted({e["seq"] for e in entries} | {e["seq"] - 1 for e in entries})
        for chunk in chunks(wanted):
            for seq, digest, prev, linked in conn.execute(
                    f"SELECT seq, hash, prev_hash, linked FROM journal WHERE counter_id = ? AND seq IN ({marks(chunk)})",
                    [counter_id, *chunk]):
                self._entries.setdefault(seq, []).append(HeldEntry(seq, digest, prev, bool(linked)))
        self._loaded = set(wanted)
        self._head = tuple(conn.execute("SELECT journal_head_seq, journal_head_hash FROM counters "
                                        "WHERE counter_id = ?", [counter_id]).fetchone())

    # -- transactions -------------------------------------------------------
    def get_txn(self, txn_id: str) -> dict[str, Any] | None:
        if txn_id not in self._txns:
            row = self.conn.execute(f"{TXN_SELECT} WHERE counter_id = ? AND txn_id = ?",
                                    [self.counter_id, txn_id]).fetchone()
            self._txns[txn_id] = dict(zip(TXN_COLUMNS, row)) if row else None
        return self._txns[txn_id]

    def txn_id_elsewhere(self, txn_id: str) -> bool:
        return self.conn.execute("SELECT 1 FROM transactions WHERE txn_id = ? AND counter_id != ? LIMIT 1",
                                 [txn_id, self.counter_id]).fetchone() is not None

    def recharge_entry_held(self, txn_id: str) -> bool:
        if self._new_recharge_entry(txn_id):
            return True
        return self.conn.execute("SELECT 1 FROM journal WHERE counter_id = ? AND kind = 'recharge' AND ref = ? "
                                 "LIMIT 1", [self.counter_id, txn_id]).fetchone() is not None

    def consumer_balance(self, consumer_no: str) -> int | None:
        if consumer_no not in self._balances:
            row = self.conn.execute("SELECT balance_paise FROM consumers WHERE consumer_no = ?",
                                    [consumer_no]).fetchone()
            self._balances[consumer_no] = row[0] if row else None
        return self._balances[consumer_no]

    def next_server_ref(self) -> str:
        self._next_ref += 1
        return f"BSP{self._next_ref:012d}"

    # -- journal ------------------------------------------------------------
    def held_entries(self, seq: int) -> list[HeldEntry]:
        if seq not in self._loaded:
            self._loaded.add(seq)
            self._entries[seq] = [HeldEntry(seq, d, p, bool(lk)) for d, p, lk in self.conn.execute(
                "SELECT hash, prev_hash, linked FROM journal WHERE counter_id = ? AND seq = ?",
                [self.counter_id, seq])]
        return self._entries.get(seq, [])

    def unlinked_above(self, seq: int) -> list[HeldEntry]:
        held = [HeldEntry(s, d, p, False) for s, d, p in self.conn.execute(
            "SELECT seq, hash, prev_hash FROM journal WHERE counter_id = ? AND seq > ? AND linked = 0 ORDER BY seq",
            [self.counter_id, seq])]
        return sorted(held + self._new_unlinked_above(seq), key=lambda e: e.seq)

    # -- the writes ---------------------------------------------------------
    def finish(self) -> None:
        conn = self.conn
        conn.executemany(f"INSERT INTO transactions ({', '.join(TXN_COLUMNS)}) VALUES ({marks(TXN_COLUMNS)})",
                         [[row[c] for c in TXN_COLUMNS] for row in self._new.values()])
        conn.executemany("UPDATE transactions SET status = ?, reversed_at = ?, reversed_by = ? "
                         "WHERE counter_id = ? AND txn_id = ?",
                         [[r["status"], r["reversed_at"], r["reversed_by"], self.counter_id, t]
                          for t, r in self._changed.items()])
        updates = []
        for consumer_no, balance in self._touched.items():
            self._next_change += 1  # the row moves to the end of the directory's change order
            updates.append([balance, self.now, self._next_change, consumer_no])
        conn.executemany("UPDATE consumers SET balance_paise = ?, updated_at = ?, change_seq = ? "
                         "WHERE consumer_no = ?", updates)
        conn.executemany("INSERT INTO rejections (counter_id, txn_id, receipt_seq, reason, at) VALUES (?, ?, ?, ?, ?)",
                         self._rejections)
        conn.executemany(
            "INSERT OR IGNORE INTO journal (counter_id, seq, at, kind, actor, ref, payload, prev_hash, hash, "
            "received_at, linked) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", self._new_entries)
        conn.executemany("UPDATE journal SET linked = 1 WHERE counter_id = ? AND seq = ? AND hash = ?",
                         self._linked_later)
        if self._head_changed:
            conn.execute("UPDATE counters SET journal_head_seq = ?, journal_head_hash = ? WHERE counter_id = ?",
                         [*self._head, self.counter_id])
        conn.execute("UPDATE meta SET value = ? WHERE key = 'server_ref'", [self._next_ref])
