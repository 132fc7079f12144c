"""ESC/POS thermal printing: the roll PDF rasterised to the printer's dot line, then cut.

Cheap 80 mm printers have no Devanagari in their character sets, so the
receipt goes as one raster image (``GS v 0``) made from the very PDF that is
archived: one design, whatever the output. pdfium renders the 72 mm printable
band of the 80 mm page at exactly ``dots`` pixels across (576 for 203 dpi).
"""

from __future__ import annotations

import logging
import re

import pypdfium2 as pdfium
from escpos.escpos import Escpos
from escpos.printer import Dummy, File, Network, Serial, Usb
from PIL import Image

from counter_app.errors import KnownError
from counter_app.i18n import _
from receipts.render import ROLL_PRINTABLE, ROLL_WIDTH

log = logging.getLogger(__name__)

KINDS = ("none", "network", "usb", "serial", "file")
THRESHOLD = 160  # grey below this prints black: keeps thin Devanagari strokes whole
NETWORK_TIMEOUT_S = 10
USB_TIMEOUT_MS = 10_000  # pyusb waits forever by default: a jammed printer must not hang the till


def raster(pdf: bytes, dots: int = 576) -> Image.Image:
    """The first page's printable band as a 1-bit image exactly ``dots`` wide."""
    doc = pdfium.PdfDocument(pdf)
    try:
        page = doc[0]
        width = page.get_width()
        if abs(width - ROLL_WIDTH) > 1:
            raise KnownError(f"The thermal printer prints 80 mm roll receipts; this page is "
                             f"{width / 72 * 25.4:.0f} mm wide. Issue the receipt in the roll format.")
        margin = (ROLL_WIDTH - ROLL_PRINTABLE) / 2
        bitmap = page.render(scale=dots / ROLL_PRINTABLE, crop=(margin, 0, margin, 0), grayscale=True)
        image = bitmap.to_pil().convert("L")
    finally:
        doc.close()
    if image.width != dots:  # a rounding pixel either way
        image = image.crop((0, 0, dots, image.height)) if image.width > dots else _pad(image, dots)
    return image.point(lambda v: 255 if v >= THRESHOLD else 0, mode="1")


def _pad(image: Image.Image, dots: int) -> Image.Image:
    wider = Image.new("L", (dots, image.height), 255)
    wider.paste(image, (0, 0))
    return wider


def send(printer: Escpos, image: Image.Image) -> None:
    """The raster image, in ``GS v 0`` blocks, then feed and cut."""
    printer.image(image, impl="bitImageRaster", high_density_vertical=True, high_density_horizontal=True)
    printer.cut()


def _fit_profile(printer: Escpos, dots: int) -> None:
    # python-escpos prints a notice on stdout when the profile has no width;
    # tell it the real one (a copy: profiles are shared between instances).
    data = dict(printer.profile.profile_data)
    data["media"] = {**data.get("media", {}), "width": {"mm": 72, "pixels": dots}}
    printer.profile.profile_data = data


def escpos_bytes(pdf: bytes, dots: int = 576) -> bytes:
    """What would be sent to the printer, for tests and for saving to a file."""
    printer = Dummy()
    _fit_profile(printer, dots)
    send(printer, raster(pdf, dots))
    return printer.output


def _hex(text: str) -> int:
    return int(text, 16)


def open_printer(kind: str, target: str) -> Escpos:
    """A python-escpos printer for the ``printer_kind`` and ``printer_target`` settings."""
    target = (target or "").strip()
    if kind == "none" or not kind:
        raise KnownError(_("No receipt printer is set up. Set one with 'counter-app config printer_kind "
                           "network|usb|serial|file' and 'counter-app config printer_target ...'."))
    if kind not in KINDS:
        raise KnownError(f"printer_kind {kind!r} is not known; use one of {', '.join(KINDS)}.")
    if not target:
        raise KnownError(f"printer_target is empty; a {kind} printer needs one "
                         "(host:port, VID:PID, PORT:baud or a device path).")
    if kind == "network":
        host, _colon, port = target.rpartition(":") if re.search(r":\d+$", target) else (target, "", "9100")
        return Network(host=host, port=int(port), timeout=NETWORK_TIMEOUT_S)
    if kind == "usb":
        match = re.fullmatch(r"(?:0x)?([0-9a-fA-F]{1,4}):(?:0x)?([0-9a-fA-F]{1,4})", target)
        if not match:
            raise KnownError(f"printer_target {target!r} is not a USB id; write it as VID:PID in hex, like 0416:5011.")
        return Usb(_hex(match[1]), _hex(match[2]), timeout=USB_TIMEOUT_MS)
    if kind == "serial":
        match = re.fullmatch(r"(.+?)(?::(\d+))?", target)
        assert match
        return Serial(devfile=match[1], baudrate=int(match[2] or 9600))
    return File(devfile=target)


def print_pdf(pdf: bytes, *, kind: str, target: str, dots: int = 576) -> None:
    """Rasterise and print one roll receipt; printer faults become a KnownError."""
    image = raster(pdf, dots)
    printer: Escpos | None = None
    try:
        printer = open_printer(kind, target)
        _fit_profile(printer, dots)
        printer.open()
        send(printer, image)
    except KnownError:
        raise
    except Exception as exc:  # drivers raise anything: socket, USB, serial, OS errors
        log.warning("printing to %s %s failed", kind, target, exc_info=True)
        raise KnownError(_("The receipt printer ({kind} {target}) did not print: {error}. Check that it is "
                           "switched on, has paper and is connected.").format(kind=kind, target=target, error=exc)
                         ) from exc
    finally:
        try:
            if printer is not None:
                printer.close()
        except Exception:  # closing a printer that never opened
            log.debug("closing printer failed", exc_info=True)
