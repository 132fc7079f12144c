"""First run: the setup dialog does what ``counter-app setup`` does, plus the first supervisor."""

from __future__ import annotations

from PySide6.QtCore import Qt

from counter_app import connection, counter, users
from ui.session import Session
from ui.setup_dialog import SetupDialog


def test_first_run_setup_by_keyboard(qtbot, tmp_path):
    session = Session(tmp_path / "new")
    try:
        assert not session.is_set_up()
        dialog = SetupDialog(session)
        qtbot.addWidget(dialog)
        dialog.show()
        f = dialog.fields
        qtbot.keyClicks(f["counter_id"], "mng 01")                 # not a valid id
        qtbot.keyClicks(f["server_url"], "https://sync.example.in")
        qtbot.keyClicks(f["user_id"], "sup")
        qtbot.keyClicks(f["name"], "Sunita Singh")
        qtbot.keyClicks(f["pin"], "9876")
        qtbot.keyClicks(f["pin2"], "9876")
        qtbot.keyClick(f["pin2"], Qt.Key.Key_Return)
        label = dialog.errors.label_for("counter_id")
        assert dialog.isVisible() and label.isVisible() and "not valid" in label.text()
        f["counter_id"].clear()
        qtbot.keyClicks(f["counter_id"], "mng-01")
        f["pin2"].clear()
        qtbot.keyClicks(f["pin2"], "9875")
        qtbot.keyClick(f["pin2"], Qt.Key.Key_Return)
        assert dialog.errors.label_for("pin2").isVisible()
        f["pin2"].clear()
        qtbot.keyClicks(f["pin2"], "9876")
        qtbot.keyClick(f["pin2"], Qt.Key.Key_Return)
        assert dialog.result() == SetupDialog.DialogCode.Accepted
    finally:
        session.close()
    db = connection.open_counter_db(tmp_path / "new")
    try:
        assert counter.load(db).counter_id == "MNG-01"
        assert users.authenticate(db, "sup", "9876", role="supervisor").name == "Sunita Singh"
    finally:
        db.close()
