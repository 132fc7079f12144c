"""Rules said once, in the core, and what the CLI and the window ask of them."""

from __future__ import annotations

from counter_app import backup, clock, inspection, settings


def test_clock_skew_is_off_only_beyond_the_setting():
    assert not clock.skew_too_large(None, 300)          # not measured yet: nothing to say
    assert not clock.skew_too_large(300, 300) and not clock.skew_too_large(-300, 300)
    assert clock.skew_too_large(301, 300) and clock.skew_too_large(-301, 300)


def test_cash_kept_leaves_out_what_went_back_and_what_was_not_cash():
    rows = [{"amount_paise": 100_00, "payment_mode": "cash", "status": "pending"},
            {"amount_paise": 200_00, "payment_mode": "cash", "status": "confirmed"},
            {"amount_paise": 400_00, "payment_mode": "cash", "status": "void"},
            {"amount_paise": 800_00, "payment_mode": "cash", "status": "refunded"},
            {"amount_paise": 1600_00, "payment_mode": "cash", "status": "superseded"},   # its cash stays
            {"amount_paise": 3200_00, "payment_mode": "transfer", "status": "confirmed"}]
    assert inspection.cash_kept_paise(rows) == 100_00 + 200_00 + 1600_00
    assert inspection.cash_kept_paise([]) == 0


def test_a_shift_close_is_backed_up_only_with_a_location(db, tmp_path):
    assert not backup.due_after_shift_close(db)
    settings.change(db, "backup_dir", str(tmp_path / "usb"))
    assert backup.due_after_shift_close(db)
