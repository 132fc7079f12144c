"""The in-memory half of a store's write transaction, the same for SQLite and PostgreSQL.

A store's transaction reads a batch's rows up front, lets :mod:`server.crediting`
change them here, and writes everything at the end in a few statements. This
mixin holds what the rules changed; each store's class loads the caches, answers
what was not loaded (``get_txn``, ``consumer_balance``, ``held_entries``) and
writes at ``finish``. Attributes it expects the store's ``__init__`` to set:

``counter_id``, ``now``; ``_txns`` (txn_id -> row or None), ``_waiting``
(ref_txn_id -> void row), ``_numbered`` (receipt_seq -> txn_id),
``_last_receipt``, ``_balances``; ``_entries`` (seq -> HeldEntry list),
``_head``; and the empty collections of :meth:`_start_cache`.
"""

from __future__ import annotations

from typing import Any

from server.journal_arrival import HeldEntry

JOURNAL_COLUMNS = ("seq", "at", "kind", "actor", "ref", "payload", "prev_hash", "hash")
# Positions in a new journal row: [counter_id, *JOURNAL_COLUMNS, received_at, linked]
_SEQ, _PREV, _HASH, _LINKED = 1, 7, 8, 10


class TxCache:
    counter_id: str
    now: str

    def _start_cache(self) -> None:
        self._new: dict[str, dict[str, Any]] = {}
        self._changed: dict[str, dict[str, Any]] = {}
        self._touched: dict[str, int] = {}
        self._rejections: list[list[Any]] = []
        self._new_entries: list[list[Any]] = []
        self._linked_later: list[list[Any]] = []
        self._head_changed = False

    # Answered by the store's class (a query when the cache does not hold it).
    def get_txn(self, txn_id: str) -> dict[str, Any] | None: ...
    def consumer_balance(self, consumer_no: str) -> int | None: ...
    def held_entries(self, seq: int) -> list[HeldEntry]: ...

    # -- transactions -------------------------------------------------------
    def waiting_void_for(self, txn_id: str) -> dict[str, Any] | None:
        return self._waiting.get(txn_id)

    def recharge_numbered(self, receipt_seq: int) -> str | None:
        return self._numbered.get(receipt_seq)

    def last_receipt_seq(self) -> int:
        return self._last_receipt

    def add_balance(self, consumer_no: str, delta_paise: int) -> int:
        balance = self.consumer_balance(consumer_no)
        assert balance is not None
        self._balances[consumer_no] = balance + delta_paise
        self._touched[consumer_no] = balance + delta_paise
        return balance + delta_paise

    def insert_txn(self, row: dict[str, Any]) -> None:
        self._txns[row["txn_id"]] = self._new[row["txn_id"]] = row
        if row["status"] == "void_waiting":
            self._waiting[row["ref_txn_id"]] = row
        if row["kind"] == "recharge":
            self._numbered[row["receipt_seq"]] = row["txn_id"]
            self._last_receipt = max(self._last_receipt, row["receipt_seq"])

    def update_txn(self, txn_id: str, **changes: Any) -> None:
        row = self.get_txn(txn_id)
        assert row is not None
        row.update(changes)
        if row["status"] != "void_waiting":
            self._waiting.pop(row["ref_txn_id"], None)
        if txn_id not in self._new:
            self._changed[txn_id] = row

    def record_rejection(self, item: dict[str, Any], reason: str) -> None:
        self._rejections.append([self.counter_id, item["txn_id"], item["receipt_seq"], reason, self.now])
        self._last_receipt = max(self._last_receipt, item["receipt_seq"])

    # -- journal ------------------------------------------------------------
    def add_entry(self, entry: dict[str, Any], *, linked: bool) -> None:
        self.held_entries(entry["seq"])
        self._entries.setdefault(entry["seq"], []).append(
            HeldEntry(entry["seq"], entry["hash"], entry["prev_hash"], linked))
        self._new_entries.append([self.counter_id, *(entry[c] for c in JOURNAL_COLUMNS), self.now, int(linked)])

    def _new_unlinked_above(self, seq: int) -> list[HeldEntry]:
        return [HeldEntry(e[_SEQ], e[_HASH], e[_PREV], False) for e in self._new_entries
                if e[_SEQ] > seq and not e[_LINKED]]

    def _new_recharge_entry(self, txn_id: str) -> bool:
        return any(e[3] == "recharge" and e[5] == txn_id for e in self._new_entries)

    def mark_linked(self, seq: int, digest: str) -> None:
        for entry in self._new_entries:
            if entry[_SEQ] == seq and entry[_HASH] == digest:
                entry[_LINKED] = 1
                return
        self._linked_later.append([self.counter_id, seq, digest])

    def journal_head(self) -> tuple[int, str]:
        return self._head  # type: ignore[return-value]

    def set_journal_head(self, seq: int, digest: str) -> None:
        self._head = (seq, digest)
        self._head_changed = True
