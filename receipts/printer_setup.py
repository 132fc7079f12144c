"""What the printer setup page needs from the core: the devices there are, a test page, a test print.

No Qt here: the window lists the system's printers itself (QPrinterInfo); USB
devices come from pyusb (what python-escpos opens) and serial ports from
pyserial (what python-escpos's Serial printer opens).
"""

from __future__ import annotations

import io
import logging
import math
from dataclasses import dataclass

from reportlab.pdfgen.canvas import Canvas

from counter_app import clock
from receipts import fonts as fonts_mod
from receipts import thermal
from receipts.layout import Sheet
from receipts.render import DOT, ROLL
from receipts.labels import Bi

log = logging.getLogger(__name__)

PRINTER_CLASS = 7    # the USB device class of printers
BAUD_RATES = (9600, 19200, 38400, 57600, 115200)
TEST_TITLE = Bi("प्रिंटर परीक्षण पृष्ठ", "Printer test page")
NOT_A_RECEIPT = Bi("यह रसीद नहीं है", "This is not a receipt")
HINDI_SAMPLE = ("उपभोक्ता संख्या · रिचार्ज · रसीद", "पर्यवेक्षक · रु 1,00,000.50")
QR_PREFIX = "counter-app printer test"


@dataclass(frozen=True)
class FoundDevice:
    """One device the setup page offers: ``target`` is what the ``printer_target`` setting takes."""

    target: str
    label: str


def usb_printers() -> list[FoundDevice]:
    """USB printers pyusb sees (printer class on the device or one of its interfaces)."""
    try:
        import usb.core
        devices = list(usb.core.find(find_all=True))
    except Exception as exc:  # noqa: BLE001 - no libusb backend, no permission: nothing to list
        log.info("listing USB devices failed: %s", exc)
        return []
    found = []
    for device in devices:
        if not _is_printer(device):
            continue
        target = f"{device.idVendor:04x}:{device.idProduct:04x}"
        found.append(FoundDevice(target, f"{_usb_name(device) or 'USB printer'} ({target})"))
    return found


def _is_printer(device: object) -> bool:
    if getattr(device, "bDeviceClass", None) == PRINTER_CLASS:
        return True
    try:
        return any(interface.bInterfaceClass == PRINTER_CLASS
                   for config in device for interface in config)   # type: ignore[attr-defined]
    except Exception:  # noqa: BLE001 - a device that will not describe itself is not offered
        return False


def _usb_name(device: object) -> str:
    try:
        return " ".join(filter(None, (device.manufacturer, device.product)))  # type: ignore[attr-defined]
    except Exception:  # noqa: BLE001 - reading strings needs permission on the device
        return ""


def serial_ports() -> list[FoundDevice]:
    """Serial ports pyserial sees (COM3, /dev/ttyUSB0...)."""
    try:
        from serial.tools import list_ports
        ports = list_ports.comports()
    except Exception as exc:  # noqa: BLE001
        log.info("listing serial ports failed: %s", exc)
        return []
    return [FoundDevice(p.device, f"{p.device} ({p.description})" if p.description and p.description != "n/a"
                        else p.device) for p in sorted(ports, key=lambda p: p.device)]


def network_target(host: str, port: int) -> str:
    return f"{host.strip()}:{int(port)}"


def test_payload(counter_id: str, at: str) -> str:
    return f"{QR_PREFIX} {counter_id} {at}"


def test_page_pdf(counter_id: str, printer: str, *, at: str | None = None,
                  fonts: fonts_mod.Fonts | None = None) -> bytes:
    """An 80 mm page with Devanagari and a QR code, plainly not a receipt."""
    fonts = fonts if fonts is not None else fonts_mod.load()
    at = at or clock.now_iso()
    s = Sheet(fonts, ROLL.left, ROLL.width, ROLL.scale, dot=DOT)
    s.space(ROLL.top)
    for item in (TEST_TITLE, NOT_A_RECEIPT):
        if fonts.hindi:
            s.text(item.hi, 11, bold=True, align="center")
        s.text(item.en, 10, bold=True, align="center")
    s.space(2 * DOT * 8)
    s.row("Counter", counter_id, 8.5)
    s.row("Printer", printer, 8.5)
    s.row("Time", clock.format_local(at), 8.5)
    s.rule()
    if fonts.hindi:
        for line in HINDI_SAMPLE:
            s.text(line, 9, align="center")
    else:
        s.text("No Devanagari font on this PC: Hindi cannot print.", 8.5, align="center")
    s.rule()
    payload = test_payload(counter_id, at)
    s.qr(payload, 6 * DOT)
    s.text("The QR code above must scan.", 7.5, align="center")
    s.space(ROLL.bottom)
    height = math.ceil(s.height / DOT) * DOT
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(ROLL.page_width, height), pageCompression=1, initialFontName=fonts_mod.LATIN)
    canvas.setTitle("Printer test page")
    canvas.setCreator("counter-app")
    s.draw(canvas, height)
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def print_test_page(kind: str, target: str, *, counter_id: str, dots: int = 576,
                    fonts: fonts_mod.Fonts | None = None) -> bytes:
    """Print the test page on the thermal printer described; the PDF printed. Faults: KnownError."""
    pdf = test_page_pdf(counter_id, f"{kind} {target}", fonts=fonts)
    thermal.print_pdf(pdf, kind=kind, target=target, dots=dots)
    return pdf
