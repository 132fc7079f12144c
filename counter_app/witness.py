"""Witnesses of the journal's head that live outside the database, for ``verify`` to compare with.

Deleting the last rows of a hash chain (and fixing the triggers) leaves a
shorter chain that is still whole, so the database alone cannot show that its
tail is gone. Three witnesses remember how far it reached:

- ``journal-head.json`` in the data folder, rewritten after each recharge's
  commit (seq, hash and receipt number of the newest entry);
- the server's last signed ``journal_ack`` (``journal-ack.json``, checked
  against the pinned server key, so it cannot be raised by hand);
- the newest backup's header (journal seq, head hash, last receipt number).

A witness made before the latest restore is not compared: a restore goes back
on purpose (and is journaled); nor is the server's acknowledgement on a restored
counter (the server holds the lost PC's entries under the same numbers). The next receipt number is always past the head
witness's, so a deleted tail's numbers are never issued again.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from counter_app import storage

log = logging.getLogger(__name__)

HEAD_FILE = "journal-head.json"
RECORD_BYTES = 512  # one disk sector: a witness record is written over the old one in place
ACK_FILE = "journal-ack.json"
SERVER_ACK = "the server's signed acknowledgement"


@dataclass(frozen=True)
class Head:
    """How far the journal reached, as one witness saw it."""
    source: str
    seq: int
    hash: str | None
    receipt_seq: int | None
    at: str | None


def _write(path: Path, data: dict) -> None:
    """Replace ``path``'s record so that a crash leaves the old one or the new one, never a torn one.

    A record is padded with spaces (which JSON ignores) to one disk sector and
    written over the old one in place: a disk writes a sector whole, and the
    file keeps its size and its blocks. Writing aside and renaming over the old
    file did the same, but ext4 starts writing out a file renamed over another
    at once, which cost more than the rest of the recharge's own work
    (``bench/bench_recharge.py``). A record too long for a sector still goes the
    rename way. No fsync, on purpose: a crash can only leave the old record (a
    witness that is behind, which is never a false alarm), and the recharge's
    own commit already paid for one fsync; a second would double its cost.
    """
    text = json.dumps(data, sort_keys=True).encode("utf-8")
    if len(text) > RECORD_BYTES:
        part = path.with_name(path.name + ".part")
        part.write_bytes(text)
        os.replace(part, path)
        return
    try:
        handle = open(path, "r+b")
    except FileNotFoundError:
        handle = open(path, "wb")
    with handle:
        handle.write(text.ljust(RECORD_BYTES))
        if os.fstat(handle.fileno()).st_size > RECORD_BYTES:  # an older, longer file: nothing of it may stay
            handle.truncate(RECORD_BYTES)


def _read(path: Path) -> dict | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def note_head(db: sqlite_utils.Database, *, counter_id: str, seq: int, hash: str, receipt_seq: int,
              at: str) -> None:
    """After a recharge's COMMIT: remember the head. Never fails the recharge (the money is committed)."""
    folder = storage.data_dir_of(db)
    if folder is None:
        return
    try:
        _write(folder / HEAD_FILE, {"counter_id": counter_id, "seq": seq, "hash": hash,
                                    "receipt_seq": receipt_seq, "at": at})
    except OSError as exc:
        log.warning("cannot write the journal head witness %s: %s", folder / HEAD_FILE, exc)


def head_receipt_seq(folder: Path | None, counter_id: str) -> int:
    """The highest receipt number the head witness saw for this counter (0 without one)."""
    if folder is None:
        return 0
    data = _read(folder / HEAD_FILE)
    if not data or data.get("counter_id") != counter_id or not isinstance(data.get("receipt_seq"), int):
        return 0
    return data["receipt_seq"]


def note_ack(folder: Path, ack: dict) -> None:
    """Keep the server's signed acknowledgement (with its signature) when it moved forward."""
    old = _read(folder / ACK_FILE)
    if old and isinstance(old.get("seq"), int) and old["seq"] >= ack["seq"]:
        return
    try:
        _write(folder / ACK_FILE, ack)
    except OSError as exc:
        log.warning("cannot write the server's journal acknowledgement %s: %s", folder / ACK_FILE, exc)


def reset_after_restore(folder: Path, *, counter_id: str, seq: int, hash: str, receipt_seq: int, at: str) -> None:
    """A restore goes back on purpose: the witnesses start again from the restored head."""
    (folder / ACK_FILE).unlink(missing_ok=True)
    _write(folder / HEAD_FILE, {"counter_id": counter_id, "seq": seq, "hash": hash, "receipt_seq": receipt_seq,
                                "at": at})


def heads(db: sqlite_utils.Database, *, counter_id: str, server_key) -> list[Head]:
    """Every witness of this counter's head that verify should compare with."""
    from counter_app import backup_format, evidence, settings

    folder = storage.data_dir_of(db)
    if folder is None:
        return []
    found = []
    data = _read(folder / HEAD_FILE)
    if data and data.get("counter_id") == counter_id and isinstance(data.get("seq"), int):
        found.append(Head(f"the head witness {folder / HEAD_FILE}", data["seq"], data.get("hash"),
                          data.get("receipt_seq"), data.get("at")))
    ack = _read(folder / ACK_FILE)
    if ack:
        signature = ack.pop("signature", None)
        if evidence.signed_ok(server_key, ack, signature) and ack.get("counter_id") == counter_id:
            found.append(Head(SERVER_ACK, ack["seq"], ack.get("hash"), None,
                              ack.get("at")))
    where = settings.get(db, "backup_dir")
    if where:
        newest = backup_format.newest_header(Path(where), counter_id)
        if newest is not None:
            found.append(Head(f"the newest backup {newest[0].name}", newest[1]["journal_seq"],
                              newest[1].get("journal_head"), newest[1]["last_receipt_seq"],
                              newest[1]["created_at"]))
    return found
