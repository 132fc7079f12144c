"""The server's signed word: what makes a row ``confirmed`` evidence rather than a state anyone can type.

The server signs each result's ``evidence`` ({counter_id, txn_id, kind,
amount_paise, outcome, server_ref, at}), one by one or as one signed list of
their SHA-256 digests per batch (``evidence_batch``), and each batch's ``journal_ack``
({counter_id, seq, hash, at}) with its Ed25519 key; the counter pinned that
key's public part at setup (``keystore.pin_server_key``), outside the database.
A row is ``confirmed`` only on a validly signed ``credited`` for that txn_id and
amount (or, for a void, ``void_applied``); any other outcome is ``disputed``,
with the server's words, for a supervisor. ``verify`` re-checks every
confirmed row's stored evidence against the pinned key.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from counter_app import canonical, keystore, signing
from counter_app.errors import KnownError
from counter_app.i18n import N_, _

# What each kind of message needs the server to have done, to be settled.
SETTLES = {"recharge": "credited", "void": "void_applied"}
# A recharge this counter voided itself ends reversed (credited, then the void took it back)
# or voided (the void came first): what was asked for, so it is settled too.
SETTLES_AFTER_OWN_VOID = ("reversed", "voided")
OUTCOMES = ("credited", "voided", "reversed", "void_applied", "void_waiting", "rejected")


@dataclass(frozen=True)
class Verdict:
    """What one answer means for its outbox row."""
    state: str                 # confirmed, rejected, disputed; "" = not answered (stays open)
    outcome: str | None
    evidence: str | None       # the canonical JSON that was signed, stored as received
    server_sig: str | None
    words: str | None = None   # the server's words (rejected, disputed)


def key_id(public_key_pem: str) -> str:
    """The first 16 hex digits of the SHA-256 of the raw public key (the server's ``key_id``)."""
    from cryptography.hazmat.primitives import serialization

    raw = signing.load_public_key(public_key_pem).public_bytes(serialization.Encoding.Raw,
                                                              serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def check_server_key(pem: Any, *, claimed_id: Any = None, where: str = "the server") -> str:
    """A PEM that is an Ed25519 public key (and matches its key_id when one is given), or KnownError."""
    try:
        if not isinstance(pem, str):
            raise ValueError("not text")
        found_id = key_id(pem)
    except ValueError:
        raise KnownError(_("The server key from {where} is not an Ed25519 public key in PEM form; ask IT for "
                           "the server's key file and run setup with --server-key-file PATH.").format(
                               where=where)) from None
    if claimed_id is not None and claimed_id != found_id:
        raise KnownError(_("The server key from {where} does not match its own key_id; it was not pinned.").format(
            where=where))
    return pem.strip() + "\n"


def read_server_key_file(path: Path) -> str:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise KnownError(_("Cannot read the server key file {path}: {value}.").format(
            path=path, value=getattr(exc, 'strerror', None) or exc)) \
            from None
    return check_server_key(text, where=str(path))


_public_keys: dict[str, Any] = {}


def pinned_key(data_dir: Path | None):
    """The pinned server public key of this data folder, or None when none is pinned."""
    if data_dir is None:
        return None
    pem = keystore.server_key_pem(data_dir)
    if not pem:
        return None
    if pem not in _public_keys:
        _public_keys[pem] = signing.load_public_key(pem)
    return _public_keys[pem]


def signed_ok(public_key: Any, value: Any, signature: Any) -> bool:
    return (public_key is not None and isinstance(value, dict) and isinstance(signature, str)
            and signing.verify_object(public_key, value, signature))


def checker(public_key: Any) -> Callable[[dict], str | None]:
    """For one result: the canonical text of its evidence when the server's signature over it checks, else None.

    Made once per sync; the send loop runs it while the next batch is already
    on the wire, so libsodium's checks overlap the server's work on that batch.
    """
    verify = signing.fast_verifier(public_key) if public_key is not None else None

    def check(result: dict) -> str | None:
        found, signature = result.get("evidence"), result.get("server_sig")
        if verify is None or not isinstance(found, dict) or not isinstance(signature, str):
            return None
        text = canonical.dumps(found)
        return text if verify(text.encode("utf-8"), signature) else None

    return check


def answer_checker(public_key: Any) -> Callable[[dict], list[str | None]]:
    """For one batch answer: :func:`checker`'s verdict on each result, however the server signed them.

    An answer with ``evidence_batch`` is signed once: its signature is checked
    once, and each result's evidence counts when its SHA-256 is in the signed
    list. An answer without it (a server from before batch signatures) is
    checked result by result.
    """
    one_by_one = checker(public_key)

    def check_answer(answer: dict) -> list[str | None]:
        results = answer.get("results") or []
        if not batch_signed(answer):
            return [one_by_one(result) for result in results]
        held = batch_digests(public_key, answer.get("evidence_batch"), answer.get("evidence_batch_sig"))
        texts = []
        for result in results:
            found = result.get("evidence")
            text = canonical.dumps(found) if isinstance(found, dict) else None
            texts.append(text if text is not None and _digest(text) in held else None)
        return texts

    return check_answer


def batch_signed(answer: dict) -> bool:
    """Does this answer sign its evidence once for the batch (``evidence_batch``), not result by result?"""
    return "evidence_batch" in answer or "evidence_batch_sig" in answer


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def batch_digests(public_key: Any, manifest: Any, signature: Any) -> frozenset[str]:
    """The evidence digests a batch signature vouches for; empty when the signature does not check."""
    if not signed_ok(public_key, manifest, signature) or not isinstance(manifest.get("digests"), list):
        return frozenset()
    return frozenset(d for d in manifest["digests"] if isinstance(d, str))


def judge(result: dict, *, counter_id: str, txn_id: str, kind: str, amount_paise: int, own_void: bool,
          checked: str | None) -> Verdict:
    """What the server's answer about one of our messages proves (``checked``: what :func:`checker` said).

    An answer whose signature does not check (or that is about another
    transaction, counter or amount) proves nothing: the row stays open and
    is sent again, as if the answer had been lost.
    """
    if checked is None:
        return Verdict("", None, None, None)
    found = result["evidence"]
    if (found.get("txn_id"), found.get("counter_id"), found.get("kind"), found.get("amount_paise")) != \
            (txn_id, counter_id, kind, amount_paise):
        return Verdict("", None, None, None)
    outcome = found.get("outcome")
    signature = result.get("server_sig")  # None when the answer's evidence_batch_sig covers it
    words = str(result.get("message") or result.get("reason") or "")[:500] or None
    if outcome == "rejected":
        return Verdict("rejected", outcome, checked, signature, words)
    if outcome == SETTLES.get(kind) or (kind == "recharge" and own_void and outcome in SETTLES_AFTER_OWN_VOID):
        return Verdict("confirmed", outcome, checked, signature)
    # Stored in English (the database outlives the language chosen today); marked for the catalog, translated where shown.
    said = words or _OUTCOME_WORDS.get(outcome, f"the server says {outcome!r}")
    return Verdict("disputed", outcome, checked, signature, said)


_OUTCOME_WORDS = {
    "voided": N_("The server recorded this recharge as voided and never credited it, but this counter did not "
                  "void it."),
    "reversed": N_("The server credited this recharge and then reversed it, but this counter did not void it."),
    "void_waiting": N_("The server holds this void waiting for a recharge it has not received."),
    "credited": N_("The server credited a recharge this counter sent as a void."),
}


def confirms(evidence_text: str | None, server_sig: str | None, *, counter_id: str, txn_id: str, kind: str,
             amount_paise: int, own_void: bool, public_key: Any, batch: frozenset[str] = frozenset()) -> bool:
    """Does a stored confirmation still hold: the server's signature, for this txn_id, amount and outcome?

    The signature is the row's own ``server_sig``, or its batch's: then
    ``batch`` holds what :func:`batch_digests` found in the batch's signed list.
    """
    if not evidence_text or public_key is None or not (server_sig or batch):
        return False
    try:
        found = json.loads(evidence_text)
    except ValueError:
        return False
    if server_sig and not signed_ok(public_key, found, server_sig):
        return False
    if not server_sig and (_digest(evidence_text) not in batch or canonical.dumps(found) != evidence_text):
        return False
    if (found.get("txn_id"), found.get("counter_id"), found.get("kind"), found.get("amount_paise")) != \
            (txn_id, counter_id, kind, amount_paise):
        return False
    outcome = found.get("outcome")
    return outcome == SETTLES.get(kind) or (kind == "recharge" and own_void and outcome in SETTLES_AFTER_OWN_VOID)


def journal_ack(answer: dict, *, counter_id: str, public_key: Any) -> dict | None:
    """The batch's signed journal acknowledgement, when it is the server's and about this counter."""
    ack, signature = answer.get("journal_ack"), answer.get("journal_ack_sig")
    if not signed_ok(public_key, ack, signature) or ack.get("counter_id") != counter_id:
        return None
    if not isinstance(ack.get("seq"), int) or not isinstance(ack.get("hash"), str):
        return None
    return {**ack, "signature": signature}
