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

    def add_counter(self, counter_id: str) -> str:
        """Register a counter; return its token (shown once, stored only as a hash)."""

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

    def apply_batch(self, counter: CounterRecord, items: list[dict[str, Any]],
                    journal: list[dict[str, Any]]) -> BatchApplied:
        """Run :func:`server.crediting.apply_batch` in one write transaction of this counter."""

    def get_transaction(self, counter_id: str, txn_id: str) -> dict[str, Any] | None: ...

    def consumers_page(self, since: int, limit: int) -> tuple[list[dict[str, Any]], int, bool]:
        """Consumers changed after cursor ``since``: (rows, next cursor, more to come)."""

    def get_consumer(self, consumer_no: str) -> dict[str, Any] | None: ...

    def seed_consumers(self, count: int, *, seed_value: int = 1) -> int: ...

    def ledger(self, counter_id: str | None = None) -> list[dict[str, Any]]: ...

    def audit(self) -> dict[str, Any]: ...

    def close(self) -> None: ...
