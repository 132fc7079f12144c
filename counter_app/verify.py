"""``counter-app verify``: is the database whole, the chain unbroken, the numbering gap-free,
every message signed, every confirmation the server's, and the tail where its witnesses saw it?"""

from __future__ import annotations

import json

import sqlite_utils

from counter_app import journal
from counter_app.recharge import RECHARGE_COLUMNS, format_receipt_no
from counter_app.i18n import _

EXPECTED_TRIGGERS = {
    "journal_no_update", "journal_no_delete", "recharges_no_update", "recharges_no_delete",
    "adjustments_no_update", "adjustments_no_delete", "z_reports_no_update", "z_reports_no_delete",
    "shifts_closed_final", "shifts_no_delete",
}


def run(db: sqlite_utils.Database) -> list[str]:
    """Every check; an empty list means clean."""
    findings: list[str] = []
    findings += _integrity(db)
    if findings:
        return findings  # a damaged file makes every later answer doubtful
    findings += _triggers(db)
    findings += journal.check_chain(db)
    findings += _receipt_numbers(db)
    findings += _recharges_match_journal(db)
    # What the file alone cannot vouch for: signatures, the server's word, witnesses outside it.
    from counter_app import verify_evidence

    findings += verify_evidence.signatures(db)
    findings += verify_evidence.confirmations(db)
    findings += verify_evidence.witnesses(db)
    return findings


def _integrity(db: sqlite_utils.Database) -> list[str]:
    rows = [r[0] for r in db.execute("PRAGMA integrity_check")]
    return [] if rows == ["ok"] else [f"integrity_check: {r}" for r in rows]


def _triggers(db: sqlite_utils.Database) -> list[str]:
    present = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    return [f"protection trigger {name} is missing (someone removed it)" for name in
            sorted(EXPECTED_TRIGGERS - present)]


def _receipt_numbers(db: sqlite_utils.Database) -> list[str]:
    findings = []
    seqs = [r[0] for r in db.execute("SELECT receipt_seq FROM recharges ORDER BY receipt_seq")]
    seen = set()
    for seq in seqs:
        if seq in seen:
            findings.append(_("receipt number sequence {seq} is used twice").format(seq=seq))
        seen.add(seq)
    if seen:
        explained = _explained_gaps(db)
        missing = sorted(set(range(1, max(seen) + 1)) - seen - explained)
        for seq in missing[:50]:
            findings.append(_("receipt sequence {seq} is missing (gap in receipt numbers)").format(seq=seq))
        if len(missing) > 50:
            findings.append(_("... and {value} more missing receipt numbers").format(value=len(missing) - 50))
    for dup, count in db.execute(
            "SELECT receipt_no, COUNT(*) FROM recharges GROUP BY receipt_no HAVING COUNT(*) > 1"):
        findings.append(_("receipt {dup} appears {count} times").format(dup=dup, count=count))
    return findings


def _explained_gaps(db: sqlite_utils.Database) -> set[int]:
    """Numbers skipped on purpose after a restore (they may exist on the lost PC)."""
    skipped: set[int] = set()
    for (payload,) in db.execute("SELECT payload FROM journal WHERE kind = 'receipt_floor'"):
        data = json.loads(payload)
        skipped.update(range(data["from"], data["to"] + 1))
    return skipped


def _recharges_match_journal(db: sqlite_utils.Database) -> list[str]:
    findings = []
    names = RECHARGE_COLUMNS.split(", ")
    rows = {r[0]: dict(zip(names, r)) for r in db.execute(f"SELECT {RECHARGE_COLUMNS} FROM recharges")}
    outboxed = {r[0] for r in db.execute("SELECT txn_id FROM outbox WHERE kind = 'recharge'")}
    journaled = set()
    for seq, ref, payload in db.execute("SELECT seq, ref, payload FROM journal WHERE kind = 'recharge'"):
        fields = json.loads(payload)
        journaled.add(ref)
        label = fields.get("receipt_no", ref)
        row = rows.get(ref)
        if row is None:
            findings.append(_("receipt {label}: journal entry {seq} has no recharge row (deleted)").format(
                label=label, seq=seq))
            continue
        expected = {"rounding_paise": 0, **fields, "journal_seq": seq}  # entries before cash rounding had none
        changed = sorted(k for k in names if row.get(k) != expected.get(k))
        if changed:
            findings.append(_("receipt {label}: {join} differ from journal entry {seq} (edited)").format(
                label=label, join=', '.join(changed), seq=seq))
        if ref not in outboxed:
            findings.append(_("receipt {label}: has no outbox row, so it would never reach the server").format(
                label=label))
        if row["receipt_no"] != format_receipt_no(row["counter_id"], row["receipt_seq"]):
            findings.append(_("receipt {label}: number does not match its sequence {value}").format(
                label=label, value=row['receipt_seq']))
    for txn_id in sorted(set(rows) - journaled):
        findings.append(_("receipt {value}: recharge row has no journal entry (inserted by hand)").format(
            value=rows[txn_id]['receipt_no']))
    for txn_id in sorted(outboxed - set(rows)):
        findings.append(_("outbox row {txn_id} has no recharge").format(txn_id=txn_id))
    for txn_id, kind in db.execute("SELECT txn_id, kind FROM outbox WHERE ref_txn_id IS NULL"):
        findings.append(_("outbox row {txn_id} ({kind}) names no recharge").format(txn_id=txn_id, kind=kind))
    return findings
