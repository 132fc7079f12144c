"""Qt models without a view, and the status bar's wording as a pure function."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt

from counter_app import clock
from counter_app.inspection import Status
from counter_app.sync import Health, SyncResult
from ui.models import TransactionsModel
from ui.status_panel import BAD, OK, WARN, summarize
from ui.sync_worker import SyncReport


def _row(seq: int, status: str = "pending", **extra) -> dict:
    row = {"txn_id": f"t{seq}", "receipt_no": f"MNG-01-{seq:07d}", "created_at": clock.now_iso(),
           "consumer_no": "123456789", "amount_paise": 500_00 + seq, "status": status,
           "server_ref": None, "reject_reason": None, "last_error": None}
    row.update(extra)
    return row


def test_set_rows_resets_the_model_without_a_view(qapp):
    model = TransactionsModel()
    events = []
    model.modelAboutToBeReset.connect(lambda: events.append("about"))
    model.modelReset.connect(lambda: events.append("reset"))
    model.set_rows([_row(1), _row(2, "confirmed", server_ref="SRV-9")])
    assert events == ["about", "reset"]
    assert model.rowCount() == 2 and model.columnCount() == len(TransactionsModel.COLUMNS)
    assert model.rowCount(model.index(0, 0)) == 0   # a table, not a tree
    col = TransactionsModel.COLUMNS.index
    assert model.data(model.index(0, col("amount"))) == "Rs 500.01"
    assert model.data(model.index(0, col("status"))) == "⏳ PENDING"
    assert model.data(model.index(1, col("status"))) == "✔ CONFIRMED"
    assert model.data(model.index(1, col("detail"))) == "SRV-9"
    assert model.data(model.index(0, col("amount")), Qt.ItemDataRole.TextAlignmentRole)
    assert model.data(model.index(0, 0), Qt.ItemDataRole.UserRole)["txn_id"] == "t1"
    assert model.data(QModelIndex()) is None
    assert model.headerData(col("receipt_no"), Qt.Orientation.Horizontal) == "Receipt"
    model.set_rows([])
    assert model.rowCount() == 0 and events[-2:] == ["about", "reset"]


def test_rejected_model_shows_the_reason(qapp):
    model = TransactionsModel(with_reason=True)
    model.set_rows([_row(3, "rejected", reject_reason="unknown_consumer")])
    col = TransactionsModel.COLUMNS.index
    assert model.headerData(col("detail"), Qt.Orientation.Horizontal) == "Reason"
    # the server's reason as a sentence, never its code (issue 16: `unknown_consumer` on screen)
    assert model.data(model.index(0, col("detail"))) == "The server does not know this consumer number"
    assert model.data(model.index(0, col("status"))) == "✖ REJECTED"


def _status(**kw) -> Status:
    base = dict(counter_id="MNG-01", office=None, server_url="http://127.0.0.1:9", pending=0, pending_paise=0,
                confirmed=0, confirmed_paise=0, rejected=0, rejected_paise=0, oldest_pending_at=None,
                last_sync_at=None, last_sync_attempt_at=None, last_sync_error=None, clock_skew_s=None,
                open_shift=None, exposure=(), warnings=())
    return Status(**{**base, **kw})


def test_reachable_server_never_hides_pending_money(qapp):
    report = SyncReport(SyncResult(sent=0, remaining=3), Health(True, skew_s=0), None, clock.now_iso())
    s = summarize(_status(pending=3, pending_paise=1500_00, oldest_pending_at=clock.now_iso()), report)
    assert s.server.level == OK and "reachable" in s.server.text
    assert s.queue.level == WARN
    assert "3 waiting to send" in s.queue.text and "NOT YET CREDITED" in s.queue.text and "Rs 1,500.00" in s.queue.text
    done = summarize(_status(), report)
    assert done.queue.level == OK and "Nothing pending" in done.queue.text


def test_unreachable_server_says_so_in_words(qapp):
    report = SyncReport(SyncResult(error="refused"), Health(False, error="connection refused"), None,
                        clock.now_iso())
    s = summarize(_status(last_sync_at="2026-11-27T04:00:00.000000Z"), report)
    assert s.server.level == BAD and "NOT reachable" in s.server.text and "last success" in s.server.text
    assert s.server.tooltip == "connection refused"
    first = summarize(_status(last_sync_attempt_at="2026-11-27T05:00:00Z", last_sync_error="timeout"), None)
    assert first.server.level == BAD and "NOT reachable" in first.server.text
    unknown = summarize(_status(), None)
    assert unknown.server.level == WARN and "not checked" in unknown.server.text


def test_sync_failure_with_a_reachable_server_is_not_green(qapp):
    report = SyncReport(SyncResult(error="401 wrong token"), Health(True), None, clock.now_iso())
    s = summarize(_status(), report)
    assert s.server.level == BAD and "sync failed" in s.server.text and s.server.tooltip == "401 wrong token"


def test_rejected_and_clock_skew(qapp):
    report = SyncReport(SyncResult(), Health(True, skew_s=-900), None, clock.now_iso())
    s = summarize(_status(rejected=2, rejected_paise=700_00), report, skew_warn_s=300)
    assert s.rejected.level == BAD and "2 REJECTED" in s.rejected.text and "F4" in s.rejected.text
    assert s.clock is not None and "15 min" in s.clock.text
    assert summarize(_status(clock_skew_s=10), None).clock is None


def test_disputed_money_is_on_the_status_line_for_the_supervisor(qapp):
    s = summarize(_status(disputed=1, disputed_paise=200_50), None)
    assert s.rejected.level == BAD and "1 DISPUTED" in s.rejected.text and "Rs 200.50" in s.rejected.text
    assert summarize(_status(), None).rejected.level != BAD


def test_exposure_limits_are_shown_in_the_cores_words(qapp):
    s = summarize(_status(pending=1, exposure=("Cash waiting to reach the server is Rs 60,000.00, over the limit.",)),
                  None)
    assert s.clock is not None and s.clock.level == BAD and "over the limit" in s.clock.text


def test_business_day_note_is_a_notice_on_the_status_line(qapp):
    note = "Day 2026-12-01 is closed (Z report made): new shifts and recharges belong to business day 2026-12-02."
    s = summarize(_status(business_date="2026-12-02", business_day_note=note), None)
    assert s.clock is not None and s.clock.level == WARN and note in s.clock.text
    assert summarize(_status(business_date="2026-12-01"), None).clock is None


def test_rows_confirmed_without_the_servers_word_are_an_alarm_on_the_status_line(qapp):
    """``counter-app status`` warns of them (set confirmed by hand?); the window said nothing."""
    s = summarize(_status(confirmed=5, unproven=2, unproven_paise=400_00), None)
    assert s.clock is not None and s.clock.level == BAD
    assert "2 CONFIRMED WITHOUT PROOF" in s.clock.text and "Rs 400.00" in s.clock.text
    # the whole sentence, what to do included, where the mouse or a screen reader finds it
    assert "2 transaction(s) (Rs 400.00)" in s.clock.tooltip and "counter-app verify" in s.clock.tooltip
    assert summarize(_status(confirmed=5), None).clock is None
