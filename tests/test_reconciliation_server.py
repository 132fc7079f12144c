"""Voids, corrections and refunds against the real reference server: its ledger and the counter agree."""

from counter_app import adjustments, connection, rejections, users, verify, voids
from counter_app.sync import SyncClient
from tests.server_fixture import BOTH_STORES, consumer_numbers, new_counter, take

SERVER_STORES = BOTH_STORES  # every test here runs on SQLite and on PostgreSQL

SUP, SUP_PIN = "sup", "9876"
UNKNOWN = "999999999999"  # well-formed, but no such consumer on the server


def _sync(db):
    result = SyncClient(db).sync_once(force=True)
    assert result.error is None, result.error
    assert result.remaining == 0
    return result


def counter_net(db) -> dict[str, int]:
    """The counter's confirmed recharges minus its voids: txn_id -> paise."""
    rows = db.execute(
        "SELECT r.txn_id, r.amount_paise FROM recharges r JOIN outbox o ON o.txn_id = r.txn_id "
        "LEFT JOIN adjustments a ON a.txn_id = r.txn_id "
        "WHERE o.state = 'confirmed' AND (a.kind IS NULL OR a.kind != 'void')").fetchall()
    return dict(rows)


def server_net(server, counter_id) -> dict[str, int]:
    return {row["txn_id"]: row["amount_paise"] for row in server.store.ledger(counter_id) if not row["voided"]}


def test_server_ledger_minus_voids_equals_counter_confirmed_minus_voids(server, no_faults, counter_template,
                                                                       tmp_path):
    db, _ = new_counter(counter_template, tmp_path / "c", server)
    try:
        users.add(db, user_id=SUP, name="Sunita Singh", role="supervisor", pin=SUP_PIN)
        taken = take(db, 6, amount_paise=250_00)
        wrong = take(db, 2, consumer_no=UNKNOWN, amount_paise=400_00)
        # voided before the server ever saw it: never credited
        voids.void_recharge(db, taken[1].receipt_no, supervisor_id=SUP, reason="wrong_amount")
        first = _sync(db)
        assert first.rejected == 2
        # voided after it was credited: the server takes the credit back
        voids.void_recharge(db, taken[3].receipt_no, supervisor_id=SUP, reason="customer_cancelled")
        # the supervisor resolves the two rejections: one corrected, one refunded
        fixed = rejections.correct_consumer(db, wrong[0].receipt_no, supervisor_id=SUP,
                                            consumer_no=consumer_numbers(3)[2])
        rejections.refund(db, wrong[1].receipt_no, supervisor_id=SUP)
        _sync(db)
        _sync(db)  # a second pass sends nothing and changes nothing

        mine, theirs = counter_net(db), server_net(server, db.execute(
            "SELECT counter_id FROM counter").fetchone()[0])
        assert mine == theirs
        kept = [t for t in taken if t not in (taken[1], taken[3])]
        assert sum(mine.values()) == sum(theirs.values()) == sum(t.amount_paise for t in kept) + wrong[0].amount_paise
        assert fixed.txn_id in theirs and taken[1].txn_id not in theirs and taken[3].txn_id not in theirs
        full = {row["txn_id"]: row for row in server.store.ledger()}
        assert full[taken[3].txn_id]["voided"] and full[taken[3].txn_id]["reversed_at"]
        assert adjustments.get(db, wrong[1].txn_id)["kind"] == "refunded"
        assert verify.run(db) == []
    finally:
        db.close()


def test_a_day_survives_a_reopen_of_the_database(server, no_faults, counter_template, tmp_path):
    """The same agreement read back from disk through a fresh connection."""
    db, _ = new_counter(counter_template, tmp_path / "c", server)
    taken = take(db, 3)
    users.add(db, user_id=SUP, name="Sunita Singh", role="supervisor", pin=SUP_PIN)
    voids.void_recharge(db, taken[0].receipt_no, supervisor_id=SUP, reason="wrong_consumer")
    _sync(db)
    counter_id = db.execute("SELECT counter_id FROM counter").fetchone()[0]
    db.close()
    again = connection.open_counter_db(tmp_path / "c")
    try:
        assert counter_net(again) == server_net(server, counter_id)
        assert len(counter_net(again)) == 2
    finally:
        again.close()
