"""One whole counter day against the real server on loopback: the books close to the paisa.

Open, recharges with paise, a void, a rejection resolved both ways (sent again
under the right consumer, and refunded), a refund, a close with a count that
balances, the Z report, a second shift after the Z (the next business day) and
that day's Z. Then the journal, the server's ledger after sync and the two Z
reports must agree to the paisa, and every txn_id must be in exactly one Z.
"""

import datetime as dt
import json

import pytest

from counter_app import (
    cash, clock, connection, consumers, counter, day_end, journal, reconciliation, recharge, rejections, settings,
    shifts, users, voids,
)
from counter_app.sync import SyncClient
from tests.server_fixture import consumer_numbers

UNKNOWN = ("999999999991", "999999999992")   # well-formed, but no such consumers on the server


@pytest.fixture
def day_clock(pc_clock):
    """``day_clock(days_ago, "HH:MM")``: the PC's time in India on a day relative to today (the server's
    evidence is stamped with real time, so the day stays near it)."""
    today = dt.datetime.now(dt.timezone(dt.timedelta(hours=5, minutes=30))).date()
    return lambda days_ago, hhmm: pc_clock(f"{today - dt.timedelta(days=days_ago)} {hhmm}")


def sync(db):
    result = SyncClient(db).sync_once(force=True)
    assert result.error is None, result.error
    return result


def balanced_count(expected: int) -> str:
    """The drawer counted note by note, coins included: greedy over the Indian denominations."""
    pieces, left = {}, expected
    for value in cash.parse_denominations(cash.DEFAULT_DENOMINATIONS):
        pieces[value], left = divmod(left, value)
    assert left == 0, "the count must be able to hold every amount"
    return cash.count_text(pieces)


def close_balanced(db, cashier):
    fig = reconciliation.x_report(db)
    result = reconciliation.close_shift(db, cashier_id=cashier, count_text=balanced_count(fig.expected_paise))
    assert not result.needs_sign_off and result.figures.variance_paise == 0
    return result.figures


def test_a_whole_day_closes_to_the_paisa(server, no_faults, day_clock, tmp_path):
    db = connection.open_counter_db(tmp_path / "counter")
    counter_id = "BOOKS-01"
    token = server.store.add_counter(counter_id)
    counter.setup(db, counter_id=counter_id, server_url=server.url, token=token, office="Patna East")
    for uid, name, role in (("asha", "Asha Devi", "cashier"), ("ravi", "Ravi Kumar", "cashier"),
                            ("sup", "Sunita Singh", "supervisor")):
        users.add(db, user_id=uid, name=name, role=role, pin="2468")
    known = consumer_numbers(6)
    consumers.pull(db)

    # Day 1: Asha's shift, money with paise, a void, two rejections.
    day_clock(1, "08:30")
    balance_stated_at = clock.now_iso()   # as if the directory's balances were stated before the day began
    day1 = day_clock(1, "09:00")
    shifts.open_shift(db, cashier_id="asha", float_paise=1000_00)

    def take(consumer_no, paise):
        return recharge.take_recharge(db, cashier_id="asha", consumer_no=consumer_no, amount_paise=paise)
    r1 = take(known[0], 499_50)         # cash due Rs 500 (rounding +0.50)
    r2 = take(known[1], 1250_25)        # cash due Rs 1,250 (rounding -0.25)
    r3 = take(known[2], 350_00)
    r4 = take(UNKNOWN[0], 700_40)       # the server will reject both of these
    r5 = take(UNKNOWN[1], 99_50)
    voids.void_recharge(db, r3.receipt_no, supervisor_id="sup", reason="customer_cancelled")
    day_clock(1, "10:00")
    first = sync(db)
    assert first.rejected == 2
    # the last known balance moves with what this counter took: confirmed now, beside the directory's figure
    since = consumers.taken_since(db, known[0], balance_stated_at)
    assert since.confirmed_paise == 499_50 and since.pending_paise == 0
    assert consumers.taken_since(db, UNKNOWN[0], balance_stated_at).pending_paise == 700_40  # rejected: not credited
    # the supervisor resolves the rejections both ways
    fixed = rejections.correct_consumer(db, r4.receipt_no, supervisor_id="sup", consumer_no=known[3])
    rejections.refund(db, r5.receipt_no, supervisor_id="sup")
    day_clock(1, "11:00")
    sync(db)
    fig1 = close_balanced(db, "asha")
    assert fig1.expected_paise == 1000_00 + 500_00 + 1250_00 + 350_00 + 700_00 + 100_00 - 350_00 - 100_00
    assert fig1.rounding_paise == 50 - 25 - 40 + 50
    day_clock(1, "14:00")                 # the day is closed early
    z1 = day_end.close_day(db, actor="sup")
    assert z1["business_date"] == day1 and z1["variance_paise"] == 0

    # Same afternoon, after the Z: Ravi's shift belongs to the next business day.
    day_clock(1, "15:00")
    settings.change(db, "cash_rounding_paise", 50, actor="sup")   # from now on cash to the 50-paise coin
    late = shifts.open_shift(db, cashier_id="ravi", float_paise=500_00)
    assert late.business_date > day1
    r6 = recharge.take_recharge(db, cashier_id="ravi", consumer_no=known[4], amount_paise=210_60)
    r7 = recharge.take_recharge(db, cashier_id="ravi", consumer_no=known[5], amount_paise=88_00)
    assert r6.business_date == r7.business_date == late.business_date
    assert r6.rounding_paise == -10     # Rs 210.50 in cash: the drawer holds a 50-paise coin
    day_clock(1, "19:00")
    fig2 = close_balanced(db, "ravi")
    assert fig2.expected_paise == 500_00 + 210_50 + 88_00 and fig2.count["0.50"] == 1
    day_clock(0, "20:00")
    sync(db)
    z2 = day_end.close_day(db, actor="sup")
    assert z2["business_date"] == late.business_date and z2["z_no"] == 2

    # Every txn_id in exactly one Z.
    all_txns = [row[0] for row in db.execute("SELECT txn_id FROM recharges")]
    in_z = z1["txn_ids"] + z2["txn_ids"]
    assert sorted(in_z) == sorted(all_txns) and len(set(in_z)) == len(in_z)
    assert set(z1["txn_ids"]) == {t.txn_id for t in (r1, r2, r3, r4, r5, fixed)}
    # ... and every void, refund and supersession in exactly one Z too (the Z of the shift it happened in)
    adjusted = [(kind, a["txn_id"]) for z in (z1, z2) for kind in ("voids", "refunds", "superseded") for a in z[kind]]
    assert sorted(adjusted) == sorted([("voids", r3.txn_id), ("refunds", r5.txn_id), ("superseded", r4.txn_id)])
    assert sorted(kind for (kind,) in db.execute("SELECT kind FROM adjustments")) == ["refunded", "superseded", "void"]

    # The journal agrees with the Z reports to the paisa.
    entries = journal.entries(db)
    taken_in_journal = {e.ref: e.payload for e in entries if e.kind == "recharge"}
    voided_in_journal = {e.ref for e in entries if e.kind == "void"}
    refunded_in_journal = {e.ref for e in entries if e.kind == "refunded"}
    for z in (z1, z2):
        items = [taken_in_journal[t] for t in z["txn_ids"]]
        cash_items = [p for p in items if p["payment_mode"] == "cash"]
        assert z["gross_paise"] == sum(p["amount_paise"] for p in cash_items)
        assert z["rounding_paise"] == sum(p["rounding_paise"] for p in cash_items)
        assert z["transfers_paise"] == sum(p["amount_paise"] for p in items if p["payment_mode"] != "cash")
        assert z["voids_cash_paise"] == sum(p["amount_paise"] + p["rounding_paise"] for p in cash_items
                                            if p["txn_id"] in voided_in_journal)
        assert z["expected_paise"] == z["counted_paise"]
        assert cash.count_total_paise(cash.parse_count(",".join(f"{v}x{n}" for v, n in z["count"].items()),
                                                       cash.parse_denominations(cash.DEFAULT_DENOMINATIONS))) \
            == z["counted_paise"]
    assert z1["refunds_paise"] == 100_00 and refunded_in_journal == {r5.txn_id}
    assert [s["new_receipt_no"] for s in z1["superseded"]] == [fixed.receipt_no]

    # The server's ledger after sync: exactly the money that should be on consumers' balances.
    assert sync(db).remaining == 0
    credited = {row["txn_id"]: row["amount_paise"] for row in server.store.ledger(counter_id) if not row["voided"]}
    should = {}
    for z in (z1, z2):
        for t in z["txn_ids"]:
            if t in voided_in_journal or t in refunded_in_journal or t in (r4.txn_id,):
                continue
            should[t] = taken_in_journal[t]["amount_paise"]
    assert credited == should
    assert sum(credited.values()) == 499_50 + 1250_25 + 700_40 + 210_60 + 88_00
    assert z2["unsettled"] == [] and json.loads(
        db.execute("SELECT totals FROM z_reports WHERE z_no = 2").fetchone()[0])["txn_ids"] == z2["txn_ids"]
    db.close()
