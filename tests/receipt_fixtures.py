"""Fixtures for receipt tests: a real counter data dir with one committed recharge.

Registered as a plugin in tests/conftest.py: a test names ``receipt_dir`` as an argument.
The counter, its cashier (argon2: slow on purpose) and an open shift are built
once per session; each test gets its own copy of the data dir.
"""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from counter_app import connection, counter, recharge, settings, shifts, users
from receipts import payload
from receipts.render import ReceiptData

ROOT = Path(__file__).resolve().parent.parent
COUNTER_ID = "MNG-01"
CASHIER, CASHIER_PIN = "asha", "1234"
CONSUMER = "101234567890"


def run_cli_process(*argv: str, data_dir: Path | None = None) -> subprocess.CompletedProcess:
    """``counter-app`` as its own process, as a person runs it."""
    args = ["--data-dir", str(data_dir), *argv] if data_dir else list(argv)
    return subprocess.run([sys.executable, "-m", "counter_app", *args], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)},
                          timeout=60)


def decode_qr(pdf: bytes | Path) -> str:
    """The one QR code on the first page of a PDF, read back as a scanner would."""
    import pypdfium2 as pdfium
    import zxingcpp

    doc = pdfium.PdfDocument(pdf if isinstance(pdf, bytes) else str(pdf))
    try:
        image = doc[0].render(scale=4).to_pil()
    finally:
        doc.close()
    # QR codes only, as the counter's scanner reads them: in one clean-clone CI run here zxing also found a
    # second code on a void slip, a 1-D barcode read into the text and rules around it or the same QR twice.
    found = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
    texts = sorted({code.text for code in found})
    assert len(texts) == 1, [(code.format, code.text[:40]) for code in found]
    return texts[0]


def pdf_text(pdf: bytes | Path, tmp_path: Path) -> str:
    """pdftotext's reading of a PDF, whitespace collapsed so wrapped lines still match."""
    path = pdf if isinstance(pdf, Path) else tmp_path / "receipt.pdf"
    if not isinstance(pdf, Path):
        path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    return re.sub(r"\s+", " ", text)


@pytest.fixture(scope="session")
def _built_counter(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data_dir = tmp_path_factory.mktemp("receipt-counter")
    db = connection.open_counter_db(data_dir)
    try:
        counter.setup(db, counter_id=COUNTER_ID, server_url="http://127.0.0.1:9", office="Patna ESD-3")
        users.add(db, user_id=CASHIER, name="Asha Devi", role="cashier", pin=CASHIER_PIN)
        shifts.open_shift(db, cashier_id=CASHIER, float_paise=2000_00)
        # The default largest recharge is Rs 1,99,999; receipts are tested up to Rs 1,99,999.50.
        settings.change(db, "max_recharge_paise", 1_99_999_50)
    finally:
        db.close()
    return data_dir


@pytest.fixture
def receipt_dir(_built_counter: Path, tmp_path: Path) -> Path:
    """A data dir of its own: counter MNG-01, cashier asha (PIN 1234) with an open shift."""
    target = tmp_path / "data"
    shutil.copytree(_built_counter, target)
    return target


@pytest.fixture
def counter_db(receipt_dir: Path):  # type: ignore[no-untyped-def]
    db = connection.open_counter_db(receipt_dir)
    yield db
    db.close()


def take(db, amount_paise: int = 1_99_999_50, tendered_paise: int | None = 2_00_000_00,  # type: ignore[no-untyped-def]
         consumer_no: str = CONSUMER) -> recharge.Recharge:
    return recharge.take_recharge(db, cashier_id=CASHIER, consumer_no=consumer_no, amount_paise=amount_paise,
                                  tendered_paise=tendered_paise)


@pytest.fixture
def taken(counter_db):  # type: ignore[no-untyped-def]
    """One committed recharge of Rs 1,99,999.50 (tendered Rs 2,00,000)."""
    return take(counter_db)


# -- a receipt without a database ------------------------------------------------
TXN = "8c1e2f3a-1b2c-4d5e-8f90-123456789abc"
PROVISIONAL = "PROVISIONAL - credit will be applied when the server is reachable"


def sample(**changes) -> ReceiptData:  # type: ignore[no-untyped-def]
    key = Ed25519PrivateKey.generate()
    qr = payload.make(key, receipt_no="MNG-01-0000042", txn_id=TXN, consumer_no="101234567890",
                      amount_paise=1_99_999_50, created_at="2026-11-27T07:02:21.123456Z")
    data = ReceiptData(
        utility_name="Bihar State Power (Holding) Company Ltd",
        utility_name_hi="बिहार स्टेट पावर (होल्डिंग) कंपनी लिमिटेड",
        office="Patna ESD-3", counter_id="MNG-01", receipt_no="MNG-01-0000042", txn_id=TXN,
        created_at="2026-11-27T07:02:21.123456Z", consumer_no="101234567890", amount_paise=1_99_999_50,
        tendered_paise=2_00_000_00, change_paise=50, payment_mode="cash", cashier="Asha Devi (asha)",
        consumer_name="राम कुमार सिंह", meter_no="BSP-7788123", qr_payload=qr, fingerprint="3F2A9C0B7D11")
    return dataclasses.replace(data, **changes)


# -- ESC/POS bytes ------------------------------------------------------------------
GS_V0 = b"\x1dv0"
CUTS = (b"\x1dV\x00", b"\x1dV\x01", b"\x1dVA", b"\x1dVB")


def raster_blocks(data: bytes) -> list[tuple[int, int, int]]:
    """(mode, width in bytes, height in dots) of every GS v 0 block, checking each one's length."""
    blocks, at = [], 0
    while (at := data.find(GS_V0, at)) != -1:
        mode, xl, xh, yl, yh = data[at + 3:at + 8]
        width, height = xl + 256 * xh, yl + 256 * yh
        blocks.append((mode, width, height))
        at += 8 + width * height
        assert at <= len(data)
    return blocks


def raster_image(data: bytes):  # type: ignore[no-untyped-def]
    """The GS v 0 blocks of ``data`` decoded back to one image, as the printer would burn it (1 = black dot)."""
    from PIL import Image

    strips, at = [], 0
    while (at := data.find(GS_V0, at)) != -1:
        _mode, xl, xh, yl, yh = data[at + 3:at + 8]
        width, height = xl + 256 * xh, yl + 256 * yh
        bits = bytes(~b & 0xFF for b in data[at + 8:at + 8 + width * height])   # PIL "1": 1 = white
        strips.append(Image.frombytes("1", (width * 8, height), bits))
        at += 8 + width * height
    assert strips, "no GS v 0 raster block in the bytes"
    image = Image.new("1", (strips[0].width, sum(s.height for s in strips)), 1)
    top = 0
    for strip in strips:
        image.paste(strip, (0, top))
        top += strip.height
    return image


class FakeNetworkPrinter:
    """A thermal printer on loopback: accepts connections on a free port and keeps every byte sent."""

    def __init__(self) -> None:
        import socket
        import threading

        self._sock = socket.socket()
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(4)
        self.port = self._sock.getsockname()[1]
        self.jobs: list[bytes] = []
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def target(self) -> str:
        return f"127.0.0.1:{self.port}"

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self._sock.accept()
            except OSError:
                return
            with conn:
                chunks = []
                while chunk := conn.recv(65536):
                    chunks.append(chunk)
            self.jobs.append(b"".join(chunks))

    def wait_jobs(self, count: int, timeout: float = 10) -> list[bytes]:
        """The jobs once ``count`` have arrived (the printer closes its end after the sender does)."""
        import time

        deadline = time.monotonic() + timeout
        while len(self.jobs) < count and time.monotonic() < deadline:
            time.sleep(0.02)
        return self.jobs

    def close(self) -> None:
        self._sock.close()
