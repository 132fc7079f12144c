"""The printer setup page against a fake network printer on loopback that keeps the ESC/POS bytes.

The bytes are decoded back to an image: it must be, dot for dot, the test page
the dialog rendered, and its QR code must scan; after Save, a receipt goes to
the same printer.
"""

from __future__ import annotations

import pytest
import zxingcpp
from PySide6.QtCore import Qt

from counter_app import settings
from receipts import printer_setup, thermal
from tests.core_fixtures import SUPERVISOR, SUPERVISOR_PIN
from tests.receipt_fixtures import FakeNetworkPrinter, pdf_text, raster_image
from ui.app import build_window
from ui.printer_setup import PrinterSetupDialog


@pytest.fixture
def fake_printer():
    printer = FakeNetworkPrinter()
    yield printer
    printer.close()


@pytest.fixture
def window(qtbot, data_dir):
    win = build_window(data_dir, sync_now=False)
    qtbot.addWidget(win)
    win.show()
    yield win
    win.close()
    win.session.close()


def open_setup(qtbot, win) -> PrinterSetupDialog:
    """Through the menu's way in: a supervisor's id and PIN first."""
    win.printer_setup()
    gate = win.supervisor_dialog
    qtbot.keyClicks(gate.user_id, SUPERVISOR)
    gate.pin.setFocus()
    qtbot.keyClicks(gate.pin, SUPERVISOR_PIN)
    qtbot.keyClick(gate.pin, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: getattr(win, "printer_setup_dialog", None) is not None, timeout=10000)
    return win.printer_setup_dialog


def choose(dialog: PrinterSetupDialog, code: str) -> None:
    dialog.kind.setCurrentIndex(dialog.kind.findData(code))


def test_core_test_page_reaches_a_network_printer(fake_printer) -> None:
    pdf = printer_setup.print_test_page("network", fake_printer.target, counter_id="MNG-01")
    assert len(fake_printer.wait_jobs(1)) == 1
    printed = raster_image(fake_printer.jobs[0])
    assert printed.tobytes() == thermal.raster(pdf).tobytes()
    texts = [r.text for r in zxingcpp.read_barcodes(printed.convert("L"),
                                                    formats=zxingcpp.BarcodeFormat.QRCode)]
    assert len(texts) == 1 and texts[0].startswith(printer_setup.QR_PREFIX + " MNG-01 ")


def test_setup_page_test_print_then_save(qtbot, window, fake_printer, tmp_path) -> None:
    dialog = open_setup(qtbot, window)
    assert dialog.choice() == "none"          # out of the box: PDF only
    choose(dialog, "network")
    assert dialog.pages.currentIndex() == dialog.kind.currentIndex()
    qtbot.keyClicks(dialog.host, "127.0.0.1")
    dialog.port.setValue(fake_printer.port)
    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.last_test is not None, timeout=20000)
    assert dialog.last_test.ok, dialog.last_test.message
    qtbot.waitUntil(lambda: len(fake_printer.jobs) == 1, timeout=5000)
    printed = raster_image(fake_printer.jobs[0])
    assert printed.tobytes() == thermal.raster(dialog.last_test.pdf).tobytes()
    assert "Test page sent" in dialog.result_line.text()
    (tmp_path / "test-page.pdf").write_bytes(dialog.last_test.pdf)
    text = pdf_text(tmp_path / "test-page.pdf", tmp_path)
    assert "Printer test page" in text and "उपभोक्ता" in text
    [found] = zxingcpp.read_barcodes(printed.convert("L"), formats=zxingcpp.BarcodeFormat.QRCode)
    assert found.text.startswith(printer_setup.QR_PREFIX)

    dialog.save()
    db = window.session.db
    assert settings.get(db, "printer_kind") == "network"
    assert settings.get(db, "printer_target") == fake_printer.target
    assert window.printer.target == "thermal" and window.act_targets["thermal"].isChecked()
    assert window.ui_settings.value("print_target") == "thermal"
    assert db.execute("SELECT actor FROM journal WHERE kind = 'setting_change' ORDER BY seq DESC LIMIT 1").fetchone()[0] \
        == SUPERVISOR


def test_unreachable_printer_says_so(qtbot, window) -> None:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    dialog = open_setup(qtbot, window)
    choose(dialog, "network")
    dialog.host.setText("127.0.0.1")
    dialog.port.setValue(port)
    dialog.print_test_page()
    qtbot.waitUntil(lambda: dialog.last_test is not None, timeout=20000)
    assert not dialog.last_test.ok
    assert dialog.error.isVisibleTo(dialog) and "did not print" in dialog.error.text()
    choose(dialog, "network")
    dialog.host.clear()
    dialog.save()                              # no address: refused at the field, nothing saved
    assert dialog.isVisible() and "address" in dialog.error.text()
    assert settings.get(window.session.db, "printer_kind") == "none"


def test_system_printers_are_the_ones_qt_sees(qtbot, window, tmp_path) -> None:
    from PySide6.QtPrintSupport import QPrinterInfo

    dialog = window.open_printer_setup(actor=SUPERVISOR) or window.printer_setup_dialog
    names = [dialog.system.itemText(i) for i in range(dialog.system.count())]
    assert sorted(names) == sorted(QPrinterInfo.availablePrinterNames())
    choose(dialog, "system")
    dialog.office_output = tmp_path / "office-test.pdf"
    dialog.print_test_page()
    assert dialog.last_test is not None and dialog.last_test.ok
    # The office printer gets the page as an image: decode its QR back.
    from ui.printing import page_images
    [(image, _size)] = page_images(dialog.office_output, dpi=200)
    image.save(str(tmp_path / "office.png"))
    from PIL import Image
    [found] = zxingcpp.read_barcodes(Image.open(tmp_path / "office.png").convert("L"),
                                     formats=zxingcpp.BarcodeFormat.QRCode)
    assert found.text.startswith(printer_setup.QR_PREFIX)
    dialog.save()
    assert window.printer.target == "office" and window.ui_settings.value("print_target") == "office"


def test_usb_listing_keeps_printers_only(monkeypatch) -> None:
    """pyusb's device list (the one stand-in here: no USB printer on the build machine)."""
    import usb.core

    class Interface:
        def __init__(self, cls: int) -> None:
            self.bInterfaceClass = cls

    class Device:
        def __init__(self, vid: int, pid: int, cls: int, interfaces: list[int], name: str) -> None:
            self.idVendor, self.idProduct, self.bDeviceClass = vid, pid, cls
            self._configs = [[Interface(c) for c in interfaces]]
            self.manufacturer, self.product = name, "TM"

        def __iter__(self):
            return iter(self._configs)

    devices = [Device(0x0416, 0x5011, 0, [7], "Winbond"), Device(0x046D, 0xC52B, 0, [3], "Logitech"),
               Device(0x04B8, 0x0202, 7, [], "Epson")]
    monkeypatch.setattr(usb.core, "find", lambda find_all=False: iter(devices))
    found = printer_setup.usb_printers()
    assert [f.target for f in found] == ["0416:5011", "04b8:0202"]
    assert found[0].label == "Winbond TM (0416:5011)"


def test_thermal_without_a_printer_points_to_the_setup_page(counter_db, receipt_dir, taken, fake_printer) -> None:
    from ui.printing import issue_and_deliver

    outcome, _output = issue_and_deliver(counter_db, receipt_dir, taken.txn_id, target="thermal")
    assert not outcome.ok and "Printer setup" in outcome.message and "counter-app config" not in outcome.message
    settings.change(counter_db, "printer_kind", "network")
    settings.change(counter_db, "printer_target", fake_printer.target)
    outcome, output = issue_and_deliver(counter_db, receipt_dir, taken.txn_id, target="thermal")
    assert outcome.ok, outcome.message
    [job] = fake_printer.wait_jobs(1)
    assert raster_image(job).tobytes() == thermal.raster(output.pdf).tobytes()
