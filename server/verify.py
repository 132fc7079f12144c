"""Checking the counters' Ed25519 signatures fast enough for a backlog of thousands a second.

The signature rule is :func:`counter_app.signing.verify_object` (canonical JSON,
URL-safe base64). Verifying is most of the server's work per transaction, so
this uses libsodium (PyNaCl) when installed, about twice as fast here as
OpenSSL's Ed25519, and splits a large batch over a few threads: both libraries
release the GIL while they verify. Without PyNaCl it falls back to
``cryptography``; the answer is the same either way.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from cryptography.hazmat.primitives import serialization

from counter_app import signing
from server.crediting import signed_bytes

try:  # optional speed-up
    from nacl.bindings import crypto_sign_open as _sodium_open
    from nacl.exceptions import BadSignatureError as _SodiumBad
except ImportError:  # pragma: no cover - exercised where PyNaCl is absent
    _sodium_open = None

PARALLEL_FROM = 32   # items; below this the thread hand-off costs more than it saves


@functools.lru_cache(maxsize=4096)
def _keys(pem: str) -> tuple[Any, bytes]:
    key = signing.load_public_key(pem)
    return key, key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def _message(item: dict[str, Any]) -> bytes:
    """The bytes the counter signed; also sets the item's ``fingerprint`` from them."""
    message = signed_bytes(item)
    item["fingerprint"] = hashlib.sha256(message).hexdigest()
    return message


def _checks(pem: str, signature: Any, message: bytes) -> bool:
    if not isinstance(signature, str):
        return False
    key, raw = _keys(pem)
    if _sodium_open is None:
        return signing.verify_bytes(key, message, signature)
    try:
        sig = signing.unb64(signature)
    except ValueError:
        return False
    if len(sig) != 64:
        return False
    try:
        _sodium_open(sig + message, raw)
    except (_SodiumBad, ValueError):
        return False
    return True


def _one(pem: str, item: dict[str, Any]) -> bool:
    return _checks(pem, item.get("signature"), _message(item))


class Verifier:
    def __init__(self, threads: int = 2) -> None:
        self.threads = threads
        self._pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="verify") if threads > 1 else None

    def check(self, pem: str, items: list[dict[str, Any]]) -> list[bool]:
        """One answer per item: does its signature verify with this counter's key?

        Also sets each item's ``fingerprint`` from the bytes it checked.
        """
        return self.map(lambda item: _one(pem, item), items)

    def start(self, pem: str, items: list[dict[str, Any]]) -> Callable[[], list[bool]]:
        """:meth:`check`, begun on the threads; the function returned waits for the answers.

        The caller does other work meanwhile (applies the batch), so the checks
        run on the other core. A small batch is checked here, before returning.
        """
        if self._pool is None or len(items) < PARALLEL_FROM:
            answers = self.check(pem, items)
            return lambda: answers
        # The items are read and given their fingerprints here, before the threads start: the caller reads
        # them while the threads work, and a dict must not change under a reader.
        pairs = [(item.get("signature"), _message(item)) for item in items]
        futures = [self._pool.submit(lambda chunk: [_checks(pem, *pair) for pair in chunk], chunk)
                   for chunk in self._split(pairs)]
        return lambda: [ok for future in futures for ok in future.result()]

    def map(self, func: Callable[[Any], Any], values: list[Any]) -> list[Any]:
        """``[func(v) for v in values]``, split over the threads when there are enough values.

        For Ed25519 work (checking the counters' signatures, signing the server's
        results): libsodium and OpenSSL release the GIL while they compute.
        """
        if self._pool is None or len(values) < PARALLEL_FROM:
            return [func(value) for value in values]
        results = self._pool.map(lambda chunk: [func(value) for value in chunk], self._split(values))
        return [out for chunk in results for out in chunk]

    def _split(self, values: list[Any]) -> list[list[Any]]:
        """One chunk per thread, in order."""
        size = -(-len(values) // self.threads)
        return [values[i:i + size] for i in range(0, len(values), size)]
