"""The ``sync_state`` table's one owner: what the sync client remembers between runs.

One row (id 1): the last attempt, success and error, the server's clock, the
backoff (failures in a row, when to try again), how much of the journal was
sent, and the consumer directory's cursor. The sync client, the outbox and the
directory pull write it only through these functions; status reads it through
:func:`read`. Each write joins the caller's transaction when there is one
(``storage.write_transaction`` nests), so a batch's answers and the success
they mean commit together.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils

from counter_app.storage import write_transaction

_COLUMNS = ("last_attempt_at", "last_success_at", "last_error", "server_time", "server_time_offset_s",
            "failures", "retry_at", "journal_sent_seq", "consumers_cursor", "retry_wait_s")


@dataclass(frozen=True)
class SyncState:
    last_attempt_at: str | None
    last_success_at: str | None
    last_error: str | None
    server_time: str | None
    server_time_offset_s: float | None     # the server's clock minus ours, seconds
    failures: int                          # failed attempts in a row (the backoff's count)
    retry_at: str | None                   # no automatic attempt before this
    journal_sent_seq: int                  # journal entries up to here have reached the server
    consumers_cursor: str | None
    retry_wait_s: float | None = None      # the wait chosen with retry_at: never read back as longer from now


def read(db: sqlite_utils.Database) -> SyncState:
    row = db.execute(f"SELECT {', '.join(_COLUMNS)} FROM sync_state WHERE id = 1").fetchone()
    return SyncState(*row)


def note_attempt(db: sqlite_utils.Database, *, at: str) -> None:
    with write_transaction(db):
        db.execute("UPDATE sync_state SET last_attempt_at = ? WHERE id = 1", [at])


def note_success(db: sqlite_utils.Database, *, at: str, server_time: str | None, offset_s: float | None,
                 journal_sent_seq: int) -> None:
    """A batch was answered: the backoff ends; the server's clock and the journal sent so far move on."""
    with write_transaction(db):
        db.execute(
            "UPDATE sync_state SET last_success_at = ?, last_error = NULL, failures = 0, retry_at = NULL, "
            "server_time = COALESCE(?, server_time), server_time_offset_s = COALESCE(?, server_time_offset_s), "
            "journal_sent_seq = MAX(journal_sent_seq, ?) WHERE id = 1",
            [at, server_time, offset_s, journal_sent_seq])


def note_failure(db: sqlite_utils.Database, *, error: str, retry_at: str, wait_s: float | None = None) -> None:
    """One more failed attempt in a row; no automatic attempt before ``retry_at`` (``wait_s`` from the failure)."""
    with write_transaction(db):
        db.execute("UPDATE sync_state SET last_error = ?, failures = failures + 1, retry_at = ?, retry_wait_s = ? "
                   "WHERE id = 1", [error, retry_at, wait_s])


def note_journal_ack(db: sqlite_utils.Database, ack: dict, signature: str) -> None:
    """The server's signed word on how far it holds this counter's journal (also kept outside: witness)."""
    from counter_app import canonical

    with write_transaction(db):
        db.execute("UPDATE sync_state SET journal_ack = ?, journal_ack_sig = ? WHERE id = 1",
                   [canonical.dumps(ack), signature])


def note_health(db: sqlite_utils.Database, *, server_time: str | None, offset_s: float | None,
                error: str | None) -> None:
    """A health check's answer: the server's clock, or why it could not be asked."""
    with write_transaction(db):
        if error:
            db.execute("UPDATE sync_state SET last_error = ? WHERE id = 1", [error])
        else:
            db.execute("UPDATE sync_state SET server_time = ?, server_time_offset_s = ? WHERE id = 1",
                       [server_time, offset_s])


def set_consumers_cursor(db: sqlite_utils.Database, cursor: str) -> None:
    with write_transaction(db):
        db.execute("UPDATE sync_state SET consumers_cursor = ? WHERE id = 1", [cursor])
