"""Restoring a backup into a data folder, without ever reusing a receipt number.

Receipt numbers issued after the backup was made exist only on the lost PC (and
on paper, and perhaps on the server). So a restored counter does not continue
from the backup's last number: it jumps past a floor, which is the highest of
(a) the backup's last number plus the setting ``restore_receipt_gap``,
(b) the number a supervisor read off the last paper receipt (``--next-receipt``),
(c) one past the last number the server has received from this counter, when
the caller can ask it. The jump is journaled as a ``receipt_floor`` entry, so
``verify`` knows the gap is deliberate.
"""

from __future__ import annotations

from collections.abc import Callable

import hashlib
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from counter_app import (
    backup, backup_crypto, clock, connection, counter, journal, keystore, paths, settings, storage, witness,
)
from counter_app.errors import KnownError, Refused
from counter_app.recharge import next_receipt_seq
from counter_app.i18n import _


@dataclass(frozen=True)
class RestoreResult:
    counter_id: str
    backup_created_at: str
    backup_last_receipt_seq: int
    next_receipt_seq: int
    replaced: str | None

    def as_json(self) -> dict:
        return dict(self.__dict__)


def _existing(data_dir: Path) -> tuple[str | None, int] | None:
    path = paths.db_path(data_dir)
    if not path.exists():
        return None
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            row = conn.execute("SELECT counter_id FROM counter WHERE id = 1").fetchone()
            seq = conn.execute("SELECT COALESCE(MAX(seq), 0) FROM journal").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return (None, 0)  # damaged: restoring over it is the point, but it is kept aside
    return (row[0] if row else None, seq)


RESTORE_STEPS = 4   # decrypt, check, write, renumber: what ``progress`` counts


def restore(data_dir: Path, file: Path, *, passphrase: str | None = None, force: bool = False,
            next_receipt: int | None = None, server_last_seq: int | None = None,
            progress: Callable[[int, int | None], None] | None = None) -> RestoreResult:
    step = progress or (lambda _done, _total=None: None)
    header, cipher = backup.read_header(file)
    key = backup_crypto.key_for(header, passphrase, backup_crypto.load_key(data_dir))
    plain = backup_crypto.decrypt(header, cipher, key=key)
    step(1, RESTORE_STEPS)
    if hashlib.sha256(plain).hexdigest() != header["sha256"]:
        raise KnownError(_("{file} is damaged: its content does not match its checksum.").format(file=file))
    mem = backup.load_image(plain)
    try:
        findings = backup.check_copy(mem)
        step(2, RESTORE_STEPS)
        if findings:
            raise KnownError(_("The backup fails its checks ({findings}); it is not restored.").format(
                findings="; ".join(findings[:3])))
        existing = _existing(data_dir)
        if existing is not None:
            their_id, their_seq = existing
            if their_id and their_id != header["counter_id"] and not force:
                raise Refused(_("This data folder belongs to counter {their_id}; the backup is of {value}. "
                                "Pass --force only if you mean to replace it.").format(
                                    their_id=their_id, value=header['counter_id']))
            if their_seq > header["journal_seq"] and not force:
                raise Refused(_("The database here is newer than the backup (journal entry {their_seq} against "
                                "{value}). Nothing was changed; pass --force to replace it anyway (it is kept "
                                "aside, never deleted).").format(their_seq=their_seq, value=header['journal_seq']))
        replaced = _set_aside(data_dir) if existing is not None else None
        data_dir.mkdir(parents=True, exist_ok=True)
        dest = sqlite3.connect(str(paths.db_path(data_dir)))
        try:
            mem.backup(dest)
        finally:
            dest.close()
        step(3, RESTORE_STEPS)
    finally:
        mem.close()
    keystore.forget_cache()
    db = connection.open_counter_db(data_dir)
    try:
        with storage.write_transaction(db):
            counter.move_secrets_out(db)  # the backup's key and token: back into the keystore
        # The head witness in this folder saw every number this PC issued, even after the backup.
        floor = max(header["last_receipt_seq"] + settings.get(db, "restore_receipt_gap"),
                    (next_receipt or 0) - 1, server_last_seq or 0,
                    witness.head_receipt_seq(data_dir, header["counter_id"]))
        with storage.write_transaction(db):
            db.execute("UPDATE sequences SET value = MAX(value, ?) WHERE name = 'receipt'", [floor])
            journal.append(db, "restore", {"file": Path(file).name, "backup_created_at": header["created_at"],
                                           "backup_last_receipt_seq": header["last_receipt_seq"],
                                           "replaced": replaced})
            if floor > header["last_receipt_seq"]:
                journal.append(db, "receipt_floor", {"from": header["last_receipt_seq"] + 1, "to": floor,
                                                     "why": "restored from backup; these numbers may exist "
                                                            "on the lost PC"})
        seq, head = journal.last(db)
        witness.reset_after_restore(data_dir, counter_id=header["counter_id"], seq=seq, hash=head,
                                    receipt_seq=floor, at=clock.now_iso())
    finally:
        db.close()
    step(4, RESTORE_STEPS)
    return RestoreResult(header["counter_id"], header["created_at"], header["last_receipt_seq"], floor + 1, replaced)


def raise_floor_from_server(data_dir: Path) -> int | None:
    """Ask the server for the last receipt number it has from this counter and skip past it.

    Covers receipts the lost PC synced after its last backup. Returns the server's
    number, or None when the server cannot be asked (then the gap alone protects).
    """
    from counter_app.sync import SyncClient

    db = connection.open_counter_db(data_dir)
    try:
        last = SyncClient(db).last_receipt_seq_on_server()
        if last is None:
            return None
        with storage.write_transaction(db):
            current = next_receipt_seq(db) - 1
            if last > current:
                db.execute("UPDATE sequences SET value = ? WHERE name = 'receipt'", [last])
                journal.append(db, "receipt_floor", {"from": current + 1, "to": last,
                                                     "why": "the server has receipts up to this number"})
        return last
    finally:
        db.close()


def _set_aside(data_dir: Path) -> str:
    """Move the current database (and its WAL) aside: a restore never deletes anything."""
    stamp = clock.utc_now().strftime("%Y%m%dT%H%M%SZ")
    aside = data_dir / "replaced" / stamp
    aside.mkdir(parents=True, exist_ok=True)
    base = paths.db_path(data_dir)
    for suffix in ("", "-wal", "-shm"):
        part = base.with_name(base.name + suffix)
        if part.exists():
            shutil.move(str(part), aside / part.name)
    return str(aside)
