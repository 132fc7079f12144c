"""The keyboard shortcuts as the Help menu lists them (F1); the keys are set in ``ui.main_window``.

Every key listed here works from every field: none is a text field's own
editing key (Ctrl+Shift+Z is Redo there, so closing the day is Ctrl+Shift+D;
Ctrl+Del deletes a word, so voiding is Ctrl+Shift+V).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication


def shortcuts_text() -> str:
    # The MainWindow context: the Hindi catalog has these sentences under it.
    return QCoreApplication.translate(
        "MainWindow",
        "Recharge screen: type the consumer number (or the first letters of a name, then pick with the "
        "arrow keys), Enter or Tab; amount (Alt+1..Alt+5 for quick amounts), Enter; cash tendered, "
        "Enter takes the recharge. Esc clears.\n\n"
        "F2 recharge · F3 transactions · F4 rejected (supervisor) · F5 sync now\n"
        "Ctrl+P reprint · Ctrl+R refresh list · Ctrl+Shift+V void (in the list) · "
        "Ctrl+L log out / switch cashier · Ctrl+Q quit\n"
        "Ctrl+Shift+X X report · Ctrl+Shift+C close my shift · Ctrl+Shift+D close the day (supervisor) · "
        "Ctrl+Shift+B back up now")
