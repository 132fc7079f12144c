"""ESC/POS output: one raster image 576 dots wide made from the roll PDF, then a cut."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from escpos.printer import File, Network, Serial, Usb

from counter_app.errors import KnownError
from receipts import thermal
from receipts.render import render_pdf
from tests.receipt_fixtures import CUTS, GS_V0, raster_blocks, sample

SAMPLE = sample()


@pytest.fixture(scope="module")
def roll_pdf() -> bytes:
    return render_pdf(SAMPLE, "roll")


def test_raster_is_the_printers_width(roll_pdf: bytes) -> None:
    image = thermal.raster(roll_pdf, 576)
    assert image.mode == "1" and image.width == 576
    # 8 dots per mm on the printable band: the page height in dots, whole
    assert image.height > 600
    black = image.histogram()[0]
    assert 0.03 < black / (image.width * image.height) < 0.5  # text and QR, not blank, not solid


def test_escpos_bytes_are_one_image_then_a_cut(roll_pdf: bytes) -> None:
    data = thermal.escpos_bytes(roll_pdf, 576)
    blocks = raster_blocks(data)
    assert blocks, "no GS v 0 raster block"
    assert all(width == 576 // 8 for _, width, _ in blocks)  # 72 bytes = 576 dots
    assert all(mode == 0 for mode, _, _ in blocks)  # normal density: 203 x 203 dpi
    image = thermal.raster(roll_pdf, 576)
    assert sum(h for _, _, h in blocks) == image.height
    assert any(data.rstrip(b"\x00").endswith(cut) or cut in data[-8:] for cut in CUTS)
    last_image_end = data.rfind(GS_V0)
    assert max(data.rfind(cut) for cut in CUTS) > last_image_end  # the cut comes after the receipt


def test_narrower_printer(roll_pdf: bytes) -> None:
    blocks = raster_blocks(thermal.escpos_bytes(roll_pdf, 512))
    assert all(width == 64 for _, width, _ in blocks)


def test_a4_is_not_sent_to_the_thermal_printer() -> None:
    with pytest.raises(KnownError, match="80 mm"):
        thermal.raster(render_pdf(sample(), "a4"))


def test_print_to_a_file_device(roll_pdf: bytes, tmp_path: Path) -> None:
    target = tmp_path / "lp0"
    thermal.print_pdf(roll_pdf, kind="file", target=str(target))
    assert target.read_bytes() == thermal.escpos_bytes(roll_pdf)


def test_printer_settings_are_read(tmp_path: Path) -> None:
    network = thermal.open_printer("network", "192.168.1.50:9101")
    assert isinstance(network, Network) and (network.host, network.port) == ("192.168.1.50", 9101)
    assert thermal.open_printer("network", "printer.local").port == 9100
    usb = thermal.open_printer("usb", "0416:5011")
    assert isinstance(usb, Usb) and usb.usb_args == {"idVendor": 0x0416, "idProduct": 0x5011}
    serial = thermal.open_printer("serial", "COM3:19200")
    assert isinstance(serial, Serial) and (serial.devfile, serial.baudrate) == ("COM3", 19200)
    assert isinstance(thermal.open_printer("file", str(tmp_path / "x")), File)
    for kind, target in [("none", ""), ("bluetooth", "x"), ("network", ""), ("usb", "printer")]:
        with pytest.raises(KnownError):
            thermal.open_printer(kind, target)


def test_unreachable_printer_is_a_known_error(roll_pdf: bytes) -> None:
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(KnownError, match="did not print"):
        thermal.print_pdf(roll_pdf, kind="network", target=f"127.0.0.1:{port}")


def test_printed_qr_scans_at_printer_resolution(roll_pdf: bytes) -> None:
    """What the printer prints, 1 bit at 203 dpi, still scans to the signed payload."""
    import zxingcpp

    found = zxingcpp.read_barcodes(thermal.raster(roll_pdf, 576).convert("L"),
                                   formats=zxingcpp.BarcodeFormat.QRCode)
    assert [f.text for f in found] == [SAMPLE.qr_payload]
