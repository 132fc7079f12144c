"""Sending the outbox to the central server, exactly once in effect.

Each message carries its ``txn_id``; the server credits a ``txn_id`` at most
once and answers ``duplicate`` to a resend. So the client may (and does) resend
whenever it does not know the outcome: after a timeout, a dropped connection, a
5xx, or a crash of this program. Messages go in journal order, in batches; each
batch is read from the outbox (nothing is written before it leaves: a row
stays open until its answer is applied, and an open row is sent) and its
answers are applied in one transaction after. Network and server failures never raise
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
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import asdict, dataclass, fields
from typing import Any

import requests
import sqlite_utils

from counter_app import backoff, clock, counter, outbox, settings, sync_state, transport
from counter_app.errors import KnownError  # noqa: F401  (callers catch it from here)
from counter_app.storage import write_transaction
from counter_app.transport import API, Endpoint, Failure, ServerUnavailable, make_session  # noqa: F401
from counter_app.i18n import _

log = logging.getLogger(__name__)


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
    disputed: int = 0                # answered with a signed outcome other than a credit: for a supervisor

    def as_json(self) -> dict[str, Any]:
        return {**asdict(self), "rejected_txn_ids": list(self.rejected_txn_ids)}


class _Tally:
    """A :class:`SyncResult` being counted up inside ``sync_once``: its fields, changeable, and nothing else.

    Made from SyncResult's own fields, so a field added there is counted here too.
    """

    def __init__(self) -> None:
        for name, value in asdict(SyncResult()).items():
            setattr(self, name, value)
        self.rejected_txn_ids: list[str] = []

    def done(self) -> SyncResult:
        values = {f.name: getattr(self, f.name) for f in fields(SyncResult)}
        return SyncResult(**{**values, "rejected_txn_ids": tuple(self.rejected_txn_ids)})


@dataclass(frozen=True)
class Health:
    reachable: bool
    server_time: str | None = None
    skew_s: float | None = None
    error: str | None = None

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def _endpoint(me: counter.Counter) -> Endpoint:
    return Endpoint(me.counter_id, me.server_url, me.token)


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

    def request(self, method: str, path: str, *, me: counter.Counter | None = None, body: Any = None,
                params: dict | None = None, timeouts: tuple[float, float] | None = None,
                raw: bytes | None = None) -> requests.Response:
        """One HTTP call to our server (exceptions from requests pass through)."""
        where = _endpoint(me or counter.load(self.db))
        return transport.request(self.session, where, method, path, body=body, raw=raw, params=params,
                                 timeouts=timeouts or self._timeouts())

    def _fail(self, failure: Failure, sent: list, now: dt.datetime, *, counted: bool = False) -> str:
        failures = sync_state.read(self.db).failures + 1
        cap = float(settings.get(self.db, "sync_backoff_cap_s"))
        delay = backoff.next_delay(failures, cap_s=cap, rng=self.rng, retry_after_s=failure.retry_after_s)
        retry_at = clock.to_iso(now + dt.timedelta(seconds=delay))
        outbox.record_failure(self.db, sent, error=failure.sentence, now=clock.to_iso(now), retry_at=retry_at,
                              not_sent=failure.not_sent, wait_s=delay, counted=counted)
        if failure.key_missing:
            with write_transaction(self.db):
                self.db.execute("UPDATE counter SET key_registered_at = NULL WHERE id = 1")
        log.warning("sync failed (%d in a row, next try in %.1f s): %s", failures, delay, failure.sentence)
        return retry_at

    def _waiting_until(self, now: dt.datetime) -> str | None:
        """The stored backoff, never more than the wait chosen then from now.

        A wait stored while the PC's clock was a year ahead would otherwise hold
        the queue for a year once the clock is put right.
        """
        state = sync_state.read(self.db)
        retry_at, wait_s = state.retry_at, state.retry_wait_s
        if not retry_at:
            return None
        bound = float(wait_s if wait_s is not None else settings.get(self.db, "sync_backoff_cap_s"))
        until = min(clock.parse_iso(retry_at), now + dt.timedelta(seconds=bound))
        return clock.to_iso(until) if until > now else None

    # -- public -------------------------------------------------------------
    def register_key(self, me: counter.Counter | None = None) -> str | None:
        """Register our public key with the server; None on success, else a sentence.

        Registering the same key again is harmless, so this runs at setup (when
        the server answers) and again before a sync if it did not happen yet.
        """
        failure = self._register(me or counter.load(self.db))
        return failure.sentence if failure else None

    def _register(self, me: counter.Counter) -> Failure | None:
        where = _endpoint(me)
        if not me.token:
            return Failure(_("Counter {counter_id} has no API token yet. Run 'counter-app setup --counter-id "
                             "{counter_id} --server {server_url} --token-stdin' with the token from the "
                             "server.").format(counter_id=me.counter_id, server_url=me.server_url), not_sent=True)
        try:
            response = self.request("POST", "/counters/me/key", me=me, body={"public_key_pem": me.public_key_pem})
        except requests.RequestException as exc:
            return transport.describe_exception(where, exc)
        if response.status_code == 409:
            return Failure(_("The server already holds a different key for counter {counter_id}. This data "
                             "folder is not the one that counter was set up with; ask the server "
                             "administrator.").format(counter_id=me.counter_id),
                           not_sent=True)
        if response.status_code != 200:
            return transport.describe_status(where, response)
        counter.mark_key_registered(self.db)
        return None

    def _server_key_pinned(self) -> bool:
        from counter_app import evidence, storage

        return evidence.pinned_key(storage.data_dir_of(self.db)) is not None

    def _pinned_id(self) -> str:
        from counter_app import evidence, keystore, storage

        pem = keystore.server_key_pem(storage.data_dir_of(self.db))
        return evidence.key_id(pem) if pem else "none"

    def pin_server_key(self, me: counter.Counter | None = None) -> Failure | None:
        """Fetch the server's public key (``GET /api/v1/server-key``) and pin it, if none is pinned yet.

        Trust on first use, at setup or the first sync: a key pinned once is
        never replaced by what a server says later (only by IT, with
        ``setup --server-key-file``), so a server or a network that changes its
        key cannot make this counter believe its answers.
        """
        from counter_app import evidence, keystore, storage

        folder = storage.data_dir_of(self.db)
        if folder is None or self._server_key_pinned():
            return None
        me = me or counter.load(self.db)
        where = _endpoint(me)
        try:
            response = self.request("GET", "/server-key", me=me)
            body = response.json() if response.status_code == 200 else None
        except requests.RequestException as exc:
            return transport.describe_exception(where, exc)
        except ValueError:
            body = None
        if not isinstance(body, dict):
            return Failure(_("The server {server_url} publishes no signing key (GET {api}/server-key), so none "
                             "of its answers can be checked and nothing is marked confirmed. Ask IT for the "
                             "server's key file and run 'counter-app setup ... --server-key-file PATH'.").format(
                                 server_url=me.server_url, api=API), not_sent=True)
        try:
            pem = evidence.check_server_key(body.get("public_key_pem"), claimed_id=body.get("key_id"),
                                            where=me.server_url)
        except KnownError as exc:
            return Failure(str(exc), not_sent=True)
        keystore.pin_server_key(folder, pem)
        log.info("pinned the server key %s of %s", evidence.key_id(pem), me.server_url)
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
        where = _endpoint(me)
        started = time.time()
        try:
            response = self.request("GET", "/health", me=me)
            body = response.json() if response.status_code == 200 else None
        except (requests.RequestException, ValueError) as exc:
            failure = (transport.describe_exception(where, exc) if isinstance(exc, requests.RequestException)
                       else Failure(_("The server {server_url} answered something that is not our API.").format(
                           server_url=me.server_url)))
            self._note_health(None, None, failure.sentence)
            return Health(False, error=failure.sentence)
        if not isinstance(body, dict):
            sentence = transport.describe_status(where, response).sentence
            self._note_health(None, None, sentence)
            return Health(False, error=sentence)
        server_time = body.get("server_time")
        skew = transport.offset(server_time, started, time.time())
        self._note_health(server_time if isinstance(server_time, str) else None, skew, None)
        return Health(True, server_time=server_time if isinstance(server_time, str) else None, skew_s=skew)

    def _note_health(self, server_time: str | None, skew: float | None, error: str | None) -> None:
        sync_state.note_health(self.db, server_time=server_time, offset_s=skew, error=error)

    def sync_once(self, *, force: bool = False) -> SyncResult:
        """Send everything that is due; ``force`` (a person asked) ignores the backoff wait.

        One sync at a time per data folder (``sync_lock``): a second one raises
        SyncBusy with a sentence naming the process that holds it.
        """
        from counter_app import storage, sync_lock

        folder = storage.data_dir_of(self.db)
        if folder is None:
            return self._sync_once(force)
        with sync_lock.holding(folder):
            return self._sync_once(force)

    def _sync_once(self, force: bool) -> SyncResult:
        me = counter.load(self.db)
        result = _Tally()
        now = clock.utc_now()
        waiting = self._waiting_until(now)
        if not force and waiting:
            result.skipped, result.next_attempt_at = True, waiting
            result.remaining = outbox.open_count(self.db)
            return result.done()
        sync_state.note_attempt(self.db, at=clock.to_iso(now))
        if not me.token or not me.key_registered_at or not self._server_key_pinned():
            problem = self._register(me) if not me.token or not me.key_registered_at else None
            problem = problem or self.pin_server_key(me)
            if problem:
                result.error = problem.sentence
                result.next_attempt_at = self._fail(problem, [], now)
                result.remaining = outbox.open_count(self.db)
                return result.done()
        self._drain(_endpoint(me), result)
        result.remaining = outbox.open_count(self.db)
        return result.done()

    def _drain(self, where: Endpoint, result: _Tally) -> None:
        """Send the queue batch by batch, in journal order, until it is empty or a batch fails.

        Batches overlap. While batch k is on the wire, k+1 is claimed and encoded. Once k's answer is back
        with a result for every item (the server has committed k), k+1 leaves, and k's server signatures
        are checked and its answers applied here meanwhile. A long queue overlaps more: a batch of at
        least ``sync_early_from`` recharges leaves while the one before it is still on the wire, naming
        that one (``X-Counter-Follows``); the server parses it and checks its signatures meanwhile and
        applies it once the one before is done (server/batch_order.py). A void never leaves early: applied
        before its recharge's batch it would be refused.

        A row stays open until its own proven answer is applied (a crash or a bad answer resends it and the
        server answers ``duplicate``). The server signs each answer once (``evidence_batch``), so
        checking it costs one signature, not one per item. The pass's first batch, and any after an answer
        that did not prove every item, go one at a time: a server whose answers do not check gets one
        batch, not two.
        """
        from counter_app import evidence, storage

        check = evidence.answer_checker(evidence.pinned_key(storage.data_dir_of(self.db)))
        size = max(1, int(settings.get(self.db, "sync_batch_size")))
        largest = max(size, min(MAX_BATCH, int(settings.get(self.db, "sync_batch_max"))))
        early_from = int(settings.get(self.db, "sync_early_from"))
        timeouts = self._timeouts()
        trusted = False  # did the previous answer of this pass prove every item?
        on_wire: deque[_OnWire] = deque()
        ready: tuple[list[outbox.Claimed], bytes] | None = None  # read and encoded, not sent yet
        with ThreadPoolExecutor(max_workers=2, thread_name_prefix="sync-http") as wire:
            def send(batch: tuple[list[outbox.Claimed], bytes], follows: int | None = None) -> None:
                on_wire.append(_OnWire(batch[0], time.monotonic(), wire.submit(
                    transport.post_batch, self.session, where, batch[1], timeouts, follows=follows)))

            first = self._next_batch(size, after_seq=0)
            read_upto = first[0][-1].journal_seq if first[0] else 0
            if first[0]:
                send(first)
            while on_wire:
                if ready is None:
                    following = self._next_batch(size, after_seq=read_upto)
                    if following[0]:
                        ready, read_upto = following, following[0][-1].journal_seq
                if ready is not None and len(on_wire) == 1 and trusted and _may_leave_early(ready[0], early_from):
                    send(ready, follows=on_wire[0].messages[-1].journal_seq)
                    ready = None
                    continue
                sent = on_wire.popleft()
                now = clock.utc_now()
                failure, answer = sent.answer.result()
                size = next_batch_size(size, largest, time.monotonic() - sent.started, failed=bool(failure),
                                       read_timeout=timeouts[1])
                result.batches += 1
                applied = failure is None
                if applied:
                    if ready is not None and not on_wire and trusted and len(answer["results"]) >= len(sent.messages):
                        send(ready)
                        ready = None
                    answer["checked"] = check(answer)
                    trusted = _proves_all(sent.messages, answer)
                    failure = self._apply(sent.messages, answer, result)
                if failure:
                    for other in on_wire:  # already on its way: its rows stay open and are resent
                        other.answer.result()
                    result.error = failure.sentence
                    result.next_attempt_at = self._fail(failure, sent.messages, now, counted=applied)
                    return
                if ready is not None and not on_wire:
                    send(ready)
                    ready = None

    def _next_batch(self, size: int, *, after_seq: int) -> tuple[list[outbox.Claimed], bytes]:
        """Read the next batch (in journal order) and encode the request from the signed texts."""
        messages, others = outbox.next_signed(self.db, size, after_seq=after_seq)
        body = f'{{"items":[{",".join(m.wire() for m in messages)}],"journal":{json.dumps(others, ensure_ascii=False)}}}'
        return messages, body.encode("utf-8")

    def _apply(self, messages: list[outbox.Claimed], answer: dict, result: _Tally) -> Failure | None:
        """Apply one batch's answers; a Failure when the server answered none of them."""
        counts = outbox.apply_batch_results(
            self.db, messages, answer["results"], now=clock.now_iso(),
            server_time=answer.get("server_time"), offset_s=answer.get("offset"), answer=answer,
            checked=answer.get("checked"))
        if counts["unproven"] and counts["unproven"] + counts["unanswered"] == len(messages):
            return Failure(_("The server's answers are not signed by the server key this counter pinned at "
                             "setup (key_id {pinned_id}); nothing was marked confirmed and they will be sent "
                             "again. If the server's key was changed, IT runs 'counter-app setup ... "
                             "--server-key-file PATH' with the new key.").format(pinned_id=self._pinned_id()))
        if counts["unanswered"] == len(messages):
            return Failure(_("The server answered without results for our transactions; they will be sent "
                             "again."))
        # Only what the server answered counts as sent: a 401 or a timeout sent nothing we know of.
        result.sent += len(messages) - counts["unanswered"]
        result.accepted += counts["accepted"]
        result.duplicate += counts["duplicate"]
        result.rejected += counts["rejected"]
        result.disputed += counts["disputed"]
        result.rejected_txn_ids += [r["txn_id"] for r in answer["results"] if r.get("status") == "rejected"]
        return None


@dataclass(frozen=True)
class _OnWire:
    """A batch sent and not answered yet."""

    messages: list[outbox.Claimed]
    started: float
    answer: Future


def _may_leave_early(messages: list[outbox.Claimed], early_from: int) -> bool:
    """May this batch leave while the one before it is still on the wire? A long run of recharges only."""
    return 0 < early_from <= len(messages) and all(m.kind == "recharge" for m in messages)


def _proves_all(messages: list[outbox.Claimed], answer: dict) -> bool:
    """Did the answer come with a validly signed result for every message (so the next batch may leave now)?"""
    checked = answer.get("checked") or []
    return len(checked) >= len(messages) and all(checked)


def server_transaction(client: SyncClient, txn_id: str) -> dict | None:
    """What the server knows of one of our transactions (None: it has never credited or stored it).

    For a supervisor resolving a rejected or long-pending transaction: ask
    before resending or refunding. Raises ServerUnavailable with a sentence.
    """
    where = _endpoint(counter.load(client.db))
    try:
        response = client.request("GET", f"/recharges/{txn_id}")
        if response.status_code == 404 and "unknown_txn" in response.text:
            return None
        if response.status_code == 200:
            body = response.json()
            if isinstance(body, dict):
                return body
    except requests.RequestException as exc:
        raise ServerUnavailable(transport.describe_exception(where, exc).sentence) from None
    except ValueError:
        pass
    else:
        if response.status_code != 200:
            raise ServerUnavailable(transport.describe_status(where, response).sentence)
    raise ServerUnavailable(_("The server {server_url} answered something that is not our API.").format(
        server_url=where.server_url))


def consumer_page(client: SyncClient, since: str, limit: int) -> dict:
    """One page of the server's consumer directory; raises ServerUnavailable with a sentence."""
    where = _endpoint(counter.load(client.db))
    try:
        response = client.request("GET", "/consumers", params={"since": since, "limit": limit})
        if response.status_code == 200:
            body = response.json()
            if isinstance(body, dict) and isinstance(body.get("consumers"), list):
                return body
            raise ServerUnavailable(_("The server {server_url} answered something that is not our API.").format(
                server_url=where.server_url))
    except requests.RequestException as exc:
        raise ServerUnavailable(transport.describe_exception(where, exc).sentence) from None
    except ValueError:
        raise ServerUnavailable(_("The server {server_url} answered something that is not our API.").format(
            server_url=where.server_url)) from None
    raise ServerUnavailable(transport.describe_status(where, response).sentence)
