"""The question before a second recharge for one consumer minutes after the first (most often one payment taken twice)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from counter_app import clock
from counter_app.money import format_rupees


def ask(parent: QWidget, consumer: str, recent: dict) -> bool:
    """Yes to take it anyway; No (the default, and Esc) to stop. ``recent`` is ``inspection.recent_recharge``'s."""
    from PySide6.QtWidgets import QMessageBox   # the dialog's classes load when first asked

    # The recharge page's words, in its context; written out at each call so pyside6-lupdate sees the context.
    translate = QCoreApplication.translate
    when = clock.local(recent["created_at"]).strftime("%H:%M")
    box = QMessageBox(QMessageBox.Icon.Warning, translate("RechargePage", "Same consumer again?"), translate(
        "RechargePage", "Consumer {consumer} was recharged {amount} at {time} (receipt {receipt}).\n\n"
        "Take another recharge for this consumer?").format(
            consumer=consumer, amount=format_rupees(int(recent["amount_paise"])),
            time=when, receipt=recent["receipt_no"]),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, parent)
    box.setDefaultButton(QMessageBox.StandardButton.No)
    box.setEscapeButton(QMessageBox.StandardButton.No)
    return box.exec() == QMessageBox.StandardButton.Yes
