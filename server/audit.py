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


def _ranges(numbers: list[int]) -> list[str]:
    """[3, 4, 5, 9] -> ['3..5', '9']"""
    out: list[str] = []
    start = prev = None
    for n in numbers:
        if start is None:
            start = prev = n
        elif n == prev + 1:
            prev = n
        else:
            out.append(f"{start}" if start == prev else f"{start}..{prev}")
            start = prev = n
    if start is not None:
        out.append(f"{start}" if start == prev else f"{start}..{prev}")
    return out


def receipt_gaps(seqs: Iterable[int]) -> list[str]:
    seen = sorted(set(seqs))
    if not seen:
        return []
    present = set(seen)
    missing = [n for n in range(1, seen[-1] + 1) if n not in present]
    return _ranges(missing)


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


def counter_report(counter_id: str, *, receipt_seqs: list[int], entries: Iterable[tuple],
                   credited: int, credited_paise: int, voids_waiting: list[str]) -> dict[str, Any]:
    gaps = receipt_gaps(receipt_seqs)
    breaks, max_seq = chain_findings(entries)
    return {
        "counter_id": counter_id,
        "recharges_credited": credited,
        "credited_paise": credited_paise,
        "last_receipt_seq": max(receipt_seqs) if receipt_seqs else 0,
        "receipt_gaps": gaps[:MAX_LISTED],
        "journal_max_seq": max_seq,
        "chain_findings": breaks,
        "voids_waiting_for_recharge": voids_waiting[:MAX_LISTED],
        "ok": not gaps and not breaks,
    }
