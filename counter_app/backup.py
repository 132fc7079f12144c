"""Online backups to a second medium: consistent, checked, encrypted, pruned.

A backup is the database copied through SQLite's backup API (consistent while
the app writes), checked (integrity and the journal chain) before it counts,
encrypted (see backup_crypto), and written as NAME.part then renamed, so that
a crash mid-backup leaves the previous backups as they were.
"""

from __future__ import annotations

from collections.abc import Callable

import datetime as dt
import hashlib
import json
import logging
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from counter_app import __version__, backup_crypto, backup_format, clock, counter, settings, verify
from counter_app.errors import KnownError
from counter_app.storage import write_transaction
from counter_app.i18n import _

log = logging.getLogger(__name__)
MAGIC, SUFFIX = backup_format.MAGIC, backup_format.SUFFIX
read_header = backup_format.read_header


@dataclass(frozen=True)
class BackupResult:
    path: Path
    size_bytes: int
    last_receipt_seq: int
    journal_seq: int
    pruned: list[str]

    def as_json(self) -> dict:
        return {"path": str(self.path), "size_bytes": self.size_bytes, "last_receipt_seq": self.last_receipt_seq,
                "journal_seq": self.journal_seq, "pruned": self.pruned}


def snapshot(db: sqlite_utils.Database) -> sqlite3.Connection:
    """A consistent in-memory copy of the live database."""
    mem = sqlite3.connect(":memory:")
    db.conn.backup(mem)
    return mem


def load_image(plain: bytes) -> sqlite3.Connection:
    """Open a database image in memory.

    The image of a WAL database says so in header bytes 18 and 19 (value 2),
    and SQLite cannot open such an image in memory; 1 marks the rollback
    journal, which is what a memory database uses. The restored file is put
    back in WAL mode when the app opens it.
    """
    image = bytearray(plain)
    if image[18:20] == b"\x02\x02":
        image[18:20] = b"\x01\x01"
    mem = sqlite3.connect(":memory:")
    mem.deserialize(bytes(image))
    return mem


def check_copy(mem: sqlite3.Connection) -> list[str]:
    return verify.run(sqlite_utils.Database(mem, execute_plugins=False))


def target_dir(db: sqlite_utils.Database, override: str | Path | None) -> Path:
    where = override or settings.get(db, "backup_dir")
    if not where:
        raise KnownError(_("No backup location is set. Set one with 'counter-app config backup_dir PATH' (a "
                           "USB drive or network folder), or pass --to DIR."))
    return Path(where)


BACKUP_STEPS = 4   # copy, check, encrypt, write: what ``progress`` counts


def make_backup(db: sqlite_utils.Database, data_dir: Path, *, to: str | Path | None = None,
                progress: Callable[[int, int | None], None] | None = None) -> BackupResult:
    step = progress or (lambda _done, _total=None: None)
    target = target_dir(db, to)
    key = backup_crypto.load_key(data_dir)
    if key is None:
        raise KnownError(_("No backup passphrase is set. IT sets one once with 'counter-app backup "
                           "--set-passphrase'."))
    me = counter.load(db)
    mem = snapshot(db)
    step(1, BACKUP_STEPS)
    try:
        findings = check_copy(mem)
        step(2, BACKUP_STEPS)
        if findings:
            raise KnownError(_("Backup not made: the database has problems ({findings}). Run 'counter-app verify' "
                               "and call IT.").format(findings="; ".join(findings[:3])))
        last_seq = mem.execute("SELECT COALESCE(MAX(receipt_seq), 0) FROM recharges").fetchone()[0]
        journal_seq, head = mem.execute(
            "SELECT COALESCE(MAX(seq), 0), (SELECT hash FROM journal ORDER BY seq DESC LIMIT 1) FROM journal"
        ).fetchone()
        # The copy carries the key and token (a restore on a new PC needs them), inside the
        # encryption only: the restore moves them back out of the database (counter.move_secrets_out).
        mem.execute("UPDATE counter SET private_key_pem = ?, token = ? WHERE id = 1", [me.private_key_pem, me.token])
        plain = mem.serialize()
    finally:
        mem.close()
    now = clock.utc_now()
    header = {"format": 1, "app_version": __version__, "counter_id": me.counter_id, "created_at": clock.to_iso(now),
              "last_receipt_seq": last_seq, "journal_seq": journal_seq, "journal_head": head,
              "sha256": hashlib.sha256(plain).hexdigest(), "size": len(plain)}
    header, cipher = backup_crypto.encrypt(key, header, plain)
    step(3, BACKUP_STEPS)
    name = f"{me.counter_id}-{now.strftime('%Y%m%dT%H%M%S%fZ')}-r{last_seq:07d}{SUFFIX}"
    path = _write_atomically(target, name, MAGIC + json.dumps(header, sort_keys=True).encode() + b"\n" + cipher)
    with write_transaction(db):
        db.execute("INSERT INTO backups (at, path, last_receipt_seq, journal_seq, size_bytes) VALUES (?, ?, ?, ?, ?)",
                   [clock.to_iso(now), str(path), last_seq, journal_seq, path.stat().st_size])
    pruned = prune(target, me.counter_id, keep_last=settings.get(db, "backup_keep_last"),
                   keep_daily_days=settings.get(db, "backup_keep_daily_days"), now=now)
    step(4, BACKUP_STEPS)
    log.info("backup written: %s (%d bytes, last receipt %d)", path, path.stat().st_size, last_seq)
    return BackupResult(path, path.stat().st_size, last_seq, journal_seq, pruned)


def _write_atomically(folder: Path, name: str, data: bytes) -> Path:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        final = folder / name
        part = folder / (name + ".part")
        with open(part, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        part.replace(final)
        if hasattr(os, "O_DIRECTORY"):  # make the rename itself durable (POSIX)
            fd = os.open(folder, os.O_DIRECTORY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
    except OSError as exc:
        raise KnownError(_("Cannot write the backup to {folder}: {strerror}. Is the drive plugged in and "
                           "writable, with free space?").format(folder=folder, strerror=exc.strerror)) from exc
    return final


def prune(folder: Path, counter_id: str, *, keep_last: int, keep_daily_days: int, now: dt.datetime) -> list[str]:
    """Keep the last N backups and the newest of each day for M days; remove the rest and stale parts."""
    removed = []
    for stale in folder.glob(f"{counter_id}-*{SUFFIX}.part"):
        stale.unlink(missing_ok=True)
        removed.append(stale.name)
    files = sorted(folder.glob(f"{counter_id}-*{SUFFIX}"), reverse=True)  # names sort by time
    keep = set(files[:keep_last])
    cutoff = (now - dt.timedelta(days=keep_daily_days)).strftime("%Y%m%d")
    seen_days = set()
    for path in files:
        day = path.name[len(counter_id) + 1:][:8]
        if day >= cutoff and day not in seen_days:
            seen_days.add(day)
            keep.add(path)
    for path in files:
        if path not in keep:
            path.unlink(missing_ok=True)
            removed.append(path.name)
    return removed


def due(db: sqlite_utils.Database) -> bool:
    """Has the counter taken N recharges since its last backup (and has it somewhere to put one)?"""
    if not settings.get(db, "backup_dir"):
        return False
    every = settings.get(db, "backup_every_n_recharges")
    last = db.execute("SELECT COALESCE(MAX(last_receipt_seq), 0) FROM backups").fetchone()[0]
    newest = db.execute("SELECT COALESCE(MAX(receipt_seq), 0) FROM recharges").fetchone()[0]
    return newest - last >= every


def due_after_shift_close(db: sqlite_utils.Database) -> bool:
    """Every shift close is backed up, when a backup location is set (the CLI and the window ask here)."""
    return bool(settings.get(db, "backup_dir"))


def maybe_auto_backup(db: sqlite_utils.Database, data_dir: Path) -> BackupResult | str | None:
    """Back up when due. Never raises into the cashier's flow: returns the error text instead."""
    if not due(db):
        return None
    try:
        return make_backup(db, data_dir)
    except KnownError as exc:
        log.warning("automatic backup failed: %s", exc)
        return str(exc)
    except (OSError, sqlite3.Error) as exc:
        log.exception("automatic backup failed")
        return f"Automatic backup failed: {exc}"
