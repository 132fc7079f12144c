"""``ui.operations.CoreOp``: one core call from the window, its refusal at its field, and the notice that the counter changed."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QLineEdit

from counter_app.errors import InputError
from ui.forms import FormErrors
from ui.operations import CoreOp
from ui.session import Session


def _form():
    general, amount, amount_error = QLabel(), QLineEdit(), QLabel()
    errors = FormErrors(general)
    errors.add("amount", amount, amount_error)
    return errors, general, amount_error


def test_success_returns_the_result_and_says_the_counter_changed(qtbot, data_dir):
    session = Session(data_dir)
    try:
        errors, general, _ = _form()
        with qtbot.waitSignal(session.changes.changed, timeout=1000):
            assert CoreOp(session, lambda: 42).run(errors) == 42
        assert general.text() == ""
        with qtbot.assertNotEmitted(session.changes.changed):
            assert CoreOp(session, lambda: "read", changes=False).run(errors) == "read"
    finally:
        session.close()


def test_a_refusal_shows_at_its_field_and_changes_nothing(qtbot, data_dir):
    session = Session(data_dir)
    cleared = []

    def refuse():
        raise InputError("Type the amount in rupees.", field="amount")
    try:
        errors, general, amount_error = _form()
        with qtbot.assertNotEmitted(session.changes.changed):
            assert CoreOp(session, refuse).failure(lambda: cleared.append(1)).run(errors) is None
        assert amount_error.text() == "✖ Type the amount in rupees." and general.text() == ""
        assert cleared == [1]
    finally:
        session.close()


def test_our_bug_is_logged_and_named_by_its_log_file(qtbot, data_dir, caplog):
    session = Session(data_dir)
    try:
        errors, general, _ = _form()
        assert CoreOp(session, lambda: 1 / 0).run(errors) is None
        assert general.text().startswith("✖ Internal error, logged to ") and str(session.log_file) in general.text()
        assert any(r.exc_info and r.exc_info[0] is ZeroDivisionError for r in caplog.records)
    finally:
        session.close()
