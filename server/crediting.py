"""The money rules of the server, the same for every store.

Every rule below is about one counter: the store's transaction is bound to the
authenticated counter and every lookup it answers is that counter's. So a
``(counter_id, txn_id)`` is credited at most once, for ever, and a txn_id that
one counter uses can never change what another counter's transaction does.
Known content answers ``duplicate`` with the first answer's ``server_ref``;
different content under a known txn_id is a ``conflict``, and so is a recharge
that reuses one of the counter's receipt numbers under another txn_id. A void
takes back a credit of the same counter; a void that arrives before its
recharge is kept only when the counter's journal on the server holds that
recharge, and the recharge, when it comes, is recorded as voided and never
credited. A void naming anything else is a ``conflict``.

Statuses of a stored transaction:
  recharge: ``credited``; ``reversed`` (credited, then a void took it back);
            ``voided`` (its void came first: never credited).
  void:     ``void_applied`` (reversed a credit, or stopped one that came later);
            ``void_waiting`` (its recharge has not arrived yet).

Each result carries ``evidence``: what the server did, in the fields the
server signs (see :mod:`server.batches`).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from collections.abc import Iterable
from typing import Any, Protocol

import orjson

from counter_app import canonical
from server import journal_arrival
from server.journal_arrival import JournalTx, utc_time

# The fields that make a transaction what it is; a resend must match them all.
CONTENT_FIELDS = ("txn_id", "kind", "ref_txn_id", "counter_id", "receipt_no", "receipt_seq",
                  "consumer_no", "amount_paise", "created_at")


@dataclass(frozen=True)
class Rules:
    """The server's settings for what it accepts."""

    max_amount_paise: int = 1_99_999_00
    # A receipt number further past the counter's last than this is refused:
    # nobody takes 100,000 recharges between two syncs, and a made-up number would otherwise
    # become the counter's "last receipt" that a restored counter skips to.
    max_receipt_jump: int = 100_000
    # created_at outside [server clock - behind, server clock + ahead] is accepted and flagged in the
    # audit, never refused: the money was taken. Behind is long because a counter may be offline weeks.
    clock_ahead_s: int = 3600
    clock_behind_s: int = 45 * 86400


@dataclass(frozen=True)
class BatchApplied:
    results: list[dict[str, Any]]
    journal_ack: dict[str, Any] = field(default_factory=dict)


class Tx(JournalTx, Protocol):
    """One open write transaction of a store, bound to one counter: every lookup is that counter's."""

    now: str
    counter_id: str

    def get_txn(self, txn_id: str) -> dict[str, Any] | None: ...
    def waiting_void_for(self, txn_id: str) -> dict[str, Any] | None: ...
    def txn_id_elsewhere(self, txn_id: str) -> bool:
        """Does another counter hold this txn_id? Only a yes or no, only to refuse a void naming it."""
    def recharge_numbered(self, receipt_seq: int) -> str | None:
        """The txn_id of this counter's recharge with that receipt number, if any."""
    def last_receipt_seq(self) -> int:
        """This counter's highest receipt number held (credited or rejected), this transaction's included."""
    def recharge_entry_held(self, txn_id: str) -> bool:
        """Does this counter's journal on the server hold a recharge entry for txn_id?"""
    def consumer_balance(self, consumer_no: str) -> int | None: ...
    def add_balance(self, consumer_no: str, delta_paise: int) -> int: ...
    def next_server_ref(self) -> str: ...
    def insert_txn(self, row: dict[str, Any]) -> None: ...
    def update_txn(self, txn_id: str, **changes: Any) -> None: ...
    def record_rejection(self, item: dict[str, Any], reason: str) -> None: ...


def signed_bytes(item: dict[str, Any]) -> bytes:
    """What the counter signed: the canonical JSON of the item without its signature.

    ``plain``: the strict request model let through only text, integers and null.
    """
    return canonical.to_bytes({k: v for k, v in item.items() if k not in ("signature", "fingerprint")}, plain=True)


def fingerprint(item: dict[str, Any]) -> str:
    """The identity of a transaction's content: a resend is byte-for-byte what was signed the first time.

    The verifier computes it from the bytes it checked and puts it on the item,
    so each item is serialised once.
    """
    if "fingerprint" not in item:
        item["fingerprint"] = hashlib.sha256(signed_bytes(item)).hexdigest()
    return item["fingerprint"]


def credible_last_receipt(sorted_seqs: Iterable[int], max_jump: int) -> int:
    """The counter's last receipt number a restored counter may continue after (``GET /counters/me``).

    The numbers in ascending order, up to the first one further than
    ``max_jump`` past the one before it: a made-up number kept before the server
    checked them (10**12) must not make a restored counter skip there.
    """
    last = 0
    for seq in sorted_seqs:
        if seq > last + max_jump:
            break
        last = seq
    return last


def evidence(counter_id: str, item: dict[str, Any], outcome: str, server_ref: str | None,
             at: str) -> dict[str, Any]:
    """What the server signs about one item (PROTOCOL: the signed server result)."""
    return {"counter_id": counter_id, "txn_id": item["txn_id"], "kind": item["kind"],
            "amount_paise": item["amount_paise"], "outcome": outcome, "server_ref": server_ref, "at": at}


def rejection(counter_id: str, item: dict[str, Any], reason: str, message: str, at: str) -> dict[str, Any]:
    return {"txn_id": item["txn_id"], "status": "rejected", "reason": reason, "message": message,
            "evidence": evidence(counter_id, item, "rejected", None, at)}


def _answer(tx: Tx, row: dict[str, Any], status: str) -> dict[str, Any]:
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
    # The row's status names the outcome: credited, voided, reversed, void_applied, void_waiting.
    result["evidence"] = evidence(tx.counter_id, row, row["status"], row["server_ref"], tx.now)
    return result


def read_payload(text: str) -> Any:
    """``json.loads(text)``, exactly, read by orjson where the two agree (several times faster).

    They differ only where orjson refuses what json takes (NaN, Infinity, a lone
    surrogate: an error, so json reads it) and on an integer past 64 bits, which
    orjson reads as a float: a value holding any float is read again by json,
    which gives the float the same (both round correctly) and the integer exactly.
    Our counters write neither; a made-up payload gets what it always got. (The
    walk for a float costs a fifth of the search for a run of 19 digits it replaces.)
    """
    try:
        value = orjson.loads(text)
    except orjson.JSONDecodeError:
        return json.loads(text)
    return json.loads(text) if _holds_float(value) else value


def _holds_float(value: Any) -> bool:
    if type(value) is dict:
        values = value.values()
    elif type(value) is list:
        values = value
    else:
        return type(value) is float
    kinds = set(map(type, values))  # one pass in C; a flat payload (ours) needs no more
    if float in kinds:
        return True
    return (dict in kinds or list in kinds) and any(_holds_float(v) for v in values if type(v) in (dict, list))


def journal_mismatch(item: dict[str, Any]) -> str | None:
    """Why the item's journal entry does not describe the item (the end of a sentence), or None."""
    entry = item["journal"]
    if item["kind"] == "recharge":
        if entry["kind"] != "recharge" or entry["ref"] != item["txn_id"]:
            return "journal entry is not this recharge's"
        try:
            payload = read_payload(entry["payload"])
        except (ValueError, RecursionError):
            return "journal entry's payload is not JSON"
        if not isinstance(payload, dict):
            return "journal entry's payload is not an object"
        for key in CONTENT_FIELDS:
            if key in payload and key not in ("kind", "ref_txn_id") and payload[key] != item[key]:
                return f"{key} differs from its journal entry"
    elif entry["kind"] != "void" or entry["ref"] != item["ref_txn_id"]:
        return "journal entry is not this void's"
    return None


def apply_batch(tx: Tx, items: list[dict[str, Any]], journal: list[dict[str, Any]], rules: Rules) -> BatchApplied:
    """Apply verified items (and keep the journal entries between them) inside ``tx``; one result per item.

    ``journal`` holds the batch's other entries, and those of items that were
    not verified: the chain is checked through its hashes, not the signatures.
    """
    refused = journal_arrival.receive(tx, [item["journal"] for item in items] + journal)
    results = [apply_item(tx, item, rules, journal_arrival.entry_problem(refused, item["journal"]))
               for item in items]
    seq, digest = tx.journal_head()
    return BatchApplied(results, {"counter_id": tx.counter_id, "seq": seq, "hash": digest, "at": tx.now})


def apply_item(tx: Tx, item: dict[str, Any], rules: Rules, entry_problem: str | None = None) -> dict[str, Any]:
    """Apply one verified item inside ``tx``; return its result."""
    known = tx.get_txn(item["txn_id"])
    if known is not None:
        if known["fingerprint"] != fingerprint(item):
            return rejection(tx.counter_id, item, "conflict",
                             "This txn_id is known with different content; nothing changed.", tx.now)
        return _answer(tx, known, "duplicate")
    if item.get("retired_key"):
        return rejection(tx.counter_id, item, "bad_signature", "The transaction is signed with a key that was "
                         "retired; only what the server already holds verifies with it.", tx.now)
    last = tx.last_receipt_seq()
    if item["receipt_seq"] > last + rules.max_receipt_jump:
        # Not recorded: a made-up number must not become the counter's "last receipt".
        return rejection(tx.counter_id, item, "invalid", f"receipt_seq {item['receipt_seq']} is more than "
                         f"{rules.max_receipt_jump:,} past this counter's last receipt number on the server "
                         f"({last}).", tx.now)
    problem = entry_problem or journal_mismatch(item)
    if problem:
        return _reject_and_record(tx, item, "journal_mismatch", f"The transaction's {problem}.")
    if utc_time(item["created_at"]) is None:
        return _reject_and_record(tx, item, "invalid", f"created_at {item['created_at']!r} is not a valid UTC "
                                  "timestamp (YYYY-MM-DDTHH:MM:SSZ).")
    if not 0 < item["amount_paise"] <= rules.max_amount_paise:
        return _reject_and_record(tx, item, "invalid_amount",
                                  f"Amount {item['amount_paise']} paise is outside 1..{rules.max_amount_paise}.")
    if item["kind"] == "recharge":
        return _recharge(tx, item, rules)
    return _void(tx, item, rules)


def _reject_and_record(tx: Tx, item: dict[str, Any], reason: str, message: str) -> dict:
    tx.record_rejection(item, reason)
    return rejection(tx.counter_id, item, reason, message, tx.now)


def _time_flag(tx: Tx, created_at: str, rules: Rules) -> str | None:
    """'ahead' or 'behind' when created_at is outside the server clock's window: flagged, never refused."""
    moment, now = utc_time(created_at), utc_time(tx.now)
    assert moment is not None and now is not None
    offset = (moment - now).total_seconds()
    if offset > rules.clock_ahead_s:
        return "ahead"
    if -offset > rules.clock_behind_s:
        return "behind"
    return None


def _row(tx: Tx, item: dict[str, Any], status: str, balance: int | None, rules: Rules, *,
         credited: bool = False) -> dict[str, Any]:
    return {**{k: item[k] for k in CONTENT_FIELDS}, "fingerprint": fingerprint(item),
            "server_ref": tx.next_server_ref(), "status": status, "received_at": tx.now,
            "credited_at": tx.now if credited else None, "reversed_at": None, "reversed_by": None,
            "balance_after_paise": balance, "signature": item["signature"],
            "time_flag": _time_flag(tx, item["created_at"], rules)}


def _recharge(tx: Tx, item: dict[str, Any], rules: Rules) -> dict[str, Any]:
    if item["ref_txn_id"] != item["txn_id"]:
        return _reject_and_record(tx, item, "invalid", "A recharge's ref_txn_id must be its own txn_id.")
    numbered = tx.recharge_numbered(item["receipt_seq"])
    if numbered is not None:
        return rejection(tx.counter_id, item, "conflict", f"Receipt number {item['receipt_seq']} of this counter "
                         f"is already recharge {numbered}; a receipt number is used once. Nothing changed.", tx.now)
    balance = tx.consumer_balance(item["consumer_no"])
    if balance is None:
        return _reject_and_record(tx, item, "unknown_consumer", f"No consumer {item['consumer_no']} on the server.")
    void = tx.waiting_void_for(item["txn_id"])
    if void is not None:
        row = _row(tx, item, "voided", balance, rules)
        tx.insert_txn(row)
        tx.update_txn(void["txn_id"], status="void_applied")
        return _answer(tx, row, "accepted")
    row = _row(tx, item, "credited", tx.add_balance(item["consumer_no"], item["amount_paise"]), rules,
               credited=True)
    tx.insert_txn(row)
    return _answer(tx, row, "accepted")


def _void(tx: Tx, item: dict[str, Any], rules: Rules) -> dict[str, Any]:
    original = tx.get_txn(item["ref_txn_id"])
    if original is None:
        if tx.txn_id_elsewhere(item["ref_txn_id"]):
            return _reject_and_record(tx, item, "conflict", "The void names a transaction of another counter; a "
                                      "counter may only void its own recharges. Nothing changed.")
        if tx.waiting_void_for(item["ref_txn_id"]) is not None:
            return _reject_and_record(tx, item, "already_voided",
                                      "Another void of this recharge is already recorded.")
        if not tx.recharge_entry_held(item["ref_txn_id"]):
            return _reject_and_record(tx, item, "conflict", f"The void names recharge {item['ref_txn_id']}, which "
                                      "is not in this counter's journal on the server; a counter may only void "
                                      "its own recharges. Nothing changed.")
        row = _row(tx, item, "void_waiting", None, rules)
        tx.insert_txn(row)
        return _answer(tx, row, "accepted")
    if (original["kind"] != "recharge" or original["consumer_no"] != item["consumer_no"]
            or original["amount_paise"] != item["amount_paise"]
            or original["receipt_seq"] != item["receipt_seq"]):
        return _reject_and_record(tx, item, "conflict",
                                  "The void does not match the recharge it names (consumer, amount or receipt).")
    if original["status"] != "credited":
        return _reject_and_record(tx, item, "already_voided",
                                  f"Recharge {original['txn_id']} is already {original['status']}.")
    balance = tx.add_balance(original["consumer_no"], -original["amount_paise"])
    row = _row(tx, item, "void_applied", balance, rules)
    row["reversed_at"] = tx.now
    tx.insert_txn(row)
    tx.update_txn(original["txn_id"], status="reversed", reversed_at=tx.now, reversed_by=item["txn_id"])
    return _answer(tx, row, "accepted")
