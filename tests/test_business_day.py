"""The business-day rule: every recharge, void and refund in exactly one shift and one Z report.

A day closed early, a shift running past midnight, and a PC clock going back over
midnight (counter_app.business_day holds the rule). The PC's zone is India's, the
clock is set by the test.
"""

import json

import pytest

from counter_app import (
    business_day, connection, day_end, inspection, reconciliation, recharge, rejections, shifts, voids,
)
from counter_app.errors import Refused
from tests.core_fixtures import CASHIER, CASHIER2, SUPERVISOR, build_counter, raw_connect

@pytest.fixture
def fresh(tmp_path):
    build_counter(tmp_path, open_shift=False)
    db = connection.open_counter_db(tmp_path)
    yield db
    db.close()


def take(db, cashier, amount_paise, consumer="100000000"):
    return recharge.take_recharge(db, cashier_id=cashier, consumer_no=consumer + "1", amount_paise=amount_paise)


def close(db, cashier):
    expected = reconciliation.x_report(db).expected_paise
    count = f"1x{expected // 100}"
    result = reconciliation.close_shift(db, cashier_id=cashier, count_text=count)
    assert not result.needs_sign_off
    return result.figures


def every_txn_in_one_z(db) -> dict[str, int]:
    """txn_id -> number of Z reports that hold it; every recharge must be in exactly one."""
    seen: dict[str, int] = {txn: 0 for (txn,) in db.execute("SELECT txn_id FROM recharges")}
    for (totals,) in db.execute("SELECT totals FROM z_reports"):
        for txn in json.loads(totals)["txn_ids"]:
            seen[txn] += 1
    return seen


def test_a_shift_opened_after_the_z_belongs_to_the_next_business_day(fresh, pc_clock):
    db = fresh
    pc_clock("2026-12-01 09:00")
    shifts.open_shift(db, cashier_id=CASHIER, float_paise=500_00)
    first = take(db, CASHIER, 350_00)
    pc_clock("2026-12-01 14:00")
    close(db, CASHIER)
    z1 = day_end.close_day(db)  # closed early, at two in the afternoon
    assert z1["business_date"] == "2026-12-01" and z1["txn_ids"] == [first.txn_id]

    pc_clock("2026-12-01 15:30")  # same calendar day, after the Z
    assert business_day.current(db) == "2026-12-02"
    status = inspection.status(db)
    assert status.business_date == "2026-12-02"
    assert "2026-12-01 is closed" in status.business_day_note
    late = shifts.open_shift(db, cashier_id=CASHIER2, float_paise=200_00)
    assert late.business_date == "2026-12-02"
    evening = take(db, CASHIER2, 120_00)
    assert evening.business_date == "2026-12-02"
    with pytest.raises(Refused, match="exists already"):
        day_end.close_day(db, "2026-12-01")
    pc_clock("2026-12-01 20:00")
    close(db, CASHIER2)
    assert business_day.to_close(db) == "2026-12-02"  # the next Z closes the evening's day
    pc_clock("2026-12-02 20:00")
    z2 = day_end.close_day(db)
    assert z2["business_date"] == "2026-12-02" and z2["z_no"] == 2
    assert z2["txn_ids"] == [evening.txn_id] and z2["gross_paise"] == 120_00
    assert set(every_txn_in_one_z(db).values()) == {1}


def test_a_shift_past_midnight_stays_in_the_day_it_opened(fresh, pc_clock):
    db = fresh
    pc_clock("2026-12-01 22:00")
    shift = shifts.open_shift(db, cashier_id=CASHIER, float_paise=0)
    before = take(db, CASHIER, 200_00)
    pc_clock("2026-12-02 00:30")
    after = take(db, CASHIER, 99_00, consumer="200000000")
    voided = take(db, CASHIER, 50_00, consumer="300000000")
    voids.void_recharge(db, voided.receipt_no, supervisor_id=SUPERVISOR, reason="wrong_amount")
    assert after.business_date == before.business_date == shift.business_date == "2026-12-01"
    with pytest.raises(Refused, match="still open"):
        day_end.close_day(db, "2026-12-01")
    pc_clock("2026-12-02 00:45")
    fig = close(db, CASHIER)
    assert fig.expected_paise == 200_00 + 99_00
    z = day_end.close_day(db)
    assert z["business_date"] == "2026-12-01"
    assert sorted(z["txn_ids"]) == sorted([before.txn_id, after.txn_id, voided.txn_id])
    assert z["voids_paise"] == 50_00
    pc_clock("2026-12-02 08:00")
    morning = shifts.open_shift(db, cashier_id=CASHIER2, float_paise=0)
    assert morning.business_date == "2026-12-02"
    assert set(every_txn_in_one_z(db).values()) == {1}


def test_a_clock_going_back_over_midnight_never_reopens_a_closed_day(fresh, pc_clock):
    db = fresh
    pc_clock("2026-12-01 10:00")
    shifts.open_shift(db, cashier_id=CASHIER, float_paise=0)
    rejected = take(db, CASHIER, 400_00)
    close(db, CASHIER)
    day_end.close_day(db)
    pc_clock("2026-12-02 00:10")
    shifts.open_shift(db, cashier_id=CASHIER, float_paise=0)
    take(db, CASHIER, 100_00)
    close(db, CASHIER)
    pc_clock("2026-12-01 23:50")  # the PC clock goes back over midnight
    again = shifts.open_shift(db, cashier_id=CASHIER2, float_paise=500_00)
    assert again.business_date == "2026-12-02"
    back = take(db, CASHIER2, 10_00)
    assert back.business_date == "2026-12-02"
    assert "clock went back" in inspection.status(db).business_day_note
    # a refund of a day-1 rejection, paid on day 2, is in day 2's Z (the shift where it happened)
    conn = raw_connect(db_path_of(db))
    conn.execute("UPDATE outbox SET state = 'rejected', reject_reason = 'unknown_consumer' WHERE txn_id = ?",
                 [rejected.txn_id])
    conn.close()
    rejections.refund(db, rejected.receipt_no, supervisor_id=SUPERVISOR)
    close(db, CASHIER2)
    with pytest.raises(Refused, match="exists already"):
        day_end.close_day(db, "2026-12-01")
    z2 = day_end.close_day(db)
    assert z2["business_date"] == "2026-12-02" and z2["refunds_paise"] == 400_00
    assert z2["gross_paise"] == 110_00
    assert set(every_txn_in_one_z(db).values()) == {1}


def test_days_close_in_order(fresh, pc_clock):
    db = fresh
    pc_clock("2026-12-01 10:00")
    shifts.open_shift(db, cashier_id=CASHIER, float_paise=0)
    close(db, CASHIER)
    pc_clock("2026-12-02 10:00")
    shifts.open_shift(db, cashier_id=CASHIER, float_paise=0)
    close(db, CASHIER)
    with pytest.raises(Refused, match="close 2026-12-01 first"):
        day_end.close_day(db, "2026-12-02")
    with pytest.raises(Refused, match="has not begun"):
        day_end.close_day(db, "2026-12-05")
    assert day_end.close_day(db)["business_date"] == "2026-12-01"
    assert day_end.close_day(db)["business_date"] == "2026-12-02"


def db_path_of(db):
    from pathlib import Path
    return Path(db.execute("PRAGMA database_list").fetchone()[2]).parent
