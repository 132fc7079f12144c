"""Checking the counters' Ed25519 signatures fast enough for a backlog of thousands a second.

The signature rule is :func:`counter_app.signing.verify_object` (canonical JSON,
URL-safe base64). Verifying is most of the server's work per transaction, so
this uses libsodium (PyNaCl) when installed, about twice as fast here as
OpenSSL's Ed25519, and splits a large batch over a few threads: both libraries
release the GIL while they verify. Without PyNaCl it falls back to
``cryptography``; the answer is the same either way.

A thread still needs the GIL between two signatures, and the thread applying
the batch holds it through the money rules: on one server process the checks
crawl while the rules run, then the rules wait for them. With ``processes``,
a large batch is checked in helper processes (each with its own GIL) instead,
and the applying thread never competes with them. A helper that dies is
replaced and its share checked here; helpers leave when their server does,
even after ``kill -9`` (they watch their parent).
"""

from __future__ import annotations

import functools
import hashlib
import logging
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from cryptography.hazmat.primitives import serialization

from counter_app import signing
from server.crediting import signed_bytes

try:  # optional speed-up
    from nacl.bindings import crypto_sign_open as _sodium_open
    from nacl.exceptions import BadSignatureError as _SodiumBad
except ImportError:  # pragma: no cover - exercised where PyNaCl is absent
    _sodium_open = None

log = logging.getLogger(__name__)

PARALLEL_FROM = 32   # items; below this the thread hand-off costs more than it saves
THREADS = 2          # a one-process server's checking threads (several worker processes check on their own)
PARENT_CHECK_S = 1.0  # how often a helper process looks whether its server is still there


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


def _check_pairs(pem: str, pairs: list[tuple[Any, bytes]]) -> list[bool]:
    """One chunk of a batch, in a helper process: (signature, signed bytes) -> does it verify."""
    return [_checks(pem, *pair) for pair in pairs]


def _up() -> bool:
    return True  # run once by each helper as it starts: the pool is ready when every one has answered


def _helper_started(parent: int) -> None:
    """A helper process's first step: Ctrl-C is for the server (it stops us); leave when the server is gone."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_CHECK_S)
        os._exit(0)  # the server died without stopping us (kill -9): nobody is left to ask for checks

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


class Verifier:
    def __init__(self, threads: int = THREADS, processes: int = 0) -> None:
        """``threads`` check a large batch (and sign results) in this process; ``processes`` > 0 checks a
        large batch's signatures in that many helper processes instead (started at the first one)."""
        self.threads = threads
        self.processes = processes
        self._pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="verify") if threads > 1 else None
        self._helpers: ProcessPoolExecutor | None = None
        self._starting: list[Future] = []
        self._helpers_lock = threading.Lock()

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
        if (self._pool is None and self.processes < 1) or len(items) < PARALLEL_FROM:
            answers = self.check(pem, items)
            return lambda: answers
        # The items are read and given their fingerprints here, before the threads start: the caller reads
        # them while the threads work, and a dict must not change under a reader.
        pairs = [(item.get("signature"), _message(item)) for item in items]
        helpers = self._ready_helpers() if self.processes > 0 else None
        if helpers is not None:
            return self._in_helpers(helpers, pem, pairs)
        if self._pool is None:  # helpers still starting, and no threads: checked here
            answers = _check_pairs(pem, pairs)
            return lambda: answers
        futures = [self._pool.submit(_check_pairs, pem, chunk) for chunk in self._split(pairs, self.threads)]
        return lambda: [ok for future in futures for ok in future.result()]

    def _in_helpers(self, helpers: ProcessPoolExecutor, pem: str,
                    pairs: list[tuple[Any, bytes]]) -> Callable[[], list[bool]]:
        chunks = self._split(pairs, self.processes)
        try:
            futures: list[Future | None] = [helpers.submit(_check_pairs, pem, chunk) for chunk in chunks]
        except (BrokenProcessPool, OSError, RuntimeError) as exc:
            self._helpers_failed(exc)
            futures = [None] * len(chunks)

        def answers() -> list[bool]:
            out: list[bool] = []
            for future, chunk in zip(futures, chunks):
                try:
                    if future is None:
                        raise BrokenProcessPool("no helper process")
                    out += future.result()
                except (BrokenProcessPool, OSError) as exc:
                    self._helpers_failed(exc)
                    out += _check_pairs(pem, chunk)  # the same answer, checked here
            return out
        return answers

    def _ready_helpers(self) -> ProcessPoolExecutor | None:
        """The helper processes once they are up; None while they start, started by the first large batch.

        A helper takes a few hundred milliseconds to start (a new interpreter and
        its imports): the batches that come meanwhile are checked on the threads
        rather than wait for it.
        """
        with self._helpers_lock:
            if self._helpers is None:
                # spawn, not fork: this process has threads (the event loop's, the checkpointer), and a
                # forked child would inherit their locks in whatever state they were.
                self._helpers = ProcessPoolExecutor(max_workers=self.processes,
                                                    mp_context=multiprocessing.get_context("spawn"),
                                                    initializer=_helper_started, initargs=(os.getpid(),))
                self._starting = [self._helpers.submit(_up) for _ in range(self.processes)]
            if not all(started.done() for started in self._starting):
                return None
            failed = next((started.exception() for started in self._starting if started.exception()), None)
            if failed is None:
                return self._helpers
            # They cannot start here (no way to spawn a process, a broken install): threads from now on,
            # rather than a new attempt at every batch.
            log.warning("signature-checking helper processes could not start (%s); checking on threads", failed)
            self._helpers.shutdown(wait=False, cancel_futures=True)
            self._helpers, self.processes = None, 0
            return None

    def helpers_ready(self, timeout: float) -> bool:
        """Wait up to ``timeout`` seconds for the helper processes (starting them): are they up?"""
        deadline = time.monotonic() + timeout
        while self._ready_helpers() is None:
            if time.monotonic() > deadline:
                return False
            time.sleep(0.02)
        return True

    def _helpers_failed(self, exc: BaseException) -> None:
        """A helper died (killed, out of memory): drop the pool; the next large batch starts a new one."""
        with self._helpers_lock:
            broken, self._helpers = self._helpers, None
        if broken is not None:
            log.warning("a signature-checking helper process failed (%s); starting new ones", exc)
            broken.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        """Stop the helper processes and threads (they also stop with the interpreter)."""
        with self._helpers_lock:
            helpers, self._helpers = self._helpers, None
        if helpers is not None:
            helpers.shutdown(wait=True, cancel_futures=True)
        if self._pool is not None:
            self._pool.shutdown(wait=False)

    def map(self, func: Callable[[Any], Any], values: list[Any]) -> list[Any]:
        """``[func(v) for v in values]``, split over the threads when there are enough values.

        For Ed25519 work (checking the counters' signatures, signing the server's
        results): libsodium and OpenSSL release the GIL while they compute.
        """
        if self._pool is None or len(values) < PARALLEL_FROM:
            return [func(value) for value in values]
        results = self._pool.map(lambda chunk: [func(value) for value in chunk], self._split(values, self.threads))
        return [out for chunk in results for out in chunk]

    @staticmethod
    def _split(values: list[Any], parts: int) -> list[list[Any]]:
        """``parts`` chunks (one per thread or helper), in order."""
        size = -(-len(values) // parts)
        return [values[i:i + size] for i in range(0, len(values), size)]
