"""Receipts out of the window: thermal printer, office printer through Qt, or PDF only.

The receipt itself comes from ``receipts.service`` (no Qt there). Rendering it
and talking to a thermal printer (a network printer that is switched off takes
seconds to fail) run on a printer thread with its own database connection, so
the window never freezes behind paper. For an office printer the receipt's PDF
is rasterised with pypdfium2 (QtPdf is not part of PySide6-Essentials) and
painted page by page on a QPrinter whose page size is taken from the PDF; the
print dialog belongs to the window's thread. A failure here never touches the
recharge: it is committed before anything is printed, and the window offers a
reprint.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Signal, Slot
from PySide6.QtWidgets import QWidget

from counter_app import paths, settings
from counter_app.errors import KnownError
from ui.qt_workarounds import emit
from ui.workers import Failure, Worker

translate = QCoreApplication.translate

log = logging.getLogger(__name__)

TARGETS = ("thermal", "office", "pdf")
# Passed where ``copy`` goes: the document is the void slip of the recharge, not its receipt.
VOID_SLIP = "void_slip"
DEFAULT_TARGET = "pdf"
PRINT_DPI = 300


def default_target(printer_kind: str | None) -> str:
    """The thermal printer when one is configured (setting ``printer_kind``), else PDF only."""
    return "thermal" if printer_kind and printer_kind != "none" else DEFAULT_TARGET


@dataclass(frozen=True)
class PrintOutcome:
    ok: bool
    message: str
    pdf: Path | None = None
    status: str | None = None       # what the receipt says: pending, confirmed, void or rejected
    server_ref: str | None = None
    target: str | None = None       # where it went (thermal, office, pdf): said again in a new language

    def where(self) -> str:
        """Where the receipt went, in the current language (the message was made in the one of its time)."""
        words = {"thermal": translate("Printing", "printed on the receipt printer"),
                 "office": translate("Printing", "sent to the office printer"),
                 "pdf": translate("Printing", "saved as PDF")}
        return words.get(self.target or "", self.message)


def issue_and_deliver(db: Any, data_dir: Path, txn_id: str, *, target: str, copy: bool = False,
                      actor: str | None = None) -> tuple[PrintOutcome, Any]:
    """Render and archive the receipt, and print it unless it goes to an office printer.

    Returns the outcome and the ``ReceiptOutput`` (whose PDF the office printer
    path paints in the window's thread). Never raises: a printer fault is an outcome.
    """
    from receipts import service  # reportlab and python-escpos load off the window's start (warm_up)

    fmt = "a4" if target == "office" else "roll"
    try:
        if copy == VOID_SLIP:   # the 80 mm slip for the customer, on any target
            output = service.issue_void_slip(db, data_dir, txn_id)
            copy = False
        else:
            output = service.issue_receipt(db, data_dir, txn_id, fmt=fmt, copy=copy, actor=actor)
    except KnownError as exc:
        return PrintOutcome(False, translate("Printing", "Receipt not made: {error}").format(error=exc)), None
    except Exception:  # noqa: BLE001 - a bug in rendering must not hide a committed recharge
        log.exception("issuing receipt for %s failed", txn_id)
        log_file = paths.log_dir(data_dir) / "counter-app.log"
        return PrintOutcome(False, translate("Printing", "Receipt not made (internal error, logged to {log}).")
                            .format(log=log_file)), None
    path = Path(output.path)
    if target == "thermal" and (settings.get(db, "printer_kind") or "none") == "none":
        # The core's sentence names the CLI's config command; in the window the way is the setup page.
        return PrintOutcome(False, translate("Printing", "No receipt printer is set up yet: a supervisor sets one "
                                             "up in Printing ▸ Printer setup. The receipt is saved as PDF."),
                            path), output
    try:
        if target == "thermal":
            service.print_receipt(db, output)
            where = translate("Printing", "printed on the receipt printer")
        elif target == "office":
            where = translate("Printing", "sent to the office printer")
        else:
            where = translate("Printing", "saved as PDF")
    except KnownError as exc:
        return PrintOutcome(False, translate("Printing", "Printer problem: {error}").format(error=exc), path), output
    except Exception as exc:  # noqa: BLE001 - printers fail in many ways; the sale stands
        log.exception("printing %s failed", txn_id)
        return PrintOutcome(False, translate("Printing", "Printer problem: {error}").format(error=exc), path), output
    count = getattr(output, "reprint_count", 0) or 0
    copy_note = translate("Printing", " (DUPLICATE no. {n})").format(n=count) if copy and count else ""
    ref = service.current_status(db, txn_id).server_ref if output.status == "confirmed" else None
    return PrintOutcome(True, where + copy_note, path, output.status, ref, None if copy_note else target), output


@dataclass(frozen=True)
class TestPrint:
    """A test page sent to a thermal printer: the PDF printed, or the sentence saying why not."""

    ok: bool
    message: str
    pdf: bytes | None = None


class PrintWorker(Worker):
    """Lives on the printer thread; one receipt at a time, on its own connection."""

    done = Signal(int, object, object)     # request id, PrintOutcome, ReceiptOutput or None
    test_printed = Signal(object)          # TestPrint

    @Slot(int, str, str, object, object)
    def print_receipt(self, request_id: int, txn_id: str, target: str, copy: object, actor: object) -> None:
        delivered = self.attempt(lambda: issue_and_deliver(self.db, self.data_dir, txn_id, target=target,
                                                           copy=copy if copy == VOID_SLIP else bool(copy),  # type: ignore[arg-type]
                                                           actor=actor),  # type: ignore[arg-type]
                                 what=f"receipt for {txn_id}",
                                 bug=translate("Printing", "Receipt not made (internal error, logged to {log}).")
                                 .format(log=paths.log_dir(self.data_dir) / "counter-app.log"))
        if isinstance(delivered, Failure):   # the database could not be opened; or our bug
            delivered = PrintOutcome(False, delivered.message), None
        emit(self.done, request_id, *delivered)

    @Slot(str, str, int, str)
    def print_test_page(self, kind: str, target: str, dots: int, counter_id: str) -> None:
        """The printer setup page's test print: here, since a printer that is off takes seconds to fail."""
        from receipts import printer_setup
        pdf = self.attempt(lambda: printer_setup.print_test_page(kind, target, counter_id=counter_id, dots=dots),
                           what=f"test page on {kind} {target}",
                           bug=translate("Printing", "Test page not printed (internal error, logged to {log}).")
                           .format(log=paths.log_dir(self.data_dir) / "counter-app.log"))
        if isinstance(pdf, Failure):
            outcome = TestPrint(False, translate("Printing", "Printer problem: {error}").format(error=pdf.message))
        else:
            outcome = TestPrint(True, translate("Printing", "Test page sent to the printer."), pdf)
        emit(self.test_printed, outcome)

    @Slot()
    def warm_up(self) -> None:
        """Load the receipt renderer and printer drivers before the first receipt needs them.

        python-escpos parses its printer database at import (~0.3 s of CPU); done
        here, right after start, the first cashier does not wait for it.
        """
        try:
            from receipts import service  # noqa: F401 - loading it is the point
        except Exception:  # noqa: BLE001 - the first receipt will report it properly
            log.exception("loading the receipt renderer failed")


class ReceiptPrinter(QObject):
    """The window's side: where receipts go, and what to do when one is done."""

    _ask = Signal(int, str, str, object, object)

    def __init__(self, work: Any, target: str = DEFAULT_TARGET) -> None:
        super().__init__()
        self.target = target if target in TARGETS else DEFAULT_TARGET
        # Tests and screenshots print the office copy to a file instead of asking.
        self.office_output: Path | None = None
        self.parent_widget: QWidget | None = None
        # The system printer chosen on the printer setup page: receipts go to it without a dialog.
        self.office_printer_name: str | None = None
        self._next = 0
        self._waiting: dict[int, Callable[[PrintOutcome], None]] = {}
        self._ask.connect(work.printer.print_receipt)
        work.printer.done.connect(self._on_done)

    @property
    def busy(self) -> bool:
        return bool(self._waiting)

    def print_receipt(self, txn_id: str, *, copy: bool = False, actor: str | None = None,
                      then: Callable[[PrintOutcome], None] = lambda _o: None) -> int:
        """Ask the printer thread for the receipt; ``then(outcome)`` runs here when it is done."""
        self._next += 1
        self._waiting[self._next] = then
        emit(self._ask, self._next, txn_id, self.target, copy, actor)
        return self._next

    def print_void_slip(self, txn_id: str, *, actor: str | None = None,
                        then: Callable[[PrintOutcome], None] = lambda _o: None) -> int:
        """The void slip of a voided recharge, for the customer (archived; printed on the thermal printer)."""
        self._next += 1
        self._waiting[self._next] = then
        emit(self._ask, self._next, txn_id, self.target, VOID_SLIP, actor)
        return self._next

    def _on_done(self, request_id: int, outcome: PrintOutcome, output: Any) -> None:
        then = self._waiting.pop(request_id, None)
        if outcome.ok and output is not None and getattr(output, "fmt", "roll") == "a4":
            outcome = self._office(outcome, output)
        if then is not None:
            then(outcome)

    def _office(self, outcome: PrintOutcome, output: Any) -> PrintOutcome:
        try:
            chosen = self.office_printer_name
            if not print_pdf_on_office_printer(output.pdf, self.parent_widget, output_file=self.office_output,
                                               printer=office_printer(chosen), ask=not chosen):
                return PrintOutcome(False, translate("Printing", "Printing cancelled. The receipt is saved as {pdf}.")
                                    .format(pdf=output.path), outcome.pdf)
        except KnownError as exc:
            return PrintOutcome(False, translate("Printing", "Printer problem: {error}").format(error=exc), outcome.pdf)
        except Exception as exc:  # noqa: BLE001
            log.exception("office printing failed")
            return PrintOutcome(False, translate("Printing", "Printer problem: {error}").format(error=exc), outcome.pdf)
        return outcome


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


def system_printers() -> list[str]:
    """The printers of this computer (CUPS on Linux, the Windows spooler), the default first."""
    from PySide6.QtPrintSupport import QPrinterInfo

    names = list(QPrinterInfo.availablePrinterNames())
    default = QPrinterInfo.defaultPrinterName()
    return sorted(names, key=lambda n: (n != default, n.lower()))


def office_printer(name: str | None) -> Any:
    """A QPrinter on the named system printer, or on the system's default when the name is gone."""
    from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

    info = QPrinterInfo.printerInfo(name) if name else QPrinterInfo()
    if info.isNull():
        info = QPrinterInfo.defaultPrinter()
    if info.isNull():
        return QPrinter(QPrinter.PrinterMode.HighResolution)
    return QPrinter(info, QPrinter.PrinterMode.HighResolution)


def print_pdf_on_office_printer(pdf: bytes | Path, parent: QWidget | None, *, output_file: Path | None = None,
                                printer: Any = None, ask: bool = True) -> bool:
    """Paint ``pdf`` on a printer (asked in the print dialog unless ``ask`` is False); False if cancelled."""
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
    elif ask:
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
