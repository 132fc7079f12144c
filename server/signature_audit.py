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
from collections.abc import Iterable
from typing import Any

from server.crediting import CONTENT_FIELDS, signed_bytes
from server.verify import Verifier

JOURNAL_FIELDS = ("seq", "at", "kind", "actor", "ref", "payload", "prev_hash", "hash")


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
