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


def test_receipts_and_lists_say_the_same_status(counter_dir):
    """One rule (inspection.recharge_status): a receipt never says other than the list of transactions."""
    from counter_app import connection, recharge, rejections, voids
    from receipts import service
    from tests.core_fixtures import CASHIER, SUPERVISOR, confirm_as_the_server_would, raw_connect

    db = connection.open_counter_db(counter_dir)
    try:
        taken = [recharge.take_recharge(db, cashier_id=CASHIER, consumer_no=f"{5550000000 + i}",
                                        amount_paise=100_00 + i) for i in range(6)]
    finally:
        db.close()
    confirm_as_the_server_would(counter_dir, f"o.txn_id = '{taken[1].txn_id}'")
    conn = raw_connect(counter_dir)   # the server's refusal, as the sync would record it
    conn.execute("UPDATE outbox SET state = 'rejected', reject_reason = 'unknown_consumer' WHERE txn_id IN (?, ?, ?)",
                 [taken[3].txn_id, taken[4].txn_id, taken[5].txn_id])
    conn.commit()
    conn.close()
    db = connection.open_counter_db(counter_dir)
    try:
        voids.void_recharge(db, taken[2].receipt_no, supervisor_id=SUPERVISOR, reason="wrong_amount")
        rejections.correct_consumer(db, taken[3].receipt_no, supervisor_id=SUPERVISOR, consumer_no="5559999999")
        rejections.refund(db, taken[4].receipt_no, supervisor_id=SUPERVISOR)
        listed = {r["txn_id"]: r["status"] for r in inspection.list_transactions(db)}
        assert [listed[t.txn_id] for t in taken] == ["pending", "confirmed", "void", "superseded", "refunded",
                                                     "rejected"]
        for txn_id, status in listed.items():
            assert service.current_status(db, txn_id).status == status, txn_id
    finally:
        db.close()
