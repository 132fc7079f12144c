"""What the server needs from a database, so that a PostgreSQL store can replace SQLite.

The rules that decide money live in :mod:`server.crediting` and are the same for
every store; a store gives them a transaction and answers simple questions. The
one thing every store must guarantee is that ``apply_batch`` is atomic and
serialised per consumer, and that a ``txn_id`` is unique for ever.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from collections.abc import Callable
from typing import Any, Protocol

from cryptography.hazmat.primitives import serialization

from counter_app import signing
from server.crediting import BatchApplied, Rules


@dataclass(frozen=True)
class CounterRecord:
    counter_id: str
    public_key_pem: str | None          # the active key; retired ones are in counter_keys()
    key_registered_at: str | None
    revoked_at: str | None = None       # a revoked counter is refused on every call

    def __repr__(self) -> str:
        return f"CounterRecord({self.counter_id!r})"


@dataclass(frozen=True)
class CounterOverview:
    """One row of the operations page's counters table, as the store knows it."""

    counter_id: str
    office: str | None
    created_at: str
    last_contact_at: str | None
    last_receipt_seq: int
    credited_today: int
    credited_today_paise: int
    rejections_awaiting: int
    key_registered_at: str | None    # the active key's
    key_retired_at: str | None       # with no active key: when the last one was retired
    revoked_at: str | None
    token_rotated_at: str | None


LEDGER_STATUSES = ("credited", "reversed", "voided")


@dataclass(frozen=True)
class LedgerFilter:
    """What a counter's ledger page asks for; times are UTC ISO bounds, ``end`` exclusive."""

    start: str | None = None
    end: str | None = None
    status: str | None = None        # credited, reversed, voided
    consumer_no: str | None = None
    limit: int = 200
    offset: int = 0


@dataclass(frozen=True)
class LedgerPage:
    rows: list[dict[str, Any]]      # newest receipt first: txn_id, receipt_no, receipt_seq, consumer_no,
    #                                 amount_paise, status, created_at, credited_at, server_ref
    total_rows: int
    total_paise: int                 # every row that matches the filter
    credited_rows: int
    credited_paise: int              # only what stands credited (not voided or reversed)


@dataclass(frozen=True)
class CollectionRow:
    office: str | None
    counter_id: str
    credits: int
    paise: int


@dataclass(frozen=True)
class WebUser:
    user_id: str
    role: str                        # viewer or admin
    password_hash: str
    failed_attempts: int
    locked_until: str | None

    def __repr__(self) -> str:
        return f"WebUser({self.user_id!r}, {self.role!r})"


@dataclass(frozen=True)
class WebSession:
    user_id: str
    role: str
    csrf_token: str
    expires_at: str

    def __repr__(self) -> str:
        return f"WebSession({self.user_id!r}, {self.role!r})"


class UserExists(Exception):
    """A web user with that id exists already."""


@dataclass(frozen=True)
class CounterKey:
    """One public key a counter has had; a retired key still verifies what it signed before."""

    key_id: str
    public_key_pem: str
    registered_at: str
    retired_at: str | None


class UnknownCounter(Exception):
    """No counter with that id is registered."""


class KeyConflict(Exception):
    """A different public key is already registered for this counter."""


class CounterExists(Exception):
    """A counter with that id is registered already."""


class NotVerified(Exception):
    """``before_commit`` said no: the batch was rolled back, nothing of it was written."""


class StoreUnavailable(Exception):
    """The database does not answer (down, restarting, failing over): nothing was written; try again later.

    The API answers 503 with Retry-After; a counter keeps the money queued and resends.
    """


# The answer (503, with Retry-After) while the database does not answer, wherever it is found out.
DATABASE_UNAVAILABLE = {"error": "database_unavailable", "message": "The server's database is not answering; "
                        "nothing was written. Try again after Retry-After seconds."}


def new_token() -> tuple[str, str]:
    """A fresh API token and the hash the store keeps.

    The token is 256 random bits, so a fast hash is enough: nobody can guess
    their way back from the hash, and checking a token on every request costs
    one SHA-256 and one indexed lookup instead of a deliberately slow
    password hash (which only helps low-entropy secrets such as PINs).
    """
    token = secrets.token_urlsafe(32)
    return token, hash_token(token)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def key_id(public_key_pem: str) -> str:
    """A key's short id: the first 16 hex digits of the SHA-256 of the raw Ed25519 public key."""
    raw = signing.load_public_key(public_key_pem).public_bytes(serialization.Encoding.Raw,
                                                               serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


class Store(Protocol):
    rules: Rules

    def add_counter(self, counter_id: str, *, office: str | None = None) -> str:
        """Register a counter (of an office); return its token (shown once, stored only as a hash)."""

    def counter_for_token(self, token: str) -> CounterRecord | None:
        """The counter of this token, revoked or not (the caller refuses a revoked one)."""

    def counter_by_id(self, counter_id: str) -> CounterRecord | None: ...

    def counter_progress(self, counter_id: str) -> dict[str, Any]:
        """How far the server has heard from a counter: ``last_receipt_seq``, ``journal_max_seq``."""
        ...

    def register_key(self, counter_id: str, public_key_pem: str) -> tuple[str, bool]:
        """Store the counter's active key; (registered_at, already_registered).

        Raises KeyConflict when a different key is active (retire it first).
        """

    def counter_keys(self, counter_id: str) -> list[CounterKey]:
        """Every key the counter has had, oldest first, retired ones included."""

    def revoke_counter(self, counter_id: str) -> str:
        """Refuse the counter from now on; returns revoked_at. Raises UnknownCounter."""

    def rotate_token(self, counter_id: str) -> str:
        """A new token for the counter (shown once); the old one stops working. Raises UnknownCounter."""

    def retire_key(self, counter_id: str) -> CounterKey | None:
        """Retire the active key (kept, to verify old signatures); None if there was none. Raises UnknownCounter."""

    def apply_batch(self, counter: CounterRecord, items: list[dict[str, Any]], journal: list[dict[str, Any]],
                    before_commit: Callable[[], bool] | None = None) -> BatchApplied:
        """Run :func:`server.crediting.apply_batch` in one write transaction of this counter.

        ``before_commit`` is asked inside the transaction once the rules have run and before it commits
        (PostgreSQL asks before it locks the consumers' rows, so no other batch waits on the answer):
        False rolls everything back and raises :class:`NotVerified` (the signatures checked meanwhile
        did not all hold).
        """

    def get_transaction(self, counter_id: str, txn_id: str) -> dict[str, Any] | None: ...

    def consumers_page(self, since: int, limit: int) -> tuple[list[dict[str, Any]], int, bool]:
        """Consumers changed after cursor ``since``: (rows, next cursor, more to come)."""

    def get_consumer(self, consumer_no: str) -> dict[str, Any] | None: ...

    def seed_consumers(self, count: int, *, seed_value: int = 1) -> int: ...

    def ledger(self, counter_id: str | None = None) -> list[dict[str, Any]]: ...

    def audit(self, *, signatures: bool = False) -> dict[str, Any]:
        """Per counter (server.audit.counter_report); with ``signatures``, server.signature_audit too."""

    def ping(self) -> None:
        """Ask the database a trivial question; raises StoreUnavailable if it does not answer."""

    # -- operations pages (server.web) ---------------------------------------
    def record_contact(self, counter_id: str, at: str) -> None:
        """Remember the time of a counter's latest authenticated request (the caller throttles)."""

    def counters_overview(self, day_start: str, day_end: str) -> list[CounterOverview]:
        """Every counter, with what it took and had credited between the UTC bounds (``created_at``)."""

    def counter_ledger(self, counter_id: str, query: LedgerFilter) -> LedgerPage:
        """A counter's recharges matching the filter (``created_at`` in [start, end)), newest first."""

    def counter_rejections(self, counter_id: str) -> list[dict[str, Any]]:
        """What the server refused from a counter: txn_id, receipt_seq, reason, at, awaiting (bool)."""

    def collections(self, start: str, end: str) -> list[CollectionRow]:
        """Standing credits of recharges taken in [start, end), per counter, ordered by office and counter."""

    def hourly_credits(self, start: str, end: str, utc_offset_minutes: int) -> dict[int, tuple[int, int]]:
        """Local hour of day (0-23) -> (credits, paise) of the same recharges as :meth:`collections`."""

    def consumer_credits(self, consumer_no: str, limit: int = 500) -> list[dict[str, Any]]:
        """A consumer's recharges from every counter in the order the server applied them, with
        ``balance_after_paise``."""

    def add_web_user(self, user_id: str, role: str, password_hash: str) -> None:
        """Raises UserExists."""

    def web_user(self, user_id: str) -> WebUser | None: ...

    def note_wrong_password(self, user_id: str, max_wrong: int, locked_until: str) -> str | None:
        """Count one wrong password; at ``max_wrong`` in a row lock until ``locked_until`` and return it."""

    def clear_wrong_passwords(self, user_id: str) -> None: ...

    def create_session(self, token_sha256: str, user_id: str, csrf_token: str, expires_at: str) -> None: ...

    def web_session(self, token_sha256: str, now: str) -> WebSession | None:
        """The unexpired session with this token hash, with its user's current role."""

    def delete_session(self, token_sha256: str) -> None: ...

    def record_admin_action(self, user_id: str, action: str, counter_id: str | None, detail: str) -> str:
        """Append to the admin action log; return its time."""

    def admin_actions(self, counter_id: str | None = None, limit: int = 50) -> list[dict[str, Any]]:
        """Newest first: at, user_id, action, counter_id, detail."""

    def close(self) -> None: ...
