"""``counter-server audit --signatures``: every stored transaction against every key its counter has had.

What the counter signed is the transaction's content with its journal entry
(:func:`server.crediting.signed_bytes`); the server kept both, and the SHA-256
of those bytes as ``fingerprint``. So a row changed on the server (an amount
edited in the database) no longer matches its fingerprint, and a row whose
fingerprint was recomputed too no longer verifies. Retired keys are kept for
exactly this: what a counter signed before its key was retired still verifies.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from typing import Any

from server.crediting import CONTENT_FIELDS, signed_bytes
from server.verify import Verifier

JOURNAL_FIELDS = ("seq", "at", "kind", "actor", "ref", "payload", "prev_hash", "hash")


def recharge_join_sql(txn_columns: Iterable[str], mark: str) -> str:
    """A counter's transactions, each joined to the recharge entries that may be its own, ordered by txn_id.

    ``mark`` is the store's placeholder (``?`` or ``%s``). A void's entries come
    from :func:`void_entries_sql` (one scan of the counter's void entries).
    """
    return (f"SELECT {', '.join('t.' + c for c in txn_columns)}, {', '.join('j.' + c for c in JOURNAL_FIELDS)} "
            "FROM transactions t LEFT JOIN journal j ON t.kind = 'recharge' AND j.counter_id = t.counter_id "
            f"AND j.kind = 'recharge' AND j.ref = t.txn_id WHERE t.counter_id = {mark} ORDER BY t.txn_id")


def void_entries_sql(mark: str) -> str:
    return f"SELECT {', '.join(JOURNAL_FIELDS)} FROM journal WHERE counter_id = {mark} AND kind = 'void'"


def grouped(joined: Iterable[tuple], txn_columns: tuple[str, ...],
            voids: Iterable[tuple]) -> Iterator[tuple[dict[str, Any], list[dict[str, Any]]]]:
    """Rows of the two queries above -> (transaction, the journal entries that may be its own)."""
    by_ref: dict[str, list[dict[str, Any]]] = {}
    for row in voids:
        entry = dict(zip(JOURNAL_FIELDS, row))
        by_ref.setdefault(entry["ref"], []).append(entry)
    width = len(txn_columns)
    current: dict[str, Any] | None = None
    entries: list[dict[str, Any]] = []
    for row in joined:
        txn = dict(zip(txn_columns, row[:width]))
        if current is None or txn["txn_id"] != current["txn_id"]:
            if current is not None:
                yield current, entries
            current = txn
            entries = list(by_ref.get(txn["ref_txn_id"], [])) if txn["kind"] == "void" else []
        if row[width] is not None:
            entries.append(dict(zip(JOURNAL_FIELDS, row[width:])))
    if current is not None:
        yield current, entries


def findings(rows: Iterable[tuple[dict[str, Any], list[dict[str, Any]]]], key_pems: list[str],
             verifier: Verifier) -> list[str]:
    """Rows of (transaction with fingerprint and signature, the journal entries that may be its own)."""
    found: list[str] = []
    signed: list[dict[str, Any]] = []
    for row, entries in rows:
        content = {k: row[k] for k in CONTENT_FIELDS}
        match = None
        for entry in entries:
            candidate = {**content, "journal": {k: entry[k] for k in JOURNAL_FIELDS}}
            if hashlib.sha256(signed_bytes(candidate)).hexdigest() == row["fingerprint"]:
                match = candidate
                break
        if match is None:
            found.append(f"{row['txn_id']}: its content is not what the counter signed (changed on the server?)")
            continue
        signed.append({**match, "signature": row["signature"]})
    for pem in key_pems:
        if not signed:
            break
        signed = [item for item, ok in zip(signed, verifier.check(pem, signed)) if not ok]
    found += [f"{item['txn_id']}: the signature verifies with none of the counter's keys" for item in signed]
    return found
