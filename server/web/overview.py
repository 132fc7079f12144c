"""The counters page's rows: what the store says, what the audit found, and what needs attention first."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from counter_app import clock
from server.store import CounterOverview
from server.web.audit_cache import AuditSnapshot

# What makes a counter need attention, heaviest first: a journal that does not hold together may mean
# tampering; a rejection is a consumer whose money is not on the meter; a receipt gap is money the server
# has not seen; a clock far off makes the counter's days wrong; silence is a counter that may be down
# (or only closed).
WEIGHTS = {"journal": 8, "rejections": 4, "gaps": 2, "clock": 2, "silent": 1}


@dataclass(frozen=True)
class CounterRow:
    counter: CounterOverview
    receipt_gaps: tuple[str, ...]
    missing_receipts: int
    journal_findings: tuple[str, ...]
    clock_findings: int
    silent: bool
    warnings: tuple[str, ...]
    attention: int

    @property
    def key_state(self) -> str:
        if self.counter.key_registered_at:
            return "registered"
        return "retired, no new key yet" if self.counter.key_retired_at else "no key yet"

    @property
    def token_state(self) -> str:
        if self.counter.revoked_at:
            return "revoked"
        return "rotated" if self.counter.token_rotated_at else "active"


def missing_count(ranges: list[str] | tuple[str, ...]) -> int:
    """How many numbers the audit's ranges ('3..5', '9') leave out."""
    total = 0
    for text in ranges:
        first, _, last = text.partition("..")
        if first.isdigit():
            total += int(last) - int(first) + 1 if last.isdigit() else 1
    return total


def build_rows(counters: list[CounterOverview], audit: AuditSnapshot, *, silent_after: dt.timedelta,
               now: dt.datetime | None = None) -> list[CounterRow]:
    now = now or clock.utc_now()
    rows = [_row(c, audit, silent_after, now) for c in counters]
    # Most attention first; among equals the longest silent first, then by id.
    rows.sort(key=lambda r: (-r.attention, r.counter.last_contact_at or "", r.counter.counter_id))
    return rows


def _row(c: CounterOverview, audit: AuditSnapshot, silent_after: dt.timedelta, now: dt.datetime) -> CounterRow:
    found = audit.for_counter(c.counter_id) or {}
    gaps = tuple(found.get("receipt_gaps", ()))
    journal = tuple(found.get("chain_findings", ()))
    last = c.last_contact_at
    silent = not c.revoked_at and (now - clock.parse_iso(last if last else c.created_at)) > silent_after
    warnings = []
    if journal:
        warnings.append(f"{len(journal)} journal finding{'s' if len(journal) != 1 else ''}")
    if c.rejections_awaiting:
        warnings.append(f"{c.rejections_awaiting} rejection{'s' if c.rejections_awaiting != 1 else ''} "
                        "awaiting a supervisor")
    missing = found.get("receipt_numbers_missing", missing_count(gaps))
    clock_off = found.get("clock_findings_total", len(found.get("clock_findings", ())))
    if clock_off:
        warnings.append(f"{clock_off} transaction{'s' if clock_off != 1 else ''} with the counter's clock far off")
    if gaps:
        warnings.append(f"{missing} receipt number{'s' if missing != 1 else ''} missing")
    if silent:
        minutes = int(silent_after.total_seconds() // 60)
        warnings.append(f"silent for more than {minutes} min" if last else f"no contact in {minutes} min since added")
    attention = (WEIGHTS["journal"] * bool(journal) + WEIGHTS["rejections"] * bool(c.rejections_awaiting)
                 + WEIGHTS["gaps"] * bool(gaps) + WEIGHTS["clock"] * bool(clock_off) + WEIGHTS["silent"] * silent)
    return CounterRow(counter=c, receipt_gaps=gaps, missing_receipts=missing, journal_findings=journal,
                      clock_findings=clock_off, silent=silent, warnings=tuple(warnings), attention=attention)
