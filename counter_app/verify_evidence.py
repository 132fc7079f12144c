"""What ``verify`` checks beyond the database's own consistency: signatures, the server's evidence, witnesses.

The hash chain proves nothing against someone who edits the file and
recomputes it (that needs no secret). These checks need what such a person
does not have: the counter's private key (each message was signed at commit),
the server's private key (each confirmation is signed by it), and copies of
the head kept outside the file.
"""

from __future__ import annotations

import json
from collections.abc import Callable

import sqlite_utils

from counter_app import evidence, keystore, outbox, storage, witness
from counter_app.recharge import format_receipt_no
from counter_app.i18n import _


def _verifier(public_key_pem: str) -> Callable[[bytes, str], bool]:
    """Check signatures with libsodium when it is there (verify checks every message)."""
    from counter_app import signing

    return signing.fast_verifier(signing.load_public_key(public_key_pem))


def counter_public_key(db: sqlite_utils.Database) -> tuple[str | None, list[str]]:
    """The public key to check messages with: the keystore's key's own, which the file cannot change."""
    row = db.execute("SELECT counter_id, public_key_pem FROM counter WHERE id = 1").fetchone()
    if not row:
        return None, []
    folder = storage.data_dir_of(db)
    private = keystore.get(folder, "key") if folder else None
    if private is None:
        return row[1], ([] if folder is None else [f"the signing key of counter {row[0]} is missing from {folder}"])
    from cryptography.hazmat.primitives import serialization

    key = serialization.load_pem_private_key(private.encode(), password=None)
    own = key.public_key().public_bytes(serialization.Encoding.PEM,
                                        serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    if own.strip() != (row[1] or "").strip():
        return own, [_("the public key in the database is not the counter's key (it was replaced); messages are "
                       "checked with the key in the keystore")]
    return own, []


def signatures(db: sqlite_utils.Database) -> list[str]:
    """Every queued message is what its rows say now, and carries a valid signature made at commit."""
    pem, findings = counter_public_key(db)
    if pem is None:
        return findings
    check = _verifier(pem)
    stored = {r[0]: (r[1], r[2], r[3]) for r in db.execute(
        "SELECT o.txn_id, o.message, o.signature, r.receipt_no FROM outbox o "
        "LEFT JOIN recharges r ON r.txn_id = o.ref_txn_id")}
    for txn_id, text in outbox.rebuilt_messages(db):
        message, signature, receipt_no = stored.get(txn_id, (None, None, None))
        label = f"receipt {receipt_no}" if receipt_no else f"outbox row {txn_id}"
        if not message or not signature:
            findings.append(_("{label}: message {txn_id} has no signature made when it was committed").format(
                label=label, txn_id=txn_id))
        elif message != text:
            findings.append(_("{label}: message {txn_id} differs from what was signed at commit (edited)").format(
                label=label, txn_id=txn_id))
        elif not check(message.encode("utf-8"), signature):
            findings.append(_("{label}: message {txn_id} has a signature that does not check (forged or edited)").format(label=label, txn_id=txn_id))
    return findings


def confirmations(db: sqlite_utils.Database) -> list[str]:
    """Every ``confirmed`` row carries the server's signed word for that txn_id, amount and outcome."""
    folder = storage.data_dir_of(db)
    if folder is None:
        return []  # an in-memory copy (a backup being made): the pinned key is in the data folder
    me = db.execute("SELECT counter_id FROM counter WHERE id = 1").fetchone()
    if not me:
        return []
    public_key = evidence.pinned_key(folder)
    legacy_upto, legacy_count = outbox.evidence_begins(db)
    findings, unproven_legacy = [], 0
    batches: dict[int, frozenset[str]] = {}  # each batch's signature is checked once
    rows = db.execute(
        "SELECT o.txn_id, o.kind, o.journal_seq, o.evidence, o.server_sig, r.amount_paise, r.receipt_no, "
        "EXISTS (SELECT 1 FROM adjustments a WHERE a.txn_id = o.ref_txn_id AND a.kind = 'void'), "
        "o.evidence_batch, b.manifest, b.signature "
        "FROM outbox o JOIN recharges r ON r.txn_id = o.ref_txn_id LEFT JOIN server_evidence b ON b.id = o.evidence_batch "
        "WHERE o.state = 'confirmed' ORDER BY o.journal_seq")
    for txn_id, kind, seq, text, sig, amount, receipt_no, own_void, batch_id, manifest, batch_sig in rows:
        if text is None and seq <= legacy_upto:
            unproven_legacy += 1
            continue
        if batch_id is not None and batch_id not in batches:
            batches[batch_id] = _batch(public_key, manifest, batch_sig, me[0])
        if not evidence.confirms(text, sig, counter_id=me[0], txn_id=txn_id, kind=kind, amount_paise=amount,
                                 own_void=bool(own_void), public_key=public_key,
                                 batch=batches.get(batch_id, frozenset())):
            why = "no server key is pinned" if public_key is None else "no valid server signature"
            findings.append(_("receipt {receipt_no}: {kind} {txn_id} is marked confirmed but has {why} for "
                              "that txn_id, amount and outcome (set by hand?)").format(
                                  receipt_no=receipt_no, kind=kind, txn_id=txn_id, why=why))
    if unproven_legacy > legacy_count:
        findings.append(_("{unproven_legacy} rows confirmed before the server signed its answers, but the "
                          "upgrade counted {legacy_count}: {value} were set by hand").format(
                              unproven_legacy=unproven_legacy, legacy_count=legacy_count, value=unproven_legacy - legacy_count))
    return findings


def _batch(public_key, manifest: str | None, signature: str | None, counter_id: str) -> frozenset[str]:
    """The digests a stored batch signature vouches for (none when it fails or names another counter)."""
    try:
        found = json.loads(manifest) if manifest else None
    except ValueError:
        return frozenset()
    if not isinstance(found, dict) or found.get("counter_id") != counter_id:
        return frozenset()
    return evidence.batch_digests(public_key, found, signature)


def witnesses(db: sqlite_utils.Database) -> list[str]:
    """The journal reaches at least as far as every witness outside the file saw, with the same hashes."""
    me = db.execute("SELECT counter_id FROM counter WHERE id = 1").fetchone()
    if not me:
        return []
    counter_id = me[0]
    restored_at = db.execute("SELECT MAX(at) FROM journal WHERE kind = 'restore'").fetchone()[0]
    head_seq = db.execute("SELECT COALESCE(MAX(seq), 0) FROM journal").fetchone()[0]
    last_receipt = db.execute("SELECT COALESCE(MAX(receipt_seq), 0) FROM recharges").fetchone()[0]
    findings = []
    folder = storage.data_dir_of(db)
    for seen in witness.heads(db, counter_id=counter_id, server_key=evidence.pinned_key(folder)):
        if restored_at and ((seen.at or "") < restored_at or seen.source == witness.SERVER_ACK):
            # It saw the journal before a deliberate restore; and after one, the server holds the lost
            # PC's entries under the same numbers, so its acknowledgement is no witness of this file.
            continue
        if seen.seq > head_seq:
            text = _("the journal ends at entry {head_seq}, but {source} saw entry {seq}: entries {first}..{seq} "
                     "were removed (truncated tail)").format(head_seq=head_seq, source=seen.source, seq=seen.seq,
                                                             first=head_seq + 1)
            if seen.receipt_seq and seen.receipt_seq > last_receipt:
                missing = [format_receipt_no(counter_id, n) for n in range(last_receipt + 1, seen.receipt_seq + 1)]
                shown = ", ".join(missing[:20]) + (" " + _("and {n} more").format(n=len(missing) - 20)
                                                   if len(missing) > 20 else "")
                text += "; " + _("missing receipts: {receipts}").format(receipts=shown)
            findings.append(text)
            continue
        if seen.hash:
            row = db.execute("SELECT hash FROM journal WHERE seq = ?", [seen.seq]).fetchone()
            if row and row[0] != seen.hash:
                findings.append(_("journal entry {seq} is not the one {source} saw (the chain was rewritten)").format(
                    seq=seen.seq, source=seen.source))
    return findings
