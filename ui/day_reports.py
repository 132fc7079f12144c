"""The X report (the open shift so far) and the Z report (closing the day, supervisor only).

Both read their figures from the core (``reconciliation.x_report``,
``day_end.close_day``) and render their A4 PDF through ``receipts.z_report``;
the PDF is saved or printed through the office-printer path of ``ui.printing``.
The Z report is archived where the CLI keeps it (``day_end.z_pdf_path``).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QDate, QEvent, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDateEdit, QDialog, QFileDialog, QGridLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget,
)

from counter_app import business_day, clock, day_end, paths, reconciliation, users
from counter_app.errors import KnownError
from counter_app.money import format_rupees
from ui.errors_shown import as_known
from ui.forms import FormErrors, documents_dir, error_label, fit_height, repolish
from ui.operations import CoreOp
from ui.printing import print_pdf_on_office_printer
from ui.session import Session


class FiguresGrid(QWidget):
    """Label and amount, one pair a line, amounts right-aligned: read at a glance."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 6, 0, 6)
        self.grid.setHorizontalSpacing(24)
        self.grid.setVerticalSpacing(6)
        self.values: dict[str, QLabel] = {}

    def set_rows(self, rows: list[tuple[str, str, str, str | None]]) -> None:
        """``(key, label, value, level)``; level ``warn``/``bad``/``ok`` marks a line in words and colour."""
        while self.grid.count():
            item = self.grid.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.values = {}
        for row, (key, text, value, level) in enumerate(rows):
            label, amount = QLabel(text), QLabel(value)
            amount.setObjectName("figure")
            amount.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            amount.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            if level:
                amount.setProperty("level", level)
                repolish(amount)
            self.grid.addWidget(label, row, 0)
            self.grid.addWidget(amount, row, 1)
            self.values[key] = amount

    def value(self, key: str) -> str:
        return self.values[key].text()


def _signed(paise: int) -> str:
    """A rounding total: +Rs 0.50, -Rs 0.25, Rs 0.00."""
    return ("+" if paise > 0 else "-" if paise < 0 else "") + format_rupees(abs(paise))


def _write_pdf(pdf: bytes, target: Path) -> Path:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(pdf)
    except OSError as exc:
        raise KnownError(f"Cannot write {target}: {exc.strerror}. Choose another folder.") from exc
    return target


class _ReportDialog(QDialog):
    """What both reports share: figures, a message line, save / print / open of the PDF."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.pdf: bytes | None = None
        self.pdf_path: Path | None = None
        self.office_output: Path | None = None   # tests and screenshots: print to this file, no dialog
        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.subtitle = QLabel()
        self.subtitle.setWordWrap(True)
        self.general = error_label()
        self.errors = FormErrors(self.general)
        self.figures = FiguresGrid()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.save_button, self.print_button, self.close_button = QPushButton(), QPushButton(), QPushButton()
        for button in (self.save_button, self.print_button, self.close_button):
            button.setAutoDefault(False)
        self.save_button.clicked.connect(lambda: self.save_pdf())
        self.print_button.clicked.connect(self.print_pdf)
        self.close_button.clicked.connect(self.reject)
        QShortcut(QKeySequence("Ctrl+P"), self, activated=self.print_pdf)
        self.setMinimumWidth(760)

    def _buttons(self, *extra: QWidget) -> QHBoxLayout:
        row = QHBoxLayout()
        for w in (*extra, self.save_button, self.print_button):
            row.addWidget(w)
        row.addStretch(1)
        row.addWidget(self.close_button)
        return row

    def _enable_pdf(self, on: bool) -> None:
        self.save_button.setEnabled(on)
        self.print_button.setEnabled(on)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:  # pragma: no cover - each report sets its own texts
        pass

    def _failed(self, exc: BaseException) -> None:
        self.errors.show(as_known(exc, self.session.data_dir, self.session.log_file))

    def default_save_path(self) -> Path:
        return self.pdf_path or paths.archive_dir(self.session.data_dir) / "reports" / "report.pdf"

    def ensure_pdf(self) -> bytes | None:
        """The report's PDF; a report that renders it only when asked overrides this."""
        return self.pdf

    def save_pdf(self, target: Path | None = None) -> Path | None:
        """Write the PDF to ``target``, or to a file chosen in a dialog; the path written, or None."""
        if self.ensure_pdf() is None:
            return None
        if target is None:
            # The dialog opens in the user's documents folder, never the program's own folder.
            chosen, _ = QFileDialog.getSaveFileName(self, self.tr("Save the report as PDF"),
                                                    str(documents_dir() / self.default_save_path().name),
                                                    "PDF (*.pdf)")
            if not chosen:
                self.message.setText(self.tr("Not saved: no file was chosen."))
                return None
            target = Path(chosen)
        self.errors.clear()
        try:
            written = _write_pdf(self.pdf, target)
        except KnownError as exc:
            self._failed(exc)
            return None
        self.message.setText("✔ " + self.tr("Saved as {path}").format(path=written))
        return written

    def print_pdf(self) -> bool:
        if self.ensure_pdf() is None:
            return False
        self.errors.clear()
        try:
            if not print_pdf_on_office_printer(self.pdf, self, output_file=self.office_output):
                self.message.setText(self.tr("Printing cancelled."))
                return False
        except Exception as exc:  # noqa: BLE001 - a printer fault is shown, the report stands
            self._failed(exc)
            return False
        self.message.setText("✔ " + self.tr("Sent to the printer."))
        return True


class XReportDialog(_ReportDialog):
    """The open shift's totals so far, without closing anything."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.fig: dict | None = None
        QShortcut(QKeySequence("Ctrl+S"), self, activated=lambda: self.save_pdf())
        layout = QVBoxLayout(self)
        for w in (self.title, self.subtitle, self.general, self.figures, self.message):
            layout.addWidget(w)
        layout.addLayout(self._buttons())
        # No open shift: said in the dialog.
        self.fig = CoreOp(session, lambda: reconciliation.x_report(session.db).as_json(),
                          changes=False).run(self.errors)
        self._enable_pdf(self.fig is not None)
        self.retranslate()
        self.close_button.setFocus()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("X report"))
        self.save_button.setText(self.tr("Save PDF… (Ctrl+S)"))
        self.print_button.setText(self.tr("Print… (Ctrl+P)"))
        self.close_button.setText(self.tr("Close (Esc)"))
        fig = self.fig
        if fig is None:
            self.title.setText(self.tr("X report"))
            return
        self.title.setText(self.tr("X report: shift {id} so far").format(id=fig["shift_id"]))
        self.subtitle.setText(self.tr("Cashier {cashier} · opened {opened} · the shift stays open").format(
            cashier=fig["cashier_id"], opened=clock.format_local(fig["opened_at"])))
        receipts = (self.tr("{n} ({first} to {last})").format(n=fig["receipts_count"], first=fig["first_receipt"],
                                                             last=fig["last_receipt"])
                    if fig["receipts_count"] else "0")
        self.figures.set_rows([
            ("receipts", self.tr("Receipts issued"), receipts, None),
            ("float", self.tr("Opening float"), format_rupees(fig["opening_float_paise"]), None),
            ("gross", self.tr("Cash recharges (gross)"), format_rupees(fig["gross_paise"]), None),
            ("rounding", self.tr("Cash rounding"), _signed(fig["rounding_paise"]), None),
            ("voids", self.tr("Voids ({n}): cash given back").format(n=fig["voids_count"]),
             "- " + format_rupees(fig["voids_cash_paise"]), None),
            ("refunds", self.tr("Refunds paid ({n})").format(n=fig["refunds_count"]),
             "- " + format_rupees(fig["refunds_paise"]), None),
            ("expected", self.tr("Expected in the drawer"), format_rupees(fig["expected_paise"]), "ok"),
        ])

    def ensure_pdf(self) -> bytes | None:
        """Rendered on the first save or print: most X reports are only read on screen."""
        if self.pdf is None and self.fig is not None:
            from receipts import service, z_report   # reportlab: loaded when a report is asked for
            db = self.session.db
            self.pdf = z_report.render_x_report(
                self.fig, counter_id=self.session.counter().counter_id,
                unsettled=day_end.unsettled(db, shift_ids=[self.fig["shift_id"]]), fonts=service.fonts_for(db))
        return self.pdf

    def default_save_path(self) -> Path:
        stamp = clock.local(clock.utc_now()).strftime("%Y%m%d-%H%M")
        name = f"X-shift-{self.fig['shift_id'] if self.fig else 0}-{stamp}.pdf"
        return paths.archive_dir(self.session.data_dir) / "reports" / name


class ZReportDialog(_ReportDialog):
    """Close a business day: one numbered Z report, archived, never rewritten."""

    def __init__(self, session: Session, supervisor: users.User, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.supervisor = supervisor
        self.totals: dict | None = None
        self.date = QDateEdit(QDate.fromString(business_day.to_close(session.db), "yyyy-MM-dd"))
        self.date.setObjectName("date")
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("dd-MM-yyyy")
        self.date_label = QLabel()
        self.date_label.setBuddy(self.date)
        self.make_button = QPushButton()
        self.make_button.setObjectName("takeButton")
        self.make_button.setDefault(True)
        self.make_button.clicked.connect(self.make)
        self.open_button = QPushButton()
        self.open_button.setAutoDefault(False)
        self.open_button.clicked.connect(self.open_pdf)
        QShortcut(QKeySequence("Ctrl+O"), self, activated=self.open_pdf)
        date_row = QHBoxLayout()
        date_row.addWidget(self.date_label)
        date_row.addWidget(self.date)
        date_row.addWidget(self.make_button)
        date_row.addStretch(1)
        self.errors.add("date", self.date, self.general)
        layout = QVBoxLayout(self)
        for w in (self.title, self.subtitle):
            layout.addWidget(w)
        layout.addLayout(date_row)
        for w in (self.general, self.figures, self.message):
            layout.addWidget(w)
        layout.addLayout(self._buttons(self.open_button))
        self.figures.hide()
        self._enable_pdf(False)
        self.retranslate()
        self.date.setFocus()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Close the day - Z report"))
        self.date_label.setText(self.tr("Business &day"))
        self.make_button.setText(self.tr("Close the day (Enter)"))
        self.open_button.setText(self.tr("Open PDF (Ctrl+O)"))
        self.save_button.setText(self.tr("Save a copy…"))
        self.print_button.setText(self.tr("Print… (Ctrl+P)"))
        self.close_button.setText(self.tr("Close (Esc)"))
        if self.totals is None:
            self.title.setText(self.tr("Close the day"))
            self.subtitle.setText(self.tr(
                "Supervisor {supervisor}: this makes the day's Z report, once, numbered, never rewritten. "
                "Every shift of the day must be closed first; transactions the server has not credited yet "
                "are carried over and listed on the report.").format(supervisor=self.supervisor.id))
        else:
            self._show_totals()

    def _enable_pdf(self, on: bool) -> None:
        super()._enable_pdf(on)
        self.open_button.setEnabled(on)

    def selected_date(self) -> str:
        return self.date.date().toString("yyyy-MM-dd")

    def make(self) -> dict | None:
        if self.totals is not None:
            return self.totals
        self.errors.clear()
        # A shift still open, the day already closed: shown here.
        totals = CoreOp(self.session, lambda: day_end.close_day(self.session.db, self.selected_date(),
                                                                actor=self.supervisor.id)).run(self.errors)
        if totals is None:
            return None
        self.totals = totals
        self.make_button.setEnabled(False)
        self.date.setEnabled(False)
        self._show_totals()
        self._archive()
        self.close_button.setFocus()
        return totals

    def _archive(self) -> None:
        """Render and keep the PDF; the day is closed whatever happens to the paper."""
        from receipts import service, z_report   # reportlab: loaded when a report is asked for

        target = day_end.z_pdf_path(self.session.data_dir, self.totals)
        try:
            self.pdf = z_report.render_z_report(self.totals, service.fonts_for(self.session.db))
            self.pdf_path = _write_pdf(self.pdf, target)
        except Exception as exc:  # noqa: BLE001
            self._failed(exc)
            self.message.setText(self.tr("The day is closed; the PDF could not be kept. "
                                         "'counter-app report z --reprint' makes it again."))
        else:
            self.message.setText(self.tr("PDF kept as {path}").format(path=self.pdf_path))
        self._enable_pdf(self.pdf is not None)

    def _show_totals(self) -> None:
        t = self.totals
        self.title.setText(self.tr("Z report No. {z} · {date}").format(z=t["z_no"], date=t["business_date"]))
        self.subtitle.setText(self.tr("Day closed by {supervisor} at {time}.").format(
            supervisor=t.get("created_by") or self.supervisor.id, time=clock.format_local(t["created_at"])))
        receipts = (self.tr("{n} ({first} to {last})").format(n=t["receipts_count"], first=t["first_receipt"],
                                                             last=t["last_receipt"])
                    if t["receipts_count"] else "0")
        variance = t["variance_paise"]
        unsettled = len(t["unsettled"])
        self.figures.set_rows([
            ("receipts", self.tr("Receipts issued"), receipts, None),
            ("shifts", self.tr("Shifts"), str(len(t["shifts"])), None),
            ("gross", self.tr("Cash recharges (gross)"), format_rupees(t["gross_paise"]), None),
            ("rounding", self.tr("Cash rounding"), _signed(t["rounding_paise"]), None),
            ("voids", self.tr("Voids: cash given back"), "- " + format_rupees(t["voids_cash_paise"]), None),
            ("refunds", self.tr("Refunds paid"), "- " + format_rupees(t["refunds_paise"]), None),
            ("expected", self.tr("Expected in the drawers"), format_rupees(t["expected_paise"]), None),
            ("counted", self.tr("Counted"), format_rupees(t["counted_paise"]), None),
            ("variance", self.tr("Variance"),
             (self.tr("{amount} over") if variance > 0 else self.tr("{amount} short")).format(
                 amount=format_rupees(abs(variance))) if variance else self.tr("none"),
             "bad" if variance else "ok"),
            ("unsettled", self.tr("Paid at the counter, not yet credited"),
             self.tr("{n} · {amount}").format(n=unsettled, amount=format_rupees(t["unsettled_paise"])),
             "warn" if unsettled else "ok"),
        ])
        self.figures.show()
        fit_height(self)

    def open_pdf(self) -> None:
        if self.pdf_path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.pdf_path)))
