"""Receipts out of the window: thermal printer, office printer through Qt, or PDF only.

The receipt itself comes from ``receipts.service`` (no Qt there). For an
office printer the archived PDF is rasterised with pypdfium2 (QtPdf is not
part of PySide6-Essentials) and painted page by page on a QPrinter whose page
size is taken from the PDF. A failure here never touches the recharge: it is
committed before anything is printed, and the window offers a reprint.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from counter_app.errors import KnownError
from ui.session import Session, optional_module

translate = QCoreApplication.translate

log = logging.getLogger(__name__)

TARGETS = ("thermal", "office", "pdf")
DEFAULT_TARGET = "pdf"


def default_target(printer_kind: str | None) -> str:
    """The thermal printer when one is configured (setting ``printer_kind``), else PDF only."""
    return "thermal" if printer_kind and printer_kind != "none" else DEFAULT_TARGET
PRINT_DPI = 300


@dataclass(frozen=True)
class PrintOutcome:
    ok: bool
    message: str
    pdf: Path | None = None



class ReceiptPrinter:
    """Issues a receipt through ``receipts.service`` and sends it where the counter prints."""

    def __init__(self, session: Session, target: str = DEFAULT_TARGET) -> None:
        self.session = session
        self.target = target if target in TARGETS else DEFAULT_TARGET
        # Tests and screenshots print the office copy to a file instead of asking.
        self.office_output: Path | None = None
        self.parent_widget: QWidget | None = None

    def issue_and_print(self, txn_id: str, *, copy: bool = False, actor: str | None = None) -> PrintOutcome:
        service = optional_module("receipts.service")
        if service is None:
            return PrintOutcome(False, translate("Printing", "Receipt printing is not installed on this PC; "
                                          "the recharge is saved. Write the receipt number on a slip."))
        fmt = "a4" if self.target == "office" else "roll"
        try:
            output = service.issue_receipt(self.session.db, self.session.data_dir, txn_id, fmt=fmt, copy=copy,
                                           actor=actor)
        except KnownError as exc:
            return PrintOutcome(False, translate("Printing", "Receipt not made: {error}").format(error=exc))
        except Exception:  # noqa: BLE001 - a bug in rendering must not hide a committed recharge
            log.exception("issuing receipt for %s failed", txn_id)
            return PrintOutcome(False, translate("Printing", "Receipt not made (internal error, logged to {log}).").format(
                log=self.session.log_file))
        path = Path(output.path)
        try:
            if self.target == "thermal":
                service.print_receipt(self.session.db, output)
                where = translate("Printing", "printed on the receipt printer")
            elif self.target == "office":
                if not print_pdf_on_office_printer(output.pdf, self.parent_widget, output_file=self.office_output):
                    return PrintOutcome(False, translate("Printing", "Printing cancelled. The receipt is saved as {pdf}.").format(
                        pdf=path), path)
                where = translate("Printing", "sent to the office printer")
            else:
                where = translate("Printing", "saved as PDF")
        except KnownError as exc:
            return PrintOutcome(False, translate("Printing", "Printer problem: {error}").format(error=exc), path)
        except Exception as exc:  # noqa: BLE001 - printers fail in many ways; the sale stands
            log.exception("printing %s failed", txn_id)
            return PrintOutcome(False, translate("Printing", "Printer problem: {error}").format(error=exc), path)
        count = output.reprint_count or 0
        copy_note = translate("Printing", " (DUPLICATE no. {n})").format(n=count) if copy and count else ""
        return PrintOutcome(True, where + copy_note, path)


# Qt's print and image classes are imported where used: they cost ~25 ms of
# the window's cold start and are needed only when a receipt goes to paper.

def page_images(pdf: bytes | Path, dpi: int = PRINT_DPI) -> list[tuple[Any, Any]]:
    """Each page of ``pdf`` (its bytes or its file) as a QImage, with its size in points (QSizeF)."""
    import pypdfium2 as pdfium
    from PySide6.QtCore import QSizeF
    from PySide6.QtGui import QImage

    document = pdfium.PdfDocument(pdf if isinstance(pdf, bytes) else str(pdf))
    pages = []
    try:
        for page in document:
            width, height = page.get_size()
            bitmap = page.render(scale=dpi / 72, grayscale=True)
            pil = bitmap.to_pil().convert("L")
            data = pil.tobytes()
            image = QImage(data, pil.width, pil.height, pil.width, QImage.Format.Format_Grayscale8).copy()
            pages.append((image, QSizeF(width, height)))
    finally:
        document.close()
    return pages


def print_pdf_on_office_printer(pdf: bytes | Path, parent: QWidget | None, *, output_file: Path | None = None,
                                printer: Any = None) -> bool:
    """Paint ``pdf`` on a printer chosen in the print dialog; False if cancelled."""
    from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt
    from PySide6.QtGui import QPageLayout, QPageSize, QPainter
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    pages = page_images(pdf)
    if not pages:
        raise KnownError("The receipt has no pages to print.")
    printer = printer or QPrinter(QPrinter.PrinterMode.HighResolution)
    first_size = pages[0][1]
    printer.setPageSize(QPageSize(first_size, QPageSize.Unit.Point, "Receipt",
                                  QPageSize.SizeMatchPolicy.FuzzyMatch))
    printer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Point)
    if output_file is not None:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(output_file))
    else:
        dialog = QPrintDialog(printer, parent)
        if dialog.exec() != QPrintDialog.DialogCode.Accepted:
            return False
    painter = QPainter()
    if not painter.begin(printer):
        raise KnownError("The printer could not be opened. Check that it is on and has paper, then reprint.")
    try:
        for number, (image, _size) in enumerate(pages):
            if number:
                printer.newPage()
            target = QRectF(painter.viewport())
            scaled = image.size().scaled(target.size().toSize(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.drawImage(QRectF(target.topLeft(), QSizeF(scaled)), image)
    finally:
        painter.end()
    return True

