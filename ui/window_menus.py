"""The cashier window's actions and menus: every shortcut written on its menu item.

A mixin of :class:`ui.main_window.MainWindow` (kept apart so each module stays
small); the slots it connects are the window's own.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QAction, QActionGroup, QKeySequence

from ui.i18n import LANGUAGES
from ui.printing import TARGETS


class MenusMixin:
    # -- actions and menus ----------------------------------------------------
    def _action(self, shortcut: str | None, slot: Any, *, checkable: bool = False) -> QAction:
        action = QAction(self)
        if shortcut:
            # setShortcuts([...]), not setShortcut(...): PySide6's overload resolution of
            # setShortcut builds Python enums of the whole Qt namespace, 15 ms of every start.
            action.setShortcuts([QKeySequence.fromString(shortcut)])
        action.setCheckable(checkable)
        action.triggered.connect(slot)
        self.addAction(action)   # shortcuts work even with the menu bar hidden
        return action

    def _make_actions(self) -> None:
        self.act_sync = self._action("F5", self.sync_now)
        self.act_x_report = self._action("Ctrl+Shift+X", self.show_x_report)
        self.act_close_shift = self._action("Ctrl+Shift+C", self.close_shift)
        # Not Ctrl+Shift+Z: that is Redo in a text field, which takes the key first.
        self.act_close_day = self._action("Ctrl+Shift+D", self.close_day)
        self.act_backup = self._action("Ctrl+Shift+B", self.backup_now)
        self.act_logout = self._action("Ctrl+L", self.logout)
        self.act_quit = self._action("Ctrl+Q", self.request_quit)
        self.act_recharge = self._action("F2", self.show_recharge)
        self.act_transactions = self._action("F3", self.show_transactions)
        self.act_rejected = self._action("F4", self.show_rejected)
        self.act_reprint = self._action("Ctrl+P", self.reprint)
        self.act_help = self._action("F1", self.show_shortcuts)
        self.act_printer_setup = self._action(None, self.printer_setup)
        self.print_group = QActionGroup(self)
        self.act_targets = {}
        for target in TARGETS:
            action = self._action(None, lambda _c=False, t=target: self.set_print_target(t), checkable=True)
            action.setChecked(target == self.printer.target)
            self.print_group.addAction(action)
            self.act_targets[target] = action
        self.language_group = QActionGroup(self)
        self.act_languages = {}
        for code, name in LANGUAGES.items():
            action = self._action(None, lambda _c=False, c=code: self.set_language(c), checkable=True)
            action.setText(name)   # each language named in itself, never translated
            action.setChecked(code == self.languages.current)
            self.language_group.addAction(action)
            self.act_languages[code] = action
        self.act_demo = self._action("Ctrl+D", self.toggle_demo_server)

    def _make_menus(self) -> None:
        bar = self.menuBar()
        self.menu_counter = bar.addMenu("")
        self.menu_counter.addAction(self.act_sync)
        self.menu_counter.addSeparator()
        for a in (self.act_x_report, self.act_close_shift, self.act_close_day, self.act_backup):
            self.menu_counter.addAction(a)
        self.menu_counter.addSeparator()
        for a in (self.act_logout, self.act_quit):
            self.menu_counter.addAction(a)
        self.menu_view = bar.addMenu("")
        for a in (self.act_recharge, self.act_transactions, self.act_rejected):
            self.menu_view.addAction(a)
        self.menu_print = bar.addMenu("")
        self.menu_print.addAction(self.act_reprint)
        self.menu_print.addAction(self.act_printer_setup)
        self.menu_print.addSeparator()
        for a in self.act_targets.values():
            self.menu_print.addAction(a)
        self.menu_language = bar.addMenu("")
        for a in self.act_languages.values():
            self.menu_language.addAction(a)
        self.menu_demo = bar.addMenu("")
        self.menu_demo.addAction(self.act_demo)
        self.menu_demo.menuAction().setVisible(self.demo is not None)
        self.act_demo.setEnabled(self.demo is not None)
        self.menu_help = bar.addMenu("")
        self.menu_help.addAction(self.act_help)

    def retranslate(self) -> None:
        me = self.session.counter() if self.session.is_set_up() else None
        self.setWindowTitle(self.tr("Counter {counter} - recharges").format(counter=me.counter_id if me else "?"))
        self.menu_counter.setTitle(self.tr("&Counter"))
        self.menu_view.setTitle(self.tr("&View"))
        self.menu_print.setTitle(self.tr("&Printing"))
        self.menu_language.setTitle(self.tr("&Language / भाषा"))
        self.menu_demo.setTitle(self.tr("&Demo"))
        self.menu_help.setTitle(self.tr("&Help"))
        self.act_sync.setText(self.tr("Sync now"))
        self.act_logout.setText(self.tr("Log out / switch cashier"))
        self.act_x_report.setText(self.tr("X report (the shift so far)"))
        self.act_close_shift.setText(self.tr("Close my shift (blind count)…"))
        self.act_close_day.setText(self.tr("Close the day: Z report (supervisor)…"))
        self.act_backup.setText(self.tr("Back up now"))
        self.act_quit.setText(self.tr("Quit"))
        self.act_recharge.setText(self.tr("Recharge"))
        self.act_transactions.setText(self.tr("Transactions"))
        self.act_rejected.setText(self.tr("Rejected or disputed transactions (supervisor)"))
        self.act_reprint.setText(self.tr("Reprint receipt"))
        self.act_printer_setup.setText(self.tr("Printer setup (supervisor)…"))
        self.act_targets["thermal"].setText(self.tr("Print on the receipt (thermal) printer"))
        self.act_targets["office"].setText(self.tr("Print on an office printer (asks which)"))
        self.act_targets["pdf"].setText(self.tr("Save PDF only, do not print"))
        self.act_help.setText(self.tr("Keyboard shortcuts"))
        self._show_demo_state()

