"""Settings with documented defaults, stored in the counter database.

Every limit the cashier can run into lives here, so a utility can change it
without a new release; ``counter-app config`` shows and sets them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from counter_app.errors import InputError
from counter_app.money import parse_denominations
from counter_app.i18n import _


@dataclass(frozen=True)
class Setting:
    key: str
    default: Any
    doc: str


_ALL = [
    Setting("utility_name", "Bihar State Power (Holding) Company Ltd", "Utility name printed on receipts"),
    Setting("utility_name_hi", "बिहार स्टेट पावर (होल्डिंग) कंपनी लिमिटेड", "Utility name in Hindi, printed on receipts"),
    Setting("receipt_font_path", "",
            "Devanagari TrueType font for receipts; empty: search the machine (Noto Sans Devanagari, Nirmala UI)"),
    Setting("printer_kind", "none", "Thermal receipt printer connection: none, network, usb, serial or file"),
    Setting("printer_target", "",
            "Thermal printer address: host[:port] (network), VID:PID in hex (usb), PORT[:baud] (serial), "
            "device path (file)"),
    Setting("printer_dots", 576, "Thermal printer line width in dots (576 for 80 mm paper at 203 dpi)"),
    Setting("consumer_no_min_len", 9, "Shortest consumer number, in digits"),
    Setting("consumer_no_max_len", 15, "Longest consumer number, in digits"),
    Setting("min_recharge_paise", 10_00, "Smallest recharge (paise); default Rs 10"),
    Setting("max_recharge_paise", 1_99_999_00, "Largest single recharge (paise); default Rs 1,99,999"),
    Setting("daily_cash_limit_paise", 2_00_000_00,
            "Cash from one consumer in one day must stay below this (paise); section 269ST: Rs 2,00,000"),
    Setting("sync_batch_size", 200, "Transactions in the first request of a sync pass"),
    Setting("sync_batch_max", 1000,
            "Largest request: batches double while the server answers fast, up to this (server limit 1000)"),
    Setting("sync_early_from", 500,
            "A batch of at least this many recharges leaves before the answer to the one before it "
            "(a long queue drains faster); 0: one batch on the wire at a time"),
    Setting("sync_interval_s", 30, "Seconds between background sync attempts"),
    Setting("confirm_wait_ms", 1500,
            "After a recharge, wait this long for the server's answer so the receipt can say CONFIRMED; "
            "0: print at once (PROVISIONAL until the next sync)"),
    Setting("sync_backoff_cap_s", 300, "Longest wait between retries after failures (seconds)"),
    Setting("connect_timeout_s", 5.0, "HTTP connect timeout (seconds)"),
    Setting("read_timeout_s", 30.0, "HTTP read timeout (seconds)"),
    Setting("clock_skew_warn_s", 300, "Warn when the PC clock differs from the server by more (seconds)"),
    Setting("variance_threshold_paise", 0, "Cash variance above this needs a supervisor's sign-off (paise)"),
    Setting("double_take_window_s", 600, "Ask before a second recharge for one consumer within this (seconds)"),
    Setting("backup_dir", "", "Second medium for automatic backups (USB drive, network folder); empty: none"),
    Setting("backup_every_n_recharges", 20, "Back up automatically after this many recharges"),
    Setting("backup_keep_last", 10, "Backups kept regardless of age"),
    Setting("backup_keep_daily_days", 30, "Besides those, one backup per day is kept for this many days"),
    Setting("restore_receipt_gap", 1000,
            "After a restore, receipt numbers jump this far past the backup's last (numbers issued after the "
            "backup on the lost PC are never reused)"),
    Setting("max_pending_age_s", 72 * 3600, "Warn when a transaction has waited longer than this to reach the server"),
    Setting("max_pending_paise", 5_00_000_00, "Warn when the cash waiting to reach the server passes this (paise)"),
    Setting("denominations", "2000,500,200,100,50,20,10,5,2,1,0.50",
            "Notes and coins counted in a drawer, in rupees, separated by commas (0.50: the 50-paise coin)"),
    Setting("cash_rounding_paise", 100,
            "Cash is paid rounded to the nearest multiple of this (paise; halves up): 100 whole rupees, "
            "50 to 50 paise, 1 no rounding. The consumer is credited the exact amount; the rounding is "
            "on the receipt and in the Z report"),
    Setting("block_on_exposure", 0, "1: refuse new recharges while an exposure limit is passed (default 0: warn only)"),
]

DEFAULTS: dict[str, Setting] = {s.key: s for s in _ALL}


def get(db: sqlite_utils.Database, key: str) -> Any:
    setting = DEFAULTS[key]
    row = db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
    return json.loads(row[0]) if row else setting.default


def all_values(db: sqlite_utils.Database) -> dict[str, Any]:
    stored = {k: json.loads(v) for k, v in db.execute("SELECT key, value FROM settings")}
    return {key: stored.get(key, s.default) for key, s in DEFAULTS.items()}


def parse_value(key: str, text: str) -> Any:
    """Parse a value typed for ``key`` into the default's type."""
    if key not in DEFAULTS:
        raise InputError(_("Unknown setting {key}. Known settings: {join}.").format(
            key=repr(key), join=', '.join(sorted(DEFAULTS))))
    kind = type(DEFAULTS[key].default)
    try:
        value = kind(text)
    except ValueError:
        wanted = {int: "a whole number", float: "a number", str: "text"}.get(kind, kind.__name__)
        raise InputError(_("Setting {key} takes {wanted}, not {text}.").format(
            key=key, wanted=wanted, text=repr(text))) from None
    _check(key, value)
    return value


def _check(key: str, value: Any) -> None:
    """Refuse a value the cash rules could not work with (a drawer that could never balance)."""
    if key == "denominations":
        parse_denominations(value)
    if key == "cash_rounding_paise" and not 1 <= value <= 1000:
        raise InputError(_("Setting cash_rounding_paise takes paise from 1 (no rounding) to 1000 (Rs 10); 100 "
                           "rounds cash to whole rupees."))


def change(db: sqlite_utils.Database, key: str, value: Any, *, actor: str | None = None) -> None:
    """Store a setting; limits matter to audits, so every change is journaled."""
    from counter_app import journal
    from counter_app.storage import write_transaction

    if key not in DEFAULTS:
        raise InputError(_("Unknown setting {key}.").format(key=repr(key)))
    _check(key, value)
    with write_transaction(db):
        db.execute("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", [key, json.dumps(value)])
        journal.append(db, "setting_change", {"key": key, "value": value}, actor=actor, ref=key)
