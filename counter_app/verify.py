"""``counter-app verify``: is the database whole, the chain unbroken, the numbering gap-free,
every message signed, every confirmation the server's, and the tail where its witnesses saw it?"""

from __future__ import annotations

import json

import sqlite_utils

from counter_app import journal
from counter_app.recharge import RECHARGE_COLUMNS, format_receipt_no

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
            findings.append(f"receipt number sequence {seq} is used twice")
        seen.add(seq)
    if seen:
        explained = _explained_gaps(db)
        missing = sorted(set(range(1, max(seen) + 1)) - seen - explained)
        for seq in missing[:50]:
            findings.append(f"receipt sequence {seq} is missing (gap in receipt numbers)")
        if len(missing) > 50:
            findings.append(f"... and {len(missing) - 50} more missing receipt numbers")
    for dup, count in db.execute(
            "SELECT receipt_no, COUNT(*) FROM recharges GROUP BY receipt_no HAVING COUNT(*) > 1"):
        findings.append(f"receipt {dup} appears {count} times")
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
            findings.append(f"receipt {label}: journal entry {seq} has no recharge row (deleted)")
            continue
        expected = {"rounding_paise": 0, **fields, "journal_seq": seq}  # entries before cash rounding had none
        changed = sorted(k for k in names if row.get(k) != expected.get(k))
        if changed:
            findings.append(f"receipt {label}: {', '.join(changed)} differ from journal entry {seq} (edited)")
        if ref not in outboxed:
            findings.append(f"receipt {label}: has no outbox row, so it would never reach the server")
        if row["receipt_no"] != format_receipt_no(row["counter_id"], row["receipt_seq"]):
            findings.append(f"receipt {label}: number does not match its sequence {row['receipt_seq']}")
    for txn_id in sorted(set(rows) - journaled):
        findings.append(f"receipt {rows[txn_id]['receipt_no']}: recharge row has no journal entry (inserted by hand)")
    for txn_id in sorted(outboxed - set(rows)):
        findings.append(f"outbox row {txn_id} has no recharge")
    for txn_id, kind in db.execute("SELECT txn_id, kind FROM outbox WHERE ref_txn_id IS NULL"):
        findings.append(f"outbox row {txn_id} ({kind}) names no recharge")
    return findings
