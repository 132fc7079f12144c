"""Checking each counter journal entry as it arrives, the same for every store.

An entry is kept only if its hash is the hash of its content
(:func:`counter_app.journal.entry_hash`, the counter's own rule) and it follows
what the server holds of that counter's chain: entry 1 starts from the genesis
hash, no later entry does, and when the server holds entries numbered one
below, the new entry's ``prev_hash`` is one of theirs. When it holds none there
(they have not arrived, or never will), the entry is kept as a gap, which the
audit reports. An entry far past the last one held is such a gap too, not a
refusal: a counter that comes to a new server mid-life sends its chain from
where it is, and its money must not be refused for that. An entry already held is simply held again (a resend).

Entries that link back to entry 1 without a gap are ``linked``; each counter's
newest linked entry is its journal head, the ``journal_ack`` the server signs:
"I hold your chain, unbroken, up to here".
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
from dataclasses import dataclass
from typing import Any, Protocol

from counter_app import journal as chain

log = logging.getLogger(__name__)

UTC_SUFFIXES = ("Z", "+00:00")


@dataclass(frozen=True)
class HeldEntry:
    seq: int
    hash: str
    prev_hash: str
    linked: bool


class JournalTx(Protocol):
    """The journal side of a store's write transaction; every call is about the transaction's own counter."""

    counter_id: str

    def held_entries(self, seq: int) -> list[HeldEntry]:
        """The counter's entries numbered ``seq`` (held before, or added in this transaction)."""

    def add_entry(self, entry: dict[str, Any], *, linked: bool) -> None: ...

    def unlinked_above(self, seq: int) -> list[HeldEntry]:
        """The counter's entries numbered above ``seq`` that are not linked, in seq order."""

    def mark_linked(self, seq: int, digest: str) -> None: ...

    def journal_head(self) -> tuple[int, str]: ...

    def set_journal_head(self, seq: int, digest: str) -> None: ...


def utc_time(text: str) -> dt.datetime | None:
    """The moment a well-formed UTC timestamp names, or None (``2026-13-45T99:99:99Z`` is None)."""
    return _utc_time(text) if isinstance(text, str) else None


@functools.lru_cache(maxsize=8192)
def _utc_time(text: str) -> dt.datetime | None:
    # Cached: a batch asks about the same few moments (its own time, the items' times) thousands of times.
    if not isinstance(text, str) or not text.endswith(UTC_SUFFIXES):
        return None
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None


def _problem(tx: JournalTx, entry: dict[str, Any]) -> str | None:
    """Why this entry cannot be kept, as the end of a sentence, or None."""
    seq, prev_hash = entry["seq"], entry["prev_hash"]
    if chain.entry_hash(seq, entry["at"], entry["kind"], entry["actor"], entry["ref"], entry["payload"],
                        prev_hash) != entry["hash"]:
        return f"journal entry {seq} does not match its hash (its content was changed or made up)"
    held_here = tx.held_entries(seq)
    if any(h.hash == entry["hash"] for h in held_here):
        return None  # a resend of an entry the server holds
    if utc_time(entry["at"]) is None:
        return f"journal entry {seq} has a time that is not a valid UTC timestamp"
    if seq == 1:
        return None if prev_hash == chain.GENESIS else "journal entry 1 does not start from the genesis hash"
    if prev_hash == chain.GENESIS:
        return f"journal entry {seq} claims to start the chain, which only entry 1 does"
    before = tx.held_entries(seq - 1)
    if before and prev_hash not in {h.hash for h in before}:
        return f"journal entry {seq} does not follow entry {seq - 1} as the server holds it"
    return None


def _links(tx: JournalTx, entry: dict[str, Any]) -> bool:
    if entry["seq"] == 1:
        return True
    return any(h.linked and h.hash == entry["prev_hash"] for h in tx.held_entries(entry["seq"] - 1))


def receive(tx: JournalTx, entries: list[dict[str, Any]]) -> dict[tuple[int, str], str]:
    """Check and keep a batch's entries (in seq order); return the refused ones: (seq, hash) -> why.

    Then move the counter's journal head to the newest entry this batch linked,
    following entries held as gaps that the batch has now joined up.
    """
    refused: dict[tuple[int, str], str] = {}
    newly_linked: dict[int, set[str]] = {}
    for entry in sorted(entries, key=lambda e: e["seq"]):
        key = (entry["seq"], entry["hash"])
        if key in refused:
            continue
        problem = _problem(tx, entry)
        if problem:
            log.warning("counter %s: %s; not kept", tx.counter_id, problem)
            refused[key] = problem
            continue
        if any(h.hash == entry["hash"] for h in tx.held_entries(entry["seq"])):
            continue
        linked = _links(tx, entry)
        tx.add_entry(entry, linked=linked)
        if linked:
            newly_linked.setdefault(entry["seq"], set()).add(entry["hash"])
    if newly_linked:
        head = _fill_gaps(tx, newly_linked)
        if head[0] >= 1:
            tx.set_journal_head(*head)
    return refused


def _fill_gaps(tx: JournalTx, newly_linked: dict[int, set[str]]) -> tuple[int, str]:
    """Link held entries that follow the newly linked ones; return the newest linked (seq, hash)."""
    for held in tx.unlinked_above(min(newly_linked)):
        if held.prev_hash in newly_linked.get(held.seq - 1, ()):
            tx.mark_linked(held.seq, held.hash)
            newly_linked.setdefault(held.seq, set()).add(held.hash)
    seq = max(newly_linked)
    return seq, sorted(newly_linked[seq])[0]


def entry_problem(refused: dict[tuple[int, str], str], entry: dict[str, Any]) -> str | None:
    return refused.get((entry["seq"], entry["hash"]))
