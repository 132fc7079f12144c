"""Issuing receipts from the counter database: status, reprints, archive, printer.

The window and the CLI call these two functions; they read the committed
recharge, never change it, and journal every reprint.
"""

from __future__ import annotations

import logging
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from counter_app import adjustments, clock, counter, inspection, journal, paths, recharge, settings, users, voids
from counter_app.errors import KnownError
from counter_app.storage import write_transaction
from receipts import fonts as fonts_mod
from receipts import payload, thermal, void_slip
from receipts.render import FORMATS, ReceiptData, render_pdf, status_words

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ReceiptOutput:
    path: Path
    pdf: bytes
    reprint_count: int  # 0 for an original; n for the n-th duplicate
    status: str  # pending, confirmed, void, rejected, superseded or refunded
    receipt_no: str = ""
    fmt: str = "roll"
    words: str = ""  # what became of it, as the CLI says it ("SUPERSEDED BY MNG-01-0000009")


@dataclass(frozen=True)
class Status:
    status: str
    server_ref: str | None = None
    reject_reason: str | None = None
    superseded_by: str | None = None   # receipt no of the replacement
    refunded_at: str | None = None
    refunded_by: str | None = None


def current_status(db: sqlite_utils.Database, txn_id: str) -> Status:
    """What the receipt must say now. What the counter did later (void, superseded, refunded)
    wins over anything the server said."""
    adjusted = db.execute(
        "SELECT a.kind, a.at, a.actor, n.receipt_no FROM adjustments a LEFT JOIN recharges n "
        "ON n.txn_id = a.new_txn_id WHERE a.txn_id = ?", [txn_id]).fetchone()
    row = db.execute("SELECT state, server_ref, reject_reason FROM outbox WHERE txn_id = ? AND kind = 'recharge'",
                     [txn_id]).fetchone()
    status = inspection.recharge_status(adjusted[0] if adjusted else None, row[0] if row else None)
    reason = row[2] if row else None
    if status == "void":
        return Status("void")
    if status == "superseded":
        return Status("superseded", reject_reason=reason, superseded_by=adjusted[3])
    if status == "refunded":
        who = users.get(db, adjusted[2])
        return Status("refunded", reject_reason=reason, refunded_at=adjusted[1],
                      refunded_by=f"{who.name} ({who.id})" if who else adjusted[2])
    if status == "confirmed":
        return Status("confirmed", server_ref=row[1])
    if status == "rejected":
        return Status("rejected", reject_reason=reason)
    # Pending; and what paper has no words of its own for (disputed, for the supervisor): PROVISIONAL.
    return Status("pending")


def replaced_receipt(db: sqlite_utils.Database, txn_id: str) -> str | None:
    """The rejected receipt that this one replaces, if it is a correction."""
    row = db.execute("SELECT r.receipt_no FROM adjustments a JOIN recharges r USING (txn_id) "
                     "WHERE a.kind = 'superseded' AND a.new_txn_id = ?", [txn_id]).fetchone()
    return row[0] if row else None


def reprint_count(db: sqlite_utils.Database, txn_id: str) -> int:
    return db.execute("SELECT COUNT(*) FROM journal WHERE kind = 'reprint' AND ref = ?", [txn_id]).fetchone()[0]


def txn_for_receipt(db: sqlite_utils.Database, receipt_no: str) -> str:
    taken = recharge.get_by_receipt(db, receipt_no)
    if taken is None:
        raise KnownError(f"No receipt {receipt_no.strip().upper()} on this counter. "
                         "Check the number ('counter-app list' shows them).", field="receipt_no")
    return taken.txn_id


def receipt_data(db: sqlite_utils.Database, txn_id: str, *, reprint_no: int = 0,
                 reprinted_at: str | None = None) -> ReceiptData:
    """Everything printed on the receipt of one committed recharge, signed."""
    taken = recharge.get_by_txn(db, txn_id)
    if taken is None:
        raise KnownError(f"No recharge {txn_id} on this counter.")
    me = counter.load(db)
    status = current_status(db, txn_id)
    consumer = db.execute("SELECT name, meter_no FROM consumers WHERE consumer_no = ?",
                          [taken.consumer_no]).fetchone()
    cashier = users.get(db, taken.cashier_id)
    entry = journal.get(db, taken.journal_seq)
    qr_payload = payload.make(me.private_key(), receipt_no=taken.receipt_no, txn_id=taken.txn_id,
                              consumer_no=taken.consumer_no, amount_paise=taken.amount_paise,
                              created_at=taken.created_at)
    return ReceiptData(
        utility_name=settings.get(db, "utility_name"),
        utility_name_hi=settings.get(db, "utility_name_hi"),
        office=me.office,
        counter_id=taken.counter_id,
        receipt_no=taken.receipt_no,
        txn_id=taken.txn_id,
        created_at=taken.created_at,
        consumer_no=taken.consumer_no,
        amount_paise=taken.amount_paise,
        tendered_paise=taken.tendered_paise,
        change_paise=taken.change_paise,
        payment_mode=taken.payment_mode,
        cashier=f"{cashier.name} ({cashier.id})" if cashier else taken.cashier_id,
        status=status.status,
        consumer_name=consumer[0] if consumer else None,
        meter_no=consumer[1] if consumer else None,
        server_ref=status.server_ref,
        reject_reason=status.reject_reason,
        reprint_no=reprint_no,
        reprinted_at=reprinted_at,
        qr_payload=qr_payload,
        fingerprint=entry.fingerprint if entry else None,
        rounding_paise=taken.rounding_paise,
        superseded_by=status.superseded_by,
        replaces=replaced_receipt(db, txn_id),
        refunded_at=status.refunded_at,
        refunded_by=status.refunded_by,
    )


def archive_path(data_dir: Path, data: ReceiptData, business_date: str, fmt: str) -> Path:
    """DATA_DIR/receipts/YYYY-MM-DD/<receipt no>[-a4][-<status>][-duplicate-<n>].pdf"""
    name = data.receipt_no
    if fmt != "roll":
        name += f"-{fmt}"
    if data.status != "pending":
        name += f"-{data.status}"
    if data.reprint_no:
        name += f"-duplicate-{data.reprint_no}"
    return paths.archive_dir(data_dir) / business_date / f"{name}.pdf"


def _write_atomically(path: Path, content: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(content)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise KnownError(f"Cannot save the receipt PDF to {path}: {exc.strerror or exc}. "
                         "Check the disk (full or read-only?).") from exc


def fonts_for(db: sqlite_utils.Database) -> fonts_mod.Fonts:
    """The fonts receipts and reports are printed in: the configured Devanagari font, else the machine's."""
    return fonts_mod.load(settings.get(db, "receipt_font_path") or None)


def issue_receipt(db: sqlite_utils.Database, data_dir: Path, txn_id: str, *, fmt: str = "roll",
                  copy: bool = False, actor: str | None = None) -> ReceiptOutput:
    """Render the receipt with its current status and save it to the archive.

    ``copy=True`` is a reprint: it says DUPLICATE with its count, and the
    reprint is journaled in the same transaction that numbers it, so two
    windows cannot print the same duplicate number.
    """
    if fmt not in FORMATS:
        raise KnownError(f"Receipt format {fmt!r} is not known; use one of {', '.join(FORMATS)}.", field="format")
    taken = recharge.get_by_txn(db, txn_id)
    if taken is None:
        raise KnownError(f"No recharge {txn_id} on this counter.")
    fonts = fonts_for(db)
    if not copy:
        data = receipt_data(db, txn_id)
        pdf = render_pdf(data, fmt, fonts)
        path = archive_path(Path(data_dir), data, taken.business_date, fmt)
        _write_atomically(path, pdf)
        return ReceiptOutput(path, pdf, 0, data.status, taken.receipt_no, fmt, status_words(data))
    with write_transaction(db):
        number = reprint_count(db, txn_id) + 1
        now = clock.now_iso()
        data = receipt_data(db, txn_id, reprint_no=number, reprinted_at=now)
        pdf = render_pdf(data, fmt, fonts)
        journal.append(db, "reprint", {"receipt_no": taken.receipt_no, "reprint_no": number,
                                       "format": fmt, "status": data.status},
                       actor=actor, ref=txn_id, at=now)
        path = archive_path(Path(data_dir), data, taken.business_date, fmt)
        _write_atomically(path, pdf)
    log.info("reprint %d of receipt %s (%s)", number, taken.receipt_no, fmt)
    return ReceiptOutput(path, pdf, number, data.status, taken.receipt_no, fmt, status_words(data))


def void_slip_data(db: sqlite_utils.Database, txn_id: str) -> void_slip.VoidSlipData:
    """What the void slip of a voided recharge says, signed (CV1) with the counter's key."""
    taken = recharge.get_by_txn(db, txn_id)
    voided = adjustments.get(db, txn_id)
    if taken is None or voided is None or voided["kind"] != "void":
        raise KnownError(f"Receipt {taken.receipt_no if taken else txn_id} is not voided: a void slip is made "
                         "only for a voided recharge.", field="receipt_no")
    me = counter.load(db)
    cash_back = taken.cash_paise
    supervisor = users.get(db, voided["actor"])
    consumer = db.execute("SELECT name FROM consumers WHERE consumer_no = ?", [taken.consumer_no]).fetchone()
    entry = journal.get(db, voided["journal_seq"])
    reason = voids.REASONS.get(voided["reason"], voided["reason"]) + (f" - {voided['note']}" if voided["note"] else "")
    qr_payload = payload.make(me.private_key(), receipt_no=taken.receipt_no, txn_id=taken.txn_id,
                              consumer_no=taken.consumer_no, amount_paise=taken.amount_paise,
                              created_at=voided["at"], version=payload.VOID_SLIP)
    return void_slip.VoidSlipData(
        utility_name=settings.get(db, "utility_name"), utility_name_hi=settings.get(db, "utility_name_hi"),
        office=me.office, counter_id=taken.counter_id, receipt_no=taken.receipt_no, txn_id=taken.txn_id,
        consumer_no=taken.consumer_no, amount_paise=taken.amount_paise, cash_back_paise=cash_back,
        voided_at=voided["at"], supervisor=f"{supervisor.name} ({supervisor.id})" if supervisor else voided["actor"],
        reason=reason, consumer_name=consumer[0] if consumer else None, qr_payload=qr_payload,
        fingerprint=entry.fingerprint if entry else None)


def issue_void_slip(db: sqlite_utils.Database, data_dir: Path, txn_id: str) -> ReceiptOutput:
    """Render the void slip and archive it beside the receipt (``<receipt no>-void-slip.pdf``)."""
    data = void_slip_data(db, txn_id)
    taken = recharge.get_by_txn(db, txn_id)
    assert taken is not None
    pdf = void_slip.render_pdf(data, fonts_for(db))
    path = paths.archive_dir(Path(data_dir)) / taken.business_date / f"{taken.receipt_no}-void-slip.pdf"
    _write_atomically(path, pdf)
    return ReceiptOutput(path, pdf, 0, "void", taken.receipt_no, "roll", "VOID slip")


def print_receipt(db: sqlite_utils.Database, output: ReceiptOutput) -> None:
    """Send a roll receipt to the thermal printer named in the settings."""
    if output.fmt != "roll":
        raise KnownError(f"The thermal printer takes the 80 mm roll receipt, not {output.fmt}; "
                         "issue the receipt in the roll format to print it here.")
    try:
        thermal.print_pdf(output.pdf, kind=settings.get(db, "printer_kind"),
                          target=settings.get(db, "printer_target"), dots=int(settings.get(db, "printer_dots")))
    except KnownError as exc:
        raise KnownError(f"{exc} Receipt {output.receipt_no} is saved at {output.path} and can be "
                         f"printed again with 'counter-app print {output.receipt_no}'.") from exc
