"""Exposure limits: how long and how much may wait for the server before people are warned.

Like a payment terminal's offline floor limits, but they warn rather than stop:
during an outage the counter is the only way to pay, so it keeps taking money
unless the utility sets ``block_on_exposure``.
"""

from __future__ import annotations

import sqlite_utils

from counter_app import clock, outbox, settings
from counter_app.errors import Refused
from counter_app.money import format_rupees


def breaches(db: sqlite_utils.Database) -> list[str]:
    """One sentence per limit passed; empty when within limits."""
    found = []
    totals = outbox.counts(db)
    limit_paise = settings.get(db, "max_pending_paise")
    if totals["pending"]["paise"] > limit_paise:
        found.append(f"Cash waiting to reach the server is {format_rupees(totals['pending']['paise'])}, over the "
                     f"limit of {format_rupees(limit_paise)}. Tell the supervisor; consider a transfer file.")
    oldest = outbox.oldest_pending_at(db)
    limit_s = settings.get(db, "max_pending_age_s")
    if oldest and (clock.utc_now() - clock.parse_iso(oldest)).total_seconds() > limit_s:
        found.append(f"The oldest transaction has waited {clock.age_text(oldest)} for the server, over the limit of "
                     f"{limit_s // 3600} h. Tell the supervisor; consider a transfer file.")
    return found


def enforce(db: sqlite_utils.Database) -> None:
    """Refuse new recharges while a limit is passed, only if the utility chose that."""
    if settings.get(db, "block_on_exposure"):
        found = breaches(db)
        if found:
            raise Refused(found[0] + " New recharges are stopped by the setting block_on_exposure.")
