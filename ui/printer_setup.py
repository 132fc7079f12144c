"""Printer setup (a supervisor, or the first run): where receipts go, a test page, the choice saved.

Thermal printers (network host:9100, USB, serial) are the core's settings
``printer_kind``/``printer_target``, so the CLI prints to the same one; a
printer of this computer (CUPS, the Windows spooler) is listed through
QPrinterInfo and remembered with the window's own settings. The test page
goes to a thermal printer on the printer thread (one that is off takes
seconds to fail); it is painted on a system printer here, as receipts are.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QSettings, Signal
from PySide6.QtWidgets import (
    QComboBox, QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton,
    QSpinBox, QStackedWidget, QVBoxLayout, QWidget,
)

from counter_app import settings
from counter_app.errors import KnownError
from receipts import printer_setup
from ui.forms import error_label
from ui.printing import (
    PrintWorker, ReceiptPrinter, TestPrint, office_printer, print_pdf_on_office_printer, system_printers,
)
from ui.qt_workarounds import emit
from ui.session import Session

log = logging.getLogger(__name__)

#: The choices, in the order offered: (code, print target of the window).
CHOICES = (("none", "pdf"), ("network", "thermal"), ("usb", "thermal"), ("serial", "thermal"),
           ("system", "office"))
OFFICE_PRINTER_KEY = "office_printer"
DEFAULT_PORT = 9100


class PrinterSetupDialog(QDialog):
    saved = Signal(str)            # the window's print target: pdf, thermal or office
    _ask_test = Signal(str, str, int, str)

    def __init__(self, session: Session, printer_worker: PrintWorker, ui_settings: QSettings,
                 receipt_printer: ReceiptPrinter | None = None, parent: QWidget | None = None, *,
                 actor: str | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.actor = actor             # the supervisor (or first-run set-up) journaled with the change
        self.ui_settings = ui_settings
        self.receipt_printer = receipt_printer
        self.last_test: TestPrint | None = None
        #: Tests and screenshots paint a system printer's test page into this PDF file.
        self.office_output: Path | None = None
        self._ask_test.connect(printer_worker.print_test_page)
        printer_worker.test_printed.connect(self._on_test_printed)
        self.setWindowTitle(self.tr("Printer setup"))

        self.kind = QComboBox()
        self.kind.setObjectName("printerKind")
        names = {"none": self.tr("No printer: keep receipts as PDF only"),
                 "network": self.tr("Receipt printer on the network (host:9100)"),
                 "usb": self.tr("Receipt printer on USB"),
                 "serial": self.tr("Receipt printer on a serial port"),
                 "system": self.tr("A printer of this computer (office printer)")}
        for code, _target in CHOICES:
            self.kind.addItem(names[code], code)
        self.pages = QStackedWidget()
        self.pages.addWidget(QLabel(self.tr("Receipts are saved as PDF in the receipt archive.")))
        self.pages.addWidget(self._network_page())
        self.pages.addWidget(self._usb_page())
        self.pages.addWidget(self._serial_page())
        self.pages.addWidget(self._system_page())
        for index in range(self.pages.count()):
            page = self.pages.widget(index)
            if isinstance(page, QLabel):
                page.setWordWrap(True)
        self.kind.currentIndexChanged.connect(self.pages.setCurrentIndex)

        self.result_line = QLabel()
        self.result_line.setObjectName("printerResult")
        self.result_line.setWordWrap(True)
        self.error = error_label()
        self.test_button = QPushButton(self.tr("Print a &test page"))
        self.test_button.setAutoDefault(False)
        self.test_button.clicked.connect(self.print_test_page)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.addButton(self.test_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        kind_label = QLabel(self.tr("Receipts &go to"))
        kind_label.setBuddy(self.kind)
        top = QFormLayout()
        top.addRow(kind_label, self.kind)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.pages)
        layout.addWidget(self.error)
        layout.addWidget(self.result_line)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self._load()

    # -- the pages ------------------------------------------------------------------
    def _network_page(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.host = QLineEdit()
        self.host.setObjectName("printerHost")
        self.host.setPlaceholderText("192.168.1.50")
        self.port = QSpinBox()
        self.port.setObjectName("printerPort")
        self.port.setRange(1, 65535)
        self.port.setValue(DEFAULT_PORT)
        form.addRow(self._label(self.tr("Printer's &address"), self.host), self.host)
        form.addRow(self._label(self.tr("P&ort (most printers: 9100)"), self.port), self.port)
        return page

    def _usb_page(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.usb = QComboBox()
        self.usb.setObjectName("printerUsb")
        self.usb.setEditable(True)    # a VID:PID typed by IT when the printer does not describe itself
        refresh = QPushButton(self.tr("&Look again"))
        refresh.setAutoDefault(False)
        refresh.clicked.connect(self._fill_usb)
        row = QHBoxLayout()
        row.addWidget(self.usb, 1)
        row.addWidget(refresh)
        form.addRow(self._label(self.tr("&USB printer (VID:PID)"), self.usb), row)
        self.usb_note = QLabel()
        self.usb_note.setWordWrap(True)
        form.addRow("", self.usb_note)
        self._fill_usb()
        return page

    def _serial_page(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.serial_port = QComboBox()
        self.serial_port.setObjectName("printerSerial")
        self.serial_port.setEditable(True)
        for found in printer_setup.serial_ports():
            self.serial_port.addItem(found.label, found.target)
        self.baud = QComboBox()
        self.baud.setObjectName("printerBaud")
        for rate in printer_setup.BAUD_RATES:
            self.baud.addItem(str(rate), rate)
        form.addRow(self._label(self.tr("Serial &port"), self.serial_port), self.serial_port)
        form.addRow(self._label(self.tr("&Speed (baud)"), self.baud), self.baud)
        return page

    def _system_page(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.system = QComboBox()
        self.system.setObjectName("printerSystem")
        self.system.addItems(system_printers())
        form.addRow(self._label(self.tr("&Printer"), self.system), self.system)
        if not self.system.count():
            none = QLabel(self.tr("This computer has no printers set up; add one in the system's printer "
                                  "settings, then open this page again."))
            none.setWordWrap(True)
            form.addRow("", none)
        return page

    @staticmethod
    def _label(text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text)
        label.setBuddy(buddy)
        return label

    def _fill_usb(self) -> None:
        self.usb.clear()
        found = printer_setup.usb_printers()
        for device in found:
            self.usb.addItem(device.label, device.target)
        self.usb_note.setText("" if found else self.tr(
            "No USB printer found. Check its cable and power, then Look again; or type its VID:PID."))

    def _load(self) -> None:
        kind = str(settings.get(self.session.db, "printer_kind") or "none")
        target = str(settings.get(self.session.db, "printer_target") or "")
        window_target = str(self.ui_settings.value("print_target", ""))
        code = "system" if window_target == "office" else kind if kind in dict(CHOICES) else "none"
        self.kind.setCurrentIndex([c for c, _t in CHOICES].index(code))
        self.pages.setCurrentIndex(self.kind.currentIndex())
        if kind == "network" and target:
            host, _, port = target.rpartition(":") if ":" in target else (target, "", str(DEFAULT_PORT))
            self.host.setText(host)
            self.port.setValue(int(port) if port.isdigit() else DEFAULT_PORT)
        elif kind == "usb" and target:
            self.usb.setCurrentText(target)
        elif kind == "serial" and target:
            port, _, baud = target.partition(":")
            self.serial_port.setCurrentText(port)
            if baud:
                self.baud.setCurrentText(baud)
        chosen = self.ui_settings.value(OFFICE_PRINTER_KEY, "")
        if chosen:
            self.system.setCurrentText(str(chosen))

    # -- what was chosen ------------------------------------------------------------
    def choice(self) -> str:
        return str(self.kind.currentData())

    def thermal_target(self) -> str:
        """The ``printer_target`` for the chosen thermal printer; InputError-like KnownError when incomplete."""
        code = self.choice()
        if code == "network":
            if not self.host.text().strip():
                raise KnownError(self.tr("Type the printer's address (its IP address or name)."), field="host")
            return printer_setup.network_target(self.host.text(), self.port.value())
        if code == "usb":
            text = self.usb.currentText().strip()
            index = self.usb.findText(text)
            target = str(self.usb.itemData(index)) if index >= 0 else text
            if not target:
                raise KnownError(self.tr("Choose the USB printer, or type its VID:PID (like 0416:5011)."),
                                 field="usb")
            return target
        if code == "serial":
            text = self.serial_port.currentText().strip()
            index = self.serial_port.findText(text)
            port = str(self.serial_port.itemData(index)) if index >= 0 else text
            if not port:
                raise KnownError(self.tr("Choose the serial port (like COM3 or /dev/ttyUSB0)."), field="serial")
            return f"{port}:{self.baud.currentData()}"
        return ""

    def print_test_page(self) -> None:
        self.error.hide()
        self.result_line.setText("")
        code = self.choice()
        if code == "none":
            self._show_error(self.tr("Choose a printer first."))
            return
        if code == "system":
            self._test_on_system_printer()
            return
        try:
            target = self.thermal_target()
        except KnownError as exc:
            self._show_error(str(exc))
            return
        self.test_button.setEnabled(False)
        self.result_line.setText(self.tr("Sending the test page to {printer}…").format(printer=target))
        emit(self._ask_test, code, target, int(settings.get(self.session.db, "printer_dots")),
             self.session.counter().counter_id)

    def _test_on_system_printer(self) -> None:
        name = self.system.currentText()
        pdf = printer_setup.test_page_pdf(self.session.counter().counter_id, name or "system printer")
        try:
            ok = print_pdf_on_office_printer(pdf, self, output_file=self.office_output, printer=office_printer(name),
                                             ask=False)
        except KnownError as exc:
            self._on_test_printed(TestPrint(False, str(exc)))
            return
        self._on_test_printed(TestPrint(ok, self.tr("Test page sent to {printer}.").format(printer=name), pdf))

    def _on_test_printed(self, outcome: TestPrint) -> None:
        self.last_test = outcome
        self.test_button.setEnabled(True)
        if outcome.ok:
            self.result_line.setText("✔ " + outcome.message + " " + self.tr(
                "Check that the Hindi reads whole and the QR code scans, then Save."))
        else:
            self.result_line.setText("")
            self._show_error(outcome.message)

    def _show_error(self, text: str) -> None:
        self.error.setText("✖ " + text)
        self.error.show()

    def save(self) -> None:
        code = self.choice()
        try:
            target = self.thermal_target()
        except KnownError as exc:
            self._show_error(str(exc))
            return
        window_target = dict(CHOICES)[code]
        db = self.session.db
        if code in ("network", "usb", "serial"):
            settings.change(db, "printer_kind", code, actor=self.actor)
            settings.change(db, "printer_target", target, actor=self.actor)
        elif code == "none":
            settings.change(db, "printer_kind", "none", actor=self.actor)
        if code == "system":
            self.ui_settings.setValue(OFFICE_PRINTER_KEY, self.system.currentText())
        self.ui_settings.setValue("print_target", window_target)
        self.ui_settings.sync()
        if self.receipt_printer is not None:
            self.receipt_printer.target = window_target
            self.receipt_printer.office_printer_name = self.system.currentText() if code == "system" else None
        log.info("printer set up: %s %s", code, target or self.system.currentText())
        emit(self.saved, window_target)
        self.accept()


def ask_supervisor_then_open(window: QWidget) -> None:
    """The menu's way in: a supervisor's id and PIN, then the page."""
    from ui.transactions_page import SupervisorDialog

    dialog = SupervisorDialog(window.session, window)   # type: ignore[attr-defined]
    dialog.accepted.connect(lambda: open_for(window, actor=dialog.supervisor.id))
    dialog.open()
    window.supervisor_dialog = dialog                   # type: ignore[attr-defined]


def open_for(window: QWidget, *, actor: str | None) -> PrinterSetupDialog:
    """The page over the main window; a saved choice becomes the window's print target."""
    dialog = PrinterSetupDialog(window.session, window.work.printer, window.ui_settings,  # type: ignore[attr-defined]
                                window.printer, window, actor=actor)                      # type: ignore[attr-defined]
    dialog.office_output = window.printer.office_output                                   # type: ignore[attr-defined]
    dialog.saved.connect(window.set_print_target)                                         # type: ignore[attr-defined]
    dialog.open()
    window.printer_setup_dialog = dialog                                                  # type: ignore[attr-defined]
    return dialog
