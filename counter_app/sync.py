"""Sending the outbox to the central server, exactly once in effect.

Each message carries its ``txn_id``; the server credits a ``txn_id`` at most
once and answers ``duplicate`` to a resend. So the client may (and does) resend
whenever it does not know the outcome: after a timeout, a dropped connection, a
5xx, or a crash of this program. Messages go in journal order, in batches; each
batch is marked in_flight in one transaction before it is sent and its answers
are applied in one transaction after. Network and server failures never raise
out of :meth:`SyncClient.sync_once`: they are recorded (``sync_state``, the
outbox rows) and returned as a sentence; only our own bugs raise.

The client holds no global state and touches only the database it was given,
so a UI worker thread can own one with its own connection.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import random
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from collections.abc import Callable
from typing import Any

import requests
import sqlite_utils
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from counter_app import __version__, backoff, canonical, clock, counter, outbox, settings, signing, sync_state
from counter_app.errors import KnownError
from counter_app.storage import write_transaction

log = logging.getLogger(__name__)

API = "/api/v1"


class ServerUnavailable(KnownError):
    """The server could not be reached or did not answer usefully."""


@dataclass(frozen=True)
class SyncResult:
    """One ``sync_once``: what was sent and how the server answered (it crosses to the window's thread)."""

    sent: int = 0
    accepted: int = 0
    duplicate: int = 0
    rejected: int = 0
    remaining: int = 0
    error: str | None = None
    batches: int = 0
    skipped: bool = False            # backoff still running and nobody forced the attempt
    next_attempt_at: str | None = None
    rejected_txn_ids: tuple[str, ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {**asdict(self), "rejected_txn_ids": list(self.rejected_txn_ids)}


@dataclass
class _Tally:
    """A :class:`SyncResult` being counted up inside ``sync_once``."""

    sent: int = 0
    accepted: int = 0
    duplicate: int = 0
    rejected: int = 0
    remaining: int = 0
    error: str | None = None
    batches: int = 0
    skipped: bool = False
    next_attempt_at: str | None = None
    rejected_txn_ids: list[str] = field(default_factory=list)

    def done(self) -> SyncResult:
        return SyncResult(**{**asdict(self), "rejected_txn_ids": tuple(self.rejected_txn_ids)})


@dataclass(frozen=True)
class Health:
    reachable: bool
    server_time: str | None = None
    skew_s: float | None = None
    error: str | None = None

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class _Failure:
    sentence: str
    retry_after_s: float | None = None
    not_sent: bool = False             # surely never reached the server
    key_missing: bool = False


def make_session() -> requests.Session:
    """A session whose transport retries only what is safe to retry.

    urllib3 retries failed connects (nothing was sent) and GETs; it never
    resends a POST whose request may have reached the server, and it does not
    retry on status codes: our own backoff, which honours Retry-After, does.
    """
    session = requests.Session()
    retry = Retry(total=2, connect=2, read=0, status=0, other=0, redirect=0, allowed_methods=frozenset({"GET"}),
                  backoff_factor=0.2, raise_on_status=False, respect_retry_after_header=False)
    adapter = HTTPAdapter(max_retries=retry, pool_connections=2, pool_maxsize=4)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.headers["User-Agent"] = f"counter-app/{__version__}"
    return session


def _signer(key: Any) -> Callable[[bytes], str]:
    """``signing.sign_object`` with this key, through libsodium when PyNaCl is installed.

    Ed25519 signatures are deterministic, so both give the same bytes; libsodium
    is faster here and releases the GIL, which lets the next batch be signed
    while the last one is on the wire.
    """
    try:
        from nacl.signing import SigningKey
    except ImportError:  # pragma: no cover - PyNaCl is optional
        return lambda data: signing.sign_bytes(key, data)
    from cryptography.hazmat.primitives import serialization

    seed = key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                             serialization.NoEncryption())
    fast = SigningKey(seed)
    return lambda data: signing.b64(fast.sign(data).signature)


def _offset(server_time: Any, sent: float, received: float) -> float | None:
    """Server clock minus ours, measured at the middle of the round trip."""
    if not isinstance(server_time, str):
        return None
    try:
        theirs = clock.parse_iso(server_time).timestamp()
    except ValueError:
        return None
    return round(theirs - (sent + received) / 2, 3)


def _server_message(response: requests.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return ""
    return str(body.get("message", ""))[:300] if isinstance(body, dict) else ""


MAX_BATCH = 1000          # the server's limit per request
GROW_BELOW_SHARE = 0.1    # a batch answered within this share of the read timeout: the link can take more


def next_batch_size(size: int, largest: int, elapsed_s: float, *, failed: bool, read_timeout: float) -> int:
    """Slow start, as TCP does: double the batch while answers come back fast, up to ``largest``.

    A backlog of thousands after an outage drains in large requests on a good
    link, while a poor link (slow answers) keeps the small ``sync_batch_size``
    batches that fit its timeout. A failure ends the pass; the next pass starts small.
    """
    if failed or elapsed_s > read_timeout * GROW_BELOW_SHARE:
        return size
    return min(largest, size * 2)


class SyncClient:
    def __init__(self, db: sqlite_utils.Database, *, session: requests.Session | None = None,
                 rng: random.Random | None = None) -> None:
        self.db = db
        self._own_session = session is None
        self.session = session or make_session()
        self.rng = rng or random.Random()

    def close(self) -> None:
        """Close the HTTP connections (only if this client made its session)."""
        if self._own_session:
            self.session.close()

    # -- plumbing -----------------------------------------------------------
    def _timeouts(self) -> tuple[float, float]:
        return (float(settings.get(self.db, "connect_timeout_s")), float(settings.get(self.db, "read_timeout_s")))

    def _headers(self, me: counter.Counter) -> dict[str, str]:
        return {"Authorization": f"Bearer {me.token}", "Content-Type": "application/json"}

    def request(self, method: str, path: str, *, me: counter.Counter | None = None, body: Any = None,
                params: dict | None = None, timeouts: tuple[float, float] | None = None,
                raw: bytes | None = None) -> requests.Response:
        """One HTTP call to our server (exceptions from requests pass through).

        Touches the database only when ``me`` or ``timeouts`` is not given, so the
        sending thread of :meth:`sync_once` passes both.
        """
        me = me or counter.load(self.db)
        data = raw if body is None else json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
        return self.session.request(method, f"{me.server_url}{API}{path}", data=data, params=params,
                                    headers=self._headers(me) if me.token else {},
                                    timeout=timeouts or self._timeouts())

    def _describe_exception(self, me: counter.Counter, exc: requests.RequestException) -> _Failure:
        where = me.server_url
        if isinstance(exc, requests.ConnectTimeout):
            return _Failure(f"The server {where} did not accept a connection in time; the network may be down. "
                            "Recharges stay queued and are sent when it answers.", not_sent=True)
        if isinstance(exc, requests.ReadTimeout):
            return _Failure(f"The server {where} did not answer in time. The transactions will be sent again; "
                            "any it already has are settled as duplicates.")
        if isinstance(exc, requests.ConnectionError):
            text = str(exc)
            refused = "NewConnectionError" in text or "Failed to establish" in text or "Name or service" in text
            if refused:
                return _Failure(f"Cannot reach the server {where} (no connection). Recharges stay queued and "
                                "are sent when it is reachable; check the network cable or Wi-Fi.", not_sent=True)
            return _Failure(f"The connection to {where} broke before the answer came. The transactions will be "
                            "sent again; any the server already has are settled as duplicates.")
        return _Failure(f"Talking to the server {where} failed ({type(exc).__name__}). Recharges stay queued.")

    def _describe_status(self, me: counter.Counter, response: requests.Response) -> _Failure:
        code = response.status_code
        said = _server_message(response)
        retry_after = backoff.parse_retry_after(response.headers.get("Retry-After"), now=clock.utc_now())
        if code == 429:
            return _Failure("The server is busy and asked us to wait; recharges stay queued.", retry_after, True)
        if code == 503:
            return _Failure("The server is down for maintenance; recharges stay queued and are sent when it is "
                            "back.", retry_after, True)
        if code >= 500:
            return _Failure(f"The server had an internal error (HTTP {code}). The transactions will be sent again; "
                            "any it already has are settled as duplicates.", retry_after)
        if code == 401:
            return _Failure(f"The server does not accept this counter's token. Ask the server administrator for "
                            f"counter {me.counter_id}'s token and run 'counter-app setup --counter-id "
                            f"{me.counter_id} --server {me.server_url} --token TOKEN'.", not_sent=True)
        if code == 409 and "key_not_registered" in response.text:
            return _Failure("The server does not have this counter's key yet; it will be registered on the next "
                            "try.", not_sent=True, key_missing=True)
        return _Failure(f"The server refused the request (HTTP {code}: {said or 'no reason given'}). "
                        "Recharges stay queued; report this to IT.", retry_after, not_sent=True)

    def _fail(self, failure: _Failure, sent: list[dict], now: dt.datetime) -> str:
        failures = sync_state.read(self.db).failures + 1
        cap = float(settings.get(self.db, "sync_backoff_cap_s"))
        delay = backoff.next_delay(failures, cap_s=cap, rng=self.rng, retry_after_s=failure.retry_after_s)
        retry_at = clock.to_iso(now + dt.timedelta(seconds=delay))
        outbox.record_failure(self.db, sent, error=failure.sentence, now=clock.to_iso(now), retry_at=retry_at,
                              not_sent=failure.not_sent)
        if failure.key_missing:
            with write_transaction(self.db):
                self.db.execute("UPDATE counter SET key_registered_at = NULL WHERE id = 1")
        log.warning("sync failed (%d in a row, next try in %.1f s): %s", failures, delay, failure.sentence)
        return retry_at

    # -- public -------------------------------------------------------------
    def register_key(self, me: counter.Counter | None = None) -> str | None:
        """Register our public key with the server; None on success, else a sentence.

        Registering the same key again is harmless, so this runs at setup (when
        the server answers) and again before a sync if it did not happen yet.
        """
        failure = self._register(me or counter.load(self.db))
        return failure.sentence if failure else None

    def _register(self, me: counter.Counter) -> _Failure | None:
        if not me.token:
            return _Failure(f"Counter {me.counter_id} has no API token yet. Run 'counter-app setup --counter-id "
                            f"{me.counter_id} --server {me.server_url} --token TOKEN' with the token from the "
                            "server.", not_sent=True)
        try:
            response = self.request("POST", "/counters/me/key", me=me, body={"public_key_pem": me.public_key_pem})
        except requests.RequestException as exc:
            return self._describe_exception(me, exc)
        if response.status_code == 409:
            return _Failure(f"The server already holds a different key for counter {me.counter_id}. This data "
                            "folder is not the one that counter was set up with; ask the server administrator.",
                            not_sent=True)
        if response.status_code != 200:
            return self._describe_status(me, response)
        counter.mark_key_registered(self.db)
        return None

    def last_receipt_seq_on_server(self) -> int | None:
        """The highest receipt number the server has from this counter; None if it cannot be asked."""
        me = counter.load(self.db)
        if not me.token:
            return None
        try:
            response = self.request("GET", "/counters/me", me=me)
            if response.status_code != 200:
                return None
            value = response.json().get("last_receipt_seq")
        except (requests.RequestException, ValueError, AttributeError):
            return None
        return value if isinstance(value, int) and value >= 0 else None

    def check_health(self) -> Health:
        me = counter.load(self.db)
        started = time.time()
        try:
            response = self.request("GET", "/health", me=me)
            body = response.json() if response.status_code == 200 else None
        except (requests.RequestException, ValueError) as exc:
            failure = (self._describe_exception(me, exc) if isinstance(exc, requests.RequestException)
                       else _Failure(f"The server {me.server_url} answered something that is not our API."))
            self._note_health(None, None, failure.sentence)
            return Health(False, error=failure.sentence)
        if not isinstance(body, dict):
            sentence = self._describe_status(me, response).sentence
            self._note_health(None, None, sentence)
            return Health(False, error=sentence)
        server_time = body.get("server_time")
        skew = _offset(server_time, started, time.time())
        self._note_health(server_time if isinstance(server_time, str) else None, skew, None)
        return Health(True, server_time=server_time if isinstance(server_time, str) else None, skew_s=skew)

    def _note_health(self, server_time: str | None, skew: float | None, error: str | None) -> None:
        sync_state.note_health(self.db, server_time=server_time, offset_s=skew, error=error)

    def sync_once(self, *, force: bool = False) -> SyncResult:
        """Send everything that is due; ``force`` (a person asked) ignores the backoff wait."""
        me = counter.load(self.db)
        result = _Tally()
        now = clock.utc_now()
        retry_at = sync_state.read(self.db).retry_at
        if not force and retry_at and clock.parse_iso(retry_at) > now:
            result.skipped, result.next_attempt_at = True, retry_at
            result.remaining = outbox.open_count(self.db)
            return result.done()
        sync_state.note_attempt(self.db, at=clock.to_iso(now))
        if not me.token or not me.key_registered_at:
            problem = self._register(me)
            if problem:
                result.error = problem.sentence
                result.next_attempt_at = self._fail(problem, [], now)
                result.remaining = outbox.open_count(self.db)
                return result.done()
        key = _signer(me.private_key())
        size = max(1, int(settings.get(self.db, "sync_batch_size")))
        largest = max(size, min(MAX_BATCH, int(settings.get(self.db, "sync_batch_max"))))
        timeouts = self._timeouts()
        # One batch on the wire while the next is claimed and signed: sending stays
        # strictly in order (batch k+1 leaves only after k's answer is applied).
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="sync-http") as wire:
            batch = self._prepare(key, size, after_seq=0)
            while batch[0]:
                messages, body = batch
                now = clock.utc_now()
                started = time.monotonic()
                sending = wire.submit(self._post_batch, me, body, timeouts)
                try:
                    batch = self._prepare(key, size, after_seq=messages[-1]["journal"]["seq"])
                finally:
                    failure, answer = sending.result()
                size = next_batch_size(size, largest, time.monotonic() - started, failed=bool(failure),
                                       read_timeout=timeouts[1])
                result.batches += 1
                result.sent += len(messages)
                if failure:
                    outbox.release(self.db, batch[0], now=clock.to_iso(now))
                    result.error = failure.sentence
                    result.next_attempt_at = self._fail(failure, messages, now)
                    break
                counts = outbox.apply_batch_results(
                    self.db, messages, answer["results"], now=clock.now_iso(),
                    server_time=answer.get("server_time"), offset_s=answer.get("offset"))
                result.accepted += counts["accepted"]
                result.duplicate += counts["duplicate"]
                result.rejected += counts["rejected"]
                result.rejected_txn_ids += [r["txn_id"] for r in answer["results"] if r.get("status") == "rejected"]
                if counts["unanswered"] == len(messages):
                    outbox.release(self.db, batch[0], now=clock.now_iso())
                    failure = _Failure("The server answered without results for our transactions; they will be "
                                       "sent again.")
                    result.error = failure.sentence
                    result.next_attempt_at = self._fail(failure, messages, now)
                    break
        result.remaining = outbox.open_count(self.db)
        return result.done()

    def _prepare(self, sign: Callable[[bytes], str], size: int, *, after_seq: int) -> tuple[list[dict], bytes]:
        """Claim the next batch (in_flight, in journal order), sign each message, encode the request.

        The body reuses each message's canonical JSON, the bytes just signed
        (``signing.sign_object``'s rule), with the signature appended.
        """
        messages, others = outbox.claim_due(self.db, size, now=clock.now_iso(), after_seq=after_seq)
        parts = []
        for message in messages:
            text = canonical.dumps(message)
            message["signature"] = sign(text.encode("utf-8"))
            parts.append(f'{text[:-1]},"signature":"{message["signature"]}"}}')
        body = f'{{"items":[{",".join(parts)}],"journal":{json.dumps(others, ensure_ascii=False)}}}'
        return messages, body.encode("utf-8")

    def _post_batch(self, me: counter.Counter, body: bytes,
                    timeouts: tuple[float, float]) -> tuple[_Failure | None, dict]:
        """Send one batch. Runs on the sending thread: no database here."""
        sent_at = time.time()
        try:
            response = self.request("POST", "/recharges/batch", me=me, raw=body, timeouts=timeouts)
            if response.status_code != 200:
                return self._describe_status(me, response), {}
            answer = response.json()
        except requests.RequestException as exc:
            return self._describe_exception(me, exc), {}
        except ValueError:
            return _Failure(f"The server {me.server_url} answered something that is not our API. The transactions "
                            "will be sent again."), {}
        if not isinstance(answer, dict) or not isinstance(answer.get("results"), list):
            return _Failure("The server's answer had no results; the transactions will be sent again."), {}
        answer["results"] = [r for r in answer["results"] if isinstance(r, dict)]
        answer["offset"] = _offset(answer.get("server_time"), sent_at, time.time())
        return None, answer


def server_transaction(client: SyncClient, txn_id: str) -> dict | None:
    """What the server knows of one of our transactions (None: it has never credited or stored it).

    For a supervisor resolving a rejected or long-pending transaction: ask
    before resending or refunding. Raises ServerUnavailable with a sentence.
    """
    me = counter.load(client.db)
    try:
        response = client.request("GET", f"/recharges/{txn_id}", me=me)
        if response.status_code == 404 and "unknown_txn" in response.text:
            return None
        if response.status_code == 200:
            body = response.json()
            if isinstance(body, dict):
                return body
    except requests.RequestException as exc:
        raise ServerUnavailable(client._describe_exception(me, exc).sentence) from None
    except ValueError:
        pass
    else:
        if response.status_code != 200:
            raise ServerUnavailable(client._describe_status(me, response).sentence)
    raise ServerUnavailable(f"The server {me.server_url} answered something that is not our API.")


def consumer_page(client: SyncClient, since: str, limit: int) -> dict:
    """One page of the server's consumer directory; raises ServerUnavailable with a sentence."""
    me = counter.load(client.db)
    try:
        response = client.request("GET", "/consumers", me=me, params={"since": since, "limit": limit})
        if response.status_code == 200:
            body = response.json()
            if isinstance(body, dict) and isinstance(body.get("consumers"), list):
                return body
            raise ServerUnavailable(f"The server {me.server_url} answered something that is not our API.")
    except requests.RequestException as exc:
        raise ServerUnavailable(client._describe_exception(me, exc).sentence) from None
    except ValueError:
        raise ServerUnavailable(f"The server {me.server_url} answered something that is not our API.") from None
    raise ServerUnavailable(client._describe_status(me, response).sentence)
