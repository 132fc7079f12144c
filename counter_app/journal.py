"""The append-only journal: every business event, each hashed over the last.

Each entry's hash covers its own content and the previous entry's hash, so
editing, deleting or inserting any row breaks the chain from there on; SQLite
triggers refuse UPDATE and DELETE so that an honest mistake cannot do it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from counter_app import canonical, clock
from counter_app.i18n import _

GENESIS = "0" * 64


@dataclass(frozen=True)
class Entry:
    seq: int
    at: str
    kind: str
    actor: str | None
    ref: str | None
    payload: dict[str, Any]
    prev_hash: str
    hash: str

    @property
    def fingerprint(self) -> str:
        """A short form of the hash, printed on paper."""
        return self.hash[:12].upper()


def entry_hash(seq: int, at: str, kind: str, actor: str | None, ref: str | None,
               payload_text: str, prev_hash: str) -> str:
    body = canonical.dumps([seq, at, kind, actor, ref, payload_text], plain=True)  # text and one integer
    return hashlib.sha256(f"{prev_hash}\n{body}".encode("utf-8")).hexdigest()


def last(db: sqlite_utils.Database) -> tuple[int, str]:
    row = db.execute("SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1").fetchone()
    return (row[0], row[1]) if row else (0, GENESIS)


def append(db: sqlite_utils.Database, kind: str, payload: dict[str, Any], *,
           actor: str | None = None, ref: str | None = None, at: str | None = None) -> Entry:
    """Append one entry. Call inside the caller's write transaction."""
    assert db.conn.in_transaction, "journal.append must run inside a write transaction"
    prev_seq, prev_hash = last(db)
    seq = prev_seq + 1
    at = at or clock.now_iso()
    payload_text = canonical.dumps(payload)
    digest = entry_hash(seq, at, kind, actor, ref, payload_text, prev_hash)
    db.execute(
        "INSERT INTO journal (seq, at, kind, actor, ref, payload, prev_hash, hash) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [seq, at, kind, actor, ref, payload_text, prev_hash, digest],
    )
    return Entry(seq, at, kind, actor, ref, payload, prev_hash, digest)


def _entry(row: tuple) -> Entry:
    seq, at, kind, actor, ref, payload, prev_hash, digest = row
    return Entry(seq, at, kind, actor, ref, json.loads(payload), prev_hash, digest)


_COLUMNS = "seq, at, kind, actor, ref, payload, prev_hash, hash"


def get(db: sqlite_utils.Database, seq: int) -> Entry | None:
    row = db.execute(f"SELECT {_COLUMNS} FROM journal WHERE seq = ?", [seq]).fetchone()
    return _entry(row) if row else None


def entries(db: sqlite_utils.Database, *, kind: str | None = None, ref: str | None = None) -> list[Entry]:
    where, args = [], []
    if kind:
        where.append("kind = ?")
        args.append(kind)
    if ref:
        where.append("ref = ?")
        args.append(ref)
    clause = f"WHERE {' AND '.join(where)}" if where else ""
    rows = db.execute(f"SELECT {_COLUMNS} FROM journal {clause} ORDER BY seq", args).fetchall()
    return [_entry(row) for row in rows]


def check_chain(db: sqlite_utils.Database) -> list[str]:
    """Walk the whole chain; return one finding per broken entry."""
    findings: list[str] = []
    expected_prev = GENESIS
    expected_seq = 1
    for row in db.execute(f"SELECT {_COLUMNS} FROM journal ORDER BY seq"):
        seq, at, kind, actor, ref, payload, prev_hash, digest = row
        if seq != expected_seq:
            findings.append(_("journal: entries {expected_seq}..{value} are missing before entry {seq}").format(
                expected_seq=expected_seq, value=seq - 1, seq=seq))
        if prev_hash != expected_prev:
            findings.append(_("journal entry {seq} ({kind} {value}): does not follow the entry before it").format(
                seq=seq, kind=kind, value=ref or ''))
        if entry_hash(seq, at, kind, actor, ref, payload, prev_hash) != digest:
            findings.append(_("journal entry {seq} ({kind} {value}): content does not match its hash (edited)").format(
                seq=seq, kind=kind, value=ref or ''))
        expected_prev = digest
        expected_seq = seq + 1
    return findings
