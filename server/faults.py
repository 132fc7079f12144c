"""The outermost layer of the server: the token check, a body-size limit and injected faults.

The token is checked first, from the headers (:class:`server.auth.AuthGate`),
so nobody without one makes the server read a body at all.

Faults are for tests and demonstrations: a share of API calls answered 500
before anything is written, a share committed and then cut off without an
answer (the lost response that makes clients resend), added latency, 429 with
``Retry-After``, and maintenance (503 with ``Retry-After``). The admin API
changes them while the server runs and is never itself faulted.
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
from typing import Any

from server import metrics
from server.models import Faults
from server.store import DATABASE_UNAVAILABLE, StoreUnavailable

log = logging.getLogger(__name__)

MAX_BODY_BYTES = 8 * 1024 * 1024


async def _send_json(send: Any, status: int, body: dict, headers: list[tuple[bytes, bytes]] = ()) -> None:
    data = json.dumps(body).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(data)).encode()),
                            *headers]})
    await send({"type": "http.response.body", "body": data})


class FaultLayer:
    """ASGI middleware; ``faults`` may be replaced at any time (the admin endpoint does)."""

    def __init__(self, app: Any, faults: Faults | None = None, *, seed: int | None = None,
                 max_body: int = MAX_BODY_BYTES, gate: Any = None) -> None:
        self.app = app
        self.gate = gate
        self.faults = faults or Faults()
        self.rng = random.Random(seed)
        self.max_body = max_body

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if self.gate is not None:
            try:
                refusal = await self.gate(scope)
            except StoreUnavailable as exc:  # the token could not be looked up: nothing was read or written
                log.warning("database unavailable while checking a token: %s", exc)
                metrics.UNAVAILABLE.inc()
                await _send_json(send, 503, DATABASE_UNAVAILABLE,
                                 [(b"retry-after", str(self.faults.retry_after_s or 1).encode())])
                return
            if refusal is not None:
                await _send_json(send, refusal.status, {"error": refusal.error, "message": refusal.message},
                                 [(b"www-authenticate", b"Bearer")] if refusal.status == 401 else [])
                return
        body = await self._read_body(scope, receive, send)
        if body is None:
            return
        path: str = scope.get("path", "")
        faults = self.faults
        admin = path.startswith("/api/v1/admin")
        api = path.startswith("/api/") and not admin
        if faults.latency_ms and not admin:
            await asyncio.sleep(faults.latency_ms / 1000)
        drop = False
        if api:
            retry = [(b"retry-after", str(faults.retry_after_s).encode())]
            if faults.maintenance:
                await _send_json(send, 503, {"error": "maintenance",
                                             "message": "The server is under maintenance; try again later."}, retry)
                return
            if path not in ("/api/v1/health", "/api/v1/ready"):
                if self.rng.random() < faults.throttle_rate:
                    await _send_json(send, 429, {"error": "too_many_requests",
                                                 "message": "Too many requests; wait and try again."}, retry)
                    return
                if self.rng.random() < faults.error_rate:
                    await _send_json(send, 500, {"error": "injected_fault",
                                                 "message": "Injected server error; nothing was written."})
                    return
                drop = self.rng.random() < faults.drop_rate
        replay = _Replay(body, receive)
        if not drop:
            await self.app(scope, replay, send)
            return
        # Let the request commit, then cut the connection instead of answering.
        async def swallow(message: dict) -> None:
            return None

        await self.app(scope, replay, swallow)
        log.info("fault: dropped the answer to %s after it was processed", path)
        transport = getattr(getattr(send, "__self__", None), "transport", None)
        if transport is not None:
            transport.abort()
            await asyncio.sleep(0)  # let the server see the connection is gone before it tidies up
            return
        # Another ASGI server: start an answer and break it off.
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-length", b"1000")]})
        raise ConnectionAbortedError("fault injection: answer dropped")

    async def _read_body(self, scope: dict, receive: Any, send: Any) -> bytes | None:
        """The whole request body, or None after answering 413."""
        declared = dict(scope.get("headers") or []).get(b"content-length")
        too_big = {"error": "body_too_large", "message": f"The request body is over {self.max_body} bytes."}
        if declared is not None and declared.isdigit() and int(declared) > self.max_body:
            await _send_json(send, 413, too_big)
            return None
        chunks, size = [], 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return None
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body:
                await _send_json(send, 413, too_big)
                return None
            chunks.append(chunk)
            if not message.get("more_body", False):
                return b"".join(chunks)


class _Replay:
    """An ASGI ``receive`` that hands over an already-read body, then passes on what the server sends."""

    def __init__(self, body: bytes, receive: Any) -> None:
        self.body = body
        self.receive = receive
        self.sent = False

    async def __call__(self) -> dict:
        if not self.sent:
            self.sent = True
            return {"type": "http.request", "body": self.body, "more_body": False}
        return await self.receive()
