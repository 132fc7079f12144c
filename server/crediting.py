"""The money rules of the server, the same for every store.

A ``txn_id`` is credited at most once, for ever. Known content answers
``duplicate`` with the first answer's ``server_ref``; different content under a
known ``txn_id`` is a ``conflict``. A void takes back a credit; a void that
arrives before its recharge is kept, and the recharge, when it comes, is
recorded as voided and never credited.

Statuses of a stored transaction:
  recharge: ``credited``; ``reversed`` (credited, then a void took it back);
            ``voided`` (its void came first: never credited).
  void:     ``void_applied`` (reversed a credit, or stopped one that came later);
            ``void_waiting`` (its recharge has not arrived yet).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any, Protocol

from counter_app import canonical

# The fields that make a transaction what it is; a resend must match them all.
CONTENT_FIELDS = ("txn_id", "kind", "ref_txn_id", "counter_id", "receipt_no", "receipt_seq",
                  "consumer_no", "amount_paise", "created_at")


class Tx(Protocol):
    """One open write transaction of a store."""

    now: str

    def get_txn(self, txn_id: str) -> dict[str, Any] | None: ...
    def waiting_void_for(self, txn_id: str) -> dict[str, Any] | None: ...
    def consumer_balance(self, consumer_no: str) -> int | None: ...
    def add_balance(self, consumer_no: str, delta_paise: int) -> int: ...
    def next_server_ref(self) -> str: ...
    def insert_txn(self, row: dict[str, Any]) -> None: ...
    def update_txn(self, txn_id: str, **changes: Any) -> None: ...
    def record_rejection(self, counter_id: str, item: dict[str, Any], reason: str) -> None: ...


def signed_bytes(item: dict[str, Any]) -> bytes:
    """What the counter signed: the canonical JSON of the item without its signature."""
    return canonical.to_bytes({k: v for k, v in item.items() if k not in ("signature", "fingerprint")})


def fingerprint(item: dict[str, Any]) -> str:
    """The identity of a transaction's content: a resend is byte-for-byte what was signed the first time.

    The verifier computes it from the bytes it checked and puts it on the item,
    so each item is serialised once.
    """
    if "fingerprint" not in item:
        item["fingerprint"] = hashlib.sha256(signed_bytes(item)).hexdigest()
    return item["fingerprint"]


def _rejected(item: dict[str, Any], reason: str, message: str) -> dict[str, Any]:
    return {"txn_id": item["txn_id"], "status": "rejected", "reason": reason, "message": message}


def _answer(row: dict[str, Any], status: str) -> dict[str, Any]:
    result: dict[str, Any] = {"txn_id": row["txn_id"], "status": status, "server_ref": row["server_ref"],
                              "balance_paise": row["balance_after_paise"]}
    if row["status"] == "voided":
        result["voided"] = True
    elif row["status"] == "void_waiting":
        result["waiting_for_original"] = True
    elif row["status"] == "reversed":
        result["reversed"] = True
    elif row["kind"] == "void":
        result["reversed"] = row.get("reversed_at") is not None
    return result


def journal_mismatch(item: dict[str, Any]) -> str | None:
    """Why the item's journal entry does not describe the item, or None."""
    entry = item["journal"]
    if item["kind"] == "recharge":
        if entry["kind"] != "recharge" or entry["ref"] != item["txn_id"]:
            return "its journal entry is not this recharge's"
        try:
            payload = json.loads(entry["payload"])
        except (ValueError, RecursionError):
            return "its journal entry's payload is not JSON"
        if not isinstance(payload, dict):
            return "its journal entry's payload is not an object"
        for key in CONTENT_FIELDS:
            if key in payload and key not in ("kind", "ref_txn_id") and payload[key] != item[key]:
                return f"{key} differs from its journal entry"
    elif entry["kind"] != "void" or entry["ref"] != item["ref_txn_id"]:
        return "its journal entry is not this void's"
    return None


def apply_item(tx: Tx, counter_id: str, item: dict[str, Any], *, max_amount_paise: int) -> dict[str, Any]:
    """Apply one verified item inside ``tx``; return its result."""
    known = tx.get_txn(item["txn_id"])
    if known is not None:
        if known["fingerprint"] != fingerprint(item):
            return _rejected(item, "conflict", "This txn_id is known with different content; nothing changed.")
        return _answer(known, "duplicate")
    problem = journal_mismatch(item)
    if problem:
        return _reject_and_record(tx, counter_id, item, "journal_mismatch", f"The transaction's {problem}.")
    if not 0 < item["amount_paise"] <= max_amount_paise:
        return _reject_and_record(tx, counter_id, item, "invalid_amount",
                                  f"Amount {item['amount_paise']} paise is outside 1..{max_amount_paise}.")
    if item["kind"] == "recharge":
        return _recharge(tx, counter_id, item)
    return _void(tx, counter_id, item)


def _reject_and_record(tx: Tx, counter_id: str, item: dict[str, Any], reason: str, message: str) -> dict:
    tx.record_rejection(counter_id, item, reason)
    return _rejected(item, reason, message)


def _row(tx: Tx, item: dict[str, Any], status: str, balance: int | None, *,
         credited: bool = False) -> dict[str, Any]:
    return {**{k: item[k] for k in CONTENT_FIELDS}, "fingerprint": fingerprint(item),
            "server_ref": tx.next_server_ref(), "status": status, "received_at": tx.now,
            "credited_at": tx.now if credited else None, "reversed_at": None, "reversed_by": None,
            "balance_after_paise": balance, "signature": item["signature"]}


def _recharge(tx: Tx, counter_id: str, item: dict[str, Any]) -> dict[str, Any]:
    if item["ref_txn_id"] != item["txn_id"]:
        return _reject_and_record(tx, counter_id, item, "invalid",
                                  "A recharge's ref_txn_id must be its own txn_id.")
    balance = tx.consumer_balance(item["consumer_no"])
    if balance is None:
        return _reject_and_record(tx, counter_id, item, "unknown_consumer",
                                  f"No consumer {item['consumer_no']} on the server.")
    void = tx.waiting_void_for(item["txn_id"])
    if void is not None:
        row = _row(tx, item, "voided", balance)
        tx.insert_txn(row)
        tx.update_txn(void["txn_id"], status="void_applied")
        return _answer(row, "accepted")
    row = _row(tx, item, "credited", tx.add_balance(item["consumer_no"], item["amount_paise"]), credited=True)
    tx.insert_txn(row)
    return _answer(row, "accepted")


def _void(tx: Tx, counter_id: str, item: dict[str, Any]) -> dict[str, Any]:
    original = tx.get_txn(item["ref_txn_id"])
    if original is None:
        if tx.waiting_void_for(item["ref_txn_id"]) is not None:
            return _reject_and_record(tx, counter_id, item, "already_voided",
                                      "Another void of this recharge is already recorded.")
        row = _row(tx, item, "void_waiting", None)
        tx.insert_txn(row)
        return _answer(row, "accepted")
    if (original["kind"] != "recharge" or original["counter_id"] != counter_id
            or original["consumer_no"] != item["consumer_no"]
            or original["amount_paise"] != item["amount_paise"]):
        return _reject_and_record(tx, counter_id, item, "conflict",
                                  "The void does not match the recharge it names (counter, consumer or amount).")
    if original["status"] != "credited":
        return _reject_and_record(tx, counter_id, item, "already_voided",
                                  f"Recharge {original['txn_id']} is already {original['status']}.")
    balance = tx.add_balance(original["consumer_no"], -original["amount_paise"])
    row = _row(tx, item, "void_applied", balance)
    row["reversed_at"] = tx.now
    tx.insert_txn(row)
    tx.update_txn(original["txn_id"], status="reversed", reversed_at=tx.now, reversed_by=item["txn_id"])
    return _answer(row, "accepted")
