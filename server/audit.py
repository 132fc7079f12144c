"""Checks of each counter's receipt numbering and journal chain, for ``counter-server audit``.

The audit reports; it never holds a credit back. A gap in receipt numbers is
normal while a counter is still sending its backlog, so each finding says what
it may mean.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from counter_app import journal as chain

MAX_LISTED = 50


def _span(first: int, last: int) -> str:
    return f"{first}" if first == last else f"{first}..{last}"


def receipt_gaps(sorted_seqs: Iterable[int]) -> tuple[list[str], int, int]:
    """Receipt numbers in ascending order -> (the missing ones as ranges, how many are missing, the last).

    One pass over the numbers held, whatever the size of the gaps: a single
    number 10**12 gives one range, not a list of a trillion (that was a
    MemoryError). Only the first MAX_LISTED ranges are kept.
    """
    gaps: list[str] = []
    missing = 0
    prev = 0
    for seq in sorted_seqs:
        if seq > prev + 1:
            missing += seq - prev - 1
            if len(gaps) < MAX_LISTED:
                gaps.append(_span(prev + 1, seq - 1))
        prev = max(prev, seq)
    return gaps, missing, prev


def chain_findings(entries: Iterable[tuple]) -> tuple[list[str], int]:
    """Entries (seq, at, kind, actor, ref, payload, prev_hash, hash) in seq order -> (findings, max seq).

    A missing entry is a gap (the counter has not sent it, or it is gone); a
    link between two present neighbours that does not hold, or an entry whose
    content does not match its hash, is a break; two different entries with one
    sequence number are a fork (the counter's database was restored or copied).
    """
    findings: list[str] = []
    prev: tuple | None = None
    max_seq = 0
    for entry in entries:
        seq, at, kind, actor, ref, payload, prev_hash, digest = entry
        if prev is not None and prev[0] == seq:
            findings.append(f"fork: two different journal entries numbered {seq}")
            continue
        if chain.entry_hash(seq, at, kind, actor, ref, payload, prev_hash) != digest:
            findings.append(f"break: journal entry {seq} ({kind}) does not match its hash")
        expected = prev[0] + 1 if prev is not None else 1
        if seq > expected:
            findings.append(f"gap: journal entries {expected}..{seq - 1} not received"
                            if seq - 1 > expected else f"gap: journal entry {expected} not received")
        elif prev is not None and prev_hash != prev[7]:
            findings.append(f"break: journal entry {seq} does not follow entry {prev[0]}")
        elif prev is None and seq == 1 and prev_hash != chain.GENESIS:
            findings.append("break: journal entry 1 does not start from the genesis hash")
        prev = entry
        max_seq = max(max_seq, seq)
    if len(findings) > MAX_LISTED:
        findings = findings[:MAX_LISTED] + [f"... and {len(findings) - MAX_LISTED} more"]
    return findings, max_seq


def counter_report(counter_id: str, *, receipt_seqs: Iterable[int], entries: Iterable[tuple],
                   credited: int, credited_paise: int, voids_waiting: list[str],
                   clock_flags: list[tuple] = ()) -> dict[str, Any]:
    """``receipt_seqs`` ascending; ``clock_flags`` (txn_id, created_at, received_at, 'ahead'|'behind')."""
    gaps, missing, last = receipt_gaps(receipt_seqs)
    breaks, max_seq = chain_findings(entries)
    clock = [f"{txn}: created_at {created} is {'ahead of' if flag == 'ahead' else 'far behind'} the server's "
             f"clock (received {received})" for txn, created, received, flag in clock_flags[:MAX_LISTED]]
    return {
        "counter_id": counter_id,
        "recharges_credited": credited,
        "credited_paise": credited_paise,
        "last_receipt_seq": last,
        "receipt_gaps": gaps,
        "receipt_numbers_missing": missing,
        "journal_max_seq": max_seq,
        "chain_findings": breaks,
        "voids_waiting_for_recharge": voids_waiting[:MAX_LISTED],
        "clock_findings": clock,
        "clock_findings_total": len(clock_flags),
        "ok": not gaps and not breaks and not clock_flags,
    }


def add_signature_findings(report: dict[str, Any], findings: list[str]) -> None:
    """Put the findings of :mod:`server.signature_audit` into a counter's report."""
    report["signature_findings"] = findings[:MAX_LISTED]
    report["signature_findings_total"] = len(findings)
    report["ok"] = report["ok"] and not findings
