"""The one path by which a counter's signed messages become credits.

Used by ``POST /api/v1/recharges/batch`` and by ``counter-server import`` (the
transfer file carried from a counter on a USB stick), so both give the same
answers and the same idempotency: a message applied through one is a
``duplicate`` through the other.
"""

from __future__ import annotations

import logging
from typing import Any

from server.store import CounterRecord, Store
from server.verify import Verifier

log = logging.getLogger(__name__)


class BatchRefused(Exception):
    """The whole batch is refused, nothing applied."""

    def __init__(self, status: int, error: str, message: str) -> None:
        super().__init__(message)
        self.status, self.error, self.message = status, error, message


def apply_signed(store: Store, verifier: Verifier, me: CounterRecord, items: list[dict[str, Any]],
                 journal: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Check every signature with the counter's registered key, then apply the good ones in one transaction.

    One result per item, in order; a bad signature rejects that item only.
    """
    strangers = sorted({item["counter_id"] for item in items} - {me.counter_id})
    if strangers:
        raise BatchRefused(403, "wrong_counter", f"This token belongs to counter {me.counter_id}; it cannot send "
                           f"transactions of {', '.join(strangers)}. Nothing was applied.")
    if not me.public_key_pem:
        raise BatchRefused(409, "key_not_registered", f"Counter {me.counter_id} has no registered key; "
                           "POST it to /api/v1/counters/me/key first. Nothing was applied.")
    verified, results = [], [None] * len(items)
    for index, (item, ok) in enumerate(zip(items, verifier.check(me.public_key_pem, items))):
        if ok:
            verified.append((index, item))
        else:
            log.warning("counter %s: bad signature on %s", me.counter_id, item["txn_id"])
            results[index] = {"txn_id": item["txn_id"], "status": "rejected", "reason": "bad_signature",
                              "message": "The signature does not verify with this counter's key."}
    applied = store.apply_batch(me, [item for _, item in verified], journal) if verified else []
    for (index, _), result in zip(verified, applied):
        results[index] = result
    return results  # type: ignore[return-value]
