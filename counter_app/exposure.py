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
from counter_app.i18n import _


def breaches(db: sqlite_utils.Database) -> list[str]:
    """One sentence per limit passed; empty when within limits."""
    found = []
    totals = outbox.counts(db)
    limit_paise = settings.get(db, "max_pending_paise")
    if totals["pending"]["paise"] > limit_paise:
        found.append(_("Cash waiting to reach the server is {pending}, over the limit of "
                       "{limit}. Tell the supervisor; consider a transfer file.").format(
                           pending=format_rupees(totals['pending']['paise']), limit=format_rupees(limit_paise)))
    oldest = outbox.oldest_pending_at(db)
    limit_s = settings.get(db, "max_pending_age_s")
    if oldest and (clock.utc_now() - clock.parse_iso(oldest)).total_seconds() > limit_s:
        found.append(_("The oldest transaction has waited {age} for the server, over the limit of {hours} "
                       "h. Tell the supervisor; consider a transfer file.").format(
                           age=clock.age_text(oldest), hours=limit_s // 3600))
    return found


def enforce(db: sqlite_utils.Database) -> None:
    """Refuse new recharges while a limit is passed, only if the utility chose that."""
    if settings.get(db, "block_on_exposure"):
        found = breaches(db)
        if found:
            raise Refused(_("{limit} New recharges are stopped by the setting block_on_exposure.").format(
                limit=found[0]))
