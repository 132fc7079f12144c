"""The one path by which a counter's signed messages become credits.

Used by ``POST /api/v1/recharges/batch`` and by ``counter-server import`` (the
transfer file carried from a counter on a USB stick), so both give the same
answers and the same idempotency: a message applied through one is a
``duplicate`` through the other.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from counter_app import canonical, clock
from server import crediting
from server.server_key import ServerKey
from server.store import CounterRecord, NotVerified, Store
from server.verify import Verifier

log = logging.getLogger(__name__)


class BatchRefused(Exception):
    """The whole batch is refused, nothing applied."""

    def __init__(self, status: int, error: str, message: str) -> None:
        super().__init__(message)
        self.status, self.error, self.message = status, error, message


@dataclass(frozen=True)
class SignedBatch:
    """The answer to a batch: the results with their signed evidence, and the signed journal head.

    The evidence is signed one of two ways (PROTOCOL, docs/sync.md): each result's
    ``server_sig``, or, when the counter asked for it, one ``evidence_batch``
    (the SHA-256 of each result's canonical evidence, in order) and its
    ``evidence_batch_sig``. Both prove the same; one signature per batch costs
    the server one signing and the counter one check instead of a thousand.
    """

    results: list[dict[str, Any]]
    journal_ack: dict[str, Any]
    journal_ack_sig: str
    evidence_batch: dict[str, Any] | None = None
    evidence_batch_sig: str | None = None

    def as_json(self) -> dict[str, Any]:
        answer = {"results": self.results, "journal_ack": self.journal_ack, "journal_ack_sig": self.journal_ack_sig}
        if self.evidence_batch is not None:
            answer.update(evidence_batch=self.evidence_batch, evidence_batch_sig=self.evidence_batch_sig)
        return answer


def _retired_pems(store: Store, me: CounterRecord) -> list[str]:
    return [k.public_key_pem for k in store.counter_keys(me.counter_id) if k.retired_at is not None]


def checks_begun(verifier: Verifier, me: CounterRecord, items: list[dict[str, Any]]) -> Callable[[], list[bool]]:
    """Refuse a batch this counter may not send at all, then begin checking its signatures.

    The checks run on the verifier's threads or helper processes; the function
    returned waits for their answers, one per item.
    """
    if me.revoked_at:
        raise BatchRefused(401, "revoked", f"Counter {me.counter_id} was revoked on {me.revoked_at}. "
                           "Nothing was applied.")
    strangers = sorted({item["counter_id"] for item in items} - {me.counter_id})
    if strangers:
        raise BatchRefused(403, "wrong_counter", f"This token belongs to counter {me.counter_id}; it cannot send "
                           f"transactions of {', '.join(strangers)}. Nothing was applied.")
    if not me.public_key_pem:
        raise BatchRefused(409, "key_not_registered", f"Counter {me.counter_id} has no registered key; "
                           "POST it to /api/v1/counters/me/key first. Nothing was applied.")
    return verifier.start(me.public_key_pem, items)


def apply_signed(store: Store, verifier: Verifier, me: CounterRecord, items: list[dict[str, Any]],
                 journal: list[dict[str, Any]], server_key: ServerKey, *,
                 one_signature: bool = False, checking: Callable[[], list[bool]] | None = None) -> SignedBatch:
    """Check every signature with the counter's registered key, then apply the good ones in one transaction.

    One result per item, in order; a bad signature rejects that item only. An
    item that verifies only with one of the counter's retired keys may still be
    answered ``duplicate`` (the server holds exactly those bytes), never applied
    anew. Every result gets ``server_sig`` over its ``evidence``; with
    ``one_signature``, the batch gets one ``evidence_batch_sig`` instead. ``checking``: the batch's
    :func:`checks_begun`, when the caller began them earlier (a batch that waited for the one before it).
    """
    # The signatures are checked on the verifier's threads while the batch is applied here, and the
    # transaction commits only once every one has checked: a batch of good signatures (all but an
    # attacker's) costs the check's time only where it overlaps the writes. One bad signature rolls the
    # whole attempt back; then the batch runs again the slow way below, bad items rejected one by one.
    if checking is None:
        checking = checks_begun(verifier, me, items)
    now = clock.now_iso()
    try:
        applied = store.apply_batch(me, items, journal, before_commit=lambda: all(checking()))
        results: list[dict[str, Any] | None] = list(applied.results)
    except NotVerified:
        applied, results = _apply_verified(store, verifier, me, items, journal, checking(), now)
    ack_sig = server_key.sign(applied.journal_ack)
    if one_signature:
        manifest = {"counter_id": me.counter_id, "at": now,
                    "digests": [canonical.sha256_hex(result["evidence"], plain=True) for result in results]}  # type: ignore[index]
        return SignedBatch(results, applied.journal_ack, ack_sig, manifest, server_key.sign(manifest))  # type: ignore[arg-type]
    signatures = verifier.map(lambda result: server_key.sign(result["evidence"]), results)
    for result, signature in zip(results, signatures):
        result["server_sig"] = signature  # type: ignore[index]
    return SignedBatch(results, applied.journal_ack, ack_sig)  # type: ignore[arg-type]


def _apply_verified(store: Store, verifier: Verifier, me: CounterRecord, items: list[dict[str, Any]],
                    journal: list[dict[str, Any]], checked: list[bool],
                    now: str) -> tuple[crediting.BatchApplied, list[dict[str, Any] | None]]:
    """Apply only the items whose signature checked (an item that checks only with a retired key is
    marked so); each other item gets a signed ``bad_signature`` rejection."""
    verified, results = [], [None] * len(items)
    unverified_entries = []
    retired: list[str] | None = None
    for index, (item, ok) in enumerate(zip(items, checked)):
        if not ok:
            retired = _retired_pems(store, me) if retired is None else retired
            if any(verifier.check(pem, [item])[0] for pem in retired):
                item["retired_key"] = True
                ok = True
        if ok:
            verified.append((index, item))
        else:
            log.warning("counter %s: bad signature on %s", me.counter_id, item["txn_id"])
            results[index] = crediting.rejection(me.counter_id, item, "bad_signature",
                                                 "The signature does not verify with this counter's key.", now)
            # Its journal entry is still part of the counter's chain, checked by its hashes like any other.
            unverified_entries.append(item["journal"])
    applied = store.apply_batch(me, [item for _, item in verified], journal + unverified_entries)
    for (index, _), result in zip(verified, applied.results):
        results[index] = result
    return applied, results
