"""The status bar that tells the truth: server, queue, rejected, clock.

:func:`summarize` is a pure function of the core's ``inspection.Status``
and the sync worker's last report, so the wording is tested without a window.
Each part carries its meaning in words and a symbol as well as in colour.
Nothing here ever says "online" alone while money is still pending: the
queue has its own part, which stays amber until the server confirms the last.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QWidget

from counter_app import clock
from counter_app.inspection import Status, unproven_warning
from counter_app.money import format_rupees
from ui.forms import repolish
from ui.sync_worker import SyncReport

translate = QCoreApplication.translate

OK, WARN, BAD = "ok", "warn", "bad"


@dataclass(frozen=True)
class Part:
    text: str
    level: str
    tooltip: str = ""


@dataclass(frozen=True)
class Summary:
    server: Part
    queue: Part
    rejected: Part
    clock: Part | None



def _hhmm(iso: str | None) -> str:
    return clock.local(iso).strftime("%H:%M") if iso else translate("StatusPanel", "never")


def summarize(status: Status | None, report: SyncReport | None, *, syncing: bool = False,
              skew_warn_s: float = 300, now: dt.datetime | None = None) -> Summary:
    last_ok = status.last_sync_at if status is not None else None
    server = _server_part(status, report, syncing, last_ok)
    if status is not None and status.pending:
        queue = Part(translate("StatusPanel", "⏳ {n} waiting to send · {total} NOT YET CREDITED · oldest {age}").format(
            n=status.pending, total=format_rupees(status.pending_paise),
            age=clock.age_text(status.oldest_pending_at, now)), WARN,
            translate("StatusPanel", "Recharges taken here that the server has not confirmed yet. "
               "Their receipts say PROVISIONAL."))
    elif status is not None:
        queue = Part(translate("StatusPanel", "✔ Nothing pending"), OK)
    else:
        queue = Part(translate("StatusPanel", "… reading queue"), WARN)
    if status is not None and status.rejected:
        rejected = Part(translate("StatusPanel", "⚠ {n} REJECTED · {total} · supervisor F4").format(
            n=status.rejected, total=format_rupees(status.rejected_paise)), BAD,
            translate("StatusPanel", "The server refused these; a supervisor must deal with them (F4)."))
    elif status is not None and status.disputed:
        rejected = Part(translate("StatusPanel", "⚠ {n} DISPUTED · {total} · supervisor F4").format(
            n=status.disputed, total=format_rupees(status.disputed_paise)), BAD,
            translate("StatusPanel", "The server signed another outcome than a credit for these (voided or "
                      "reversed by someone else?); a supervisor must look (F4)."))
    else:
        rejected = Part(translate("StatusPanel", "0 rejected"), OK)
    # The latest word on the clock: this session's health check, else what the database remembers.
    skew = report.health.skew_s if report is not None and report.health is not None else None
    if skew is None and status is not None:
        skew = status.clock_skew_s
    clock_off = clock.skew_too_large(skew, skew_warn_s)
    alerts = []
    if clock_off:
        alerts.append(translate("StatusPanel", "⚠ PC clock off by {minutes} min: ask IT").format(
            minutes=round(abs(skew) / 60)))
    # Limits on money waiting for the server (counter_app.exposure), in the core's words.
    alerts += ["⚠ " + sentence for sentence in (status.exposure if status is not None else ())]
    # Rows marked confirmed with no signed word of the server beside them (set by hand?): the alarm of
    # ``counter-app status``, short on the line (a small screen), its whole sentence in the tooltip.
    unproven = status is not None and status.unproven
    if unproven:
        alerts.append(translate("StatusPanel", "⚠ {n} CONFIRMED WITHOUT PROOF · {total} · supervisor F4").format(
            n=status.unproven, total=format_rupees(status.unproven_paise)))
    # The business day when it is not the calendar day (counter_app.business_day), in the core's words.
    # Only that note: a notice, not an alarm.
    level = BAD if alerts else WARN
    if status is not None and status.business_day_note:
        alerts.append("ℹ " + status.business_day_note)
    tips = [translate("StatusPanel", "This PC's clock differs from the server's; receipts show the PC's time.")
            ] if clock_off else []
    if unproven:
        tips.append(unproven_warning(status.unproven, status.unproven_paise))
    clock_part = Part("\n".join(alerts), level, "\n".join(tips)) if alerts else None
    return Summary(server, queue, rejected, clock_part)


def _server_part(status: Status | None, report: SyncReport | None, syncing: bool, last_ok: str | None) -> Part:
    prefix = translate("StatusPanel", "↻ Syncing… ") if syncing else ""
    since = translate("StatusPanel", "last success {time}").format(time=_hhmm(last_ok))
    if report is None:
        # Nothing tried in this session yet: say what the database remembers.
        attempt, error = (status.last_sync_attempt_at, status.last_sync_error) if status else (None, None)
        if attempt and error and (not last_ok or attempt > last_ok):
            return Part(prefix + translate("StatusPanel", "✖ Server NOT reachable at {time} · {since}").format(
                time=_hhmm(attempt), since=since), BAD, error)
        return Part(prefix + translate("StatusPanel", "? Server not checked yet · {since}").format(since=since), WARN)
    sync_error = report.error or (report.result.error if report.result is not None else None)
    health_error = report.health.error if report.health is not None else None
    if report.reachable:
        if sync_error:
            return Part(prefix + translate("StatusPanel", "⚠ Server reachable, but sync failed · {since}").format(since=since),
                        BAD, str(sync_error))
        return Part(prefix + translate("StatusPanel", "✔ Server reachable · checked {time}").format(
            time=_hhmm(report.finished_at)), OK)
    return Part(prefix + translate("StatusPanel", "✖ Server NOT reachable · {since}").format(since=since), BAD,
                str(health_error or sync_error or ""))


class StatusPanel(QWidget):
    """The parts of :class:`Summary` side by side, with the Sync now button."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.setSpacing(6)
        self.server = self._part("server")
        self.queue = self._part("queue")
        self.rejected = self._part("rejected")
        self.clock = self._part("clock")
        self.sync_button = QPushButton()
        self.sync_button.setObjectName("syncNow")
        # The server and the queue get the most room; every part wraps rather than being cut off.
        for w, stretch in ((self.server, 3), (self.queue, 4), (self.rejected, 2), (self.clock, 2)):
            layout.addWidget(w, stretch)
        layout.addWidget(self.sync_button)
        self._last: tuple = (None, None, False, 300)
        self.retranslate()

    def _part(self, name: str) -> QLabel:
        label = QLabel()
        label.setObjectName(f"status_{name}")
        label.setProperty("level", WARN)
        label.setWordWrap(True)
        label.setMinimumWidth(120)
        label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        return label

    def retranslate(self) -> None:
        self.sync_button.setText(self.tr("Sync now (F5)"))
        self.sync_button.setToolTip(self.tr("Send pending recharges to the server now"))
        self.show_summary(*self._last[:2], syncing=self._last[2], skew_warn_s=self._last[3])

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def show_summary(self, status: dict | None, report: SyncReport | None, *, syncing: bool = False,
                     skew_warn_s: float = 300) -> Summary:
        self._last = (status, report, syncing, skew_warn_s)
        summary = summarize(status, report, syncing=syncing, skew_warn_s=skew_warn_s)
        for label, part in ((self.server, summary.server), (self.queue, summary.queue),
                            (self.rejected, summary.rejected), (self.clock, summary.clock)):
            label.setVisible(part is not None)
            if part is None:
                continue
            label.setText(part.text)
            label.setToolTip(part.tooltip)
            label.setAccessibleName(part.text)
            if label.property("level") != part.level:
                label.setProperty("level", part.level)
                repolish(label)
        return summary
