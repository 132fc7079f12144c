"""One JSON line per request, and its latency in the metrics: the outermost ASGI layer of the server.

A line holds the method, the route (its template, never the raw path of a
lookup), the status, the latency and, for a counter's request, its
``counter_id``, and for a batch the number of items and the results by status.
It never holds a header, a body, a token or a signature: only those named
fields are written (the counter from the auth gate, the batch's counts from its
handler through ``scope["state"]``). It is outside the fault and auth layer, so
a refused token (401) or a database that does not answer (503) is logged too.
"""

from __future__ import annotations

import json
import logging
import os
import time
from typing import Any

from server import auth, metrics

log = logging.getLogger("server.requests")
LOGGED_FIELDS = ("items", "results")


def _route(scope: dict) -> str:
    route = scope.get("route")
    return getattr(route, "path", None) or "unmatched"


class RequestLog:
    def __init__(self, app: Any) -> None:
        self.app = app

    # The fault layer inside is what the admin API and the tests change; its faults are reached through here.
    @property
    def faults(self) -> Any:
        return self.app.faults

    @faults.setter
    def faults(self, value: Any) -> None:
        self.app.faults = value

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        state = scope.setdefault("state", {})
        watch = _StatusWatch(send)
        status = watch.status
        try:
            await self.app(scope, receive, watch)
        finally:
            seconds = time.perf_counter() - started
            route = _route(scope)
            metrics.REQUEST_SECONDS.labels(scope.get("method", ""), route, str(status[0])).observe(seconds)
            if route != "/metrics" and log.isEnabledFor(logging.INFO):
                line = {"method": scope.get("method"), "route": route, "status": status[0],
                        "latency_ms": round(seconds * 1000, 2), "pid": os.getpid()}
                counter = scope.get(auth.SCOPE_KEY)  # set by the auth gate once the token is checked
                if counter is not None:
                    line["counter_id"] = counter.counter_id
                line.update({key: state[key] for key in LOGGED_FIELDS if key in state})
                log.info(json.dumps(line, separators=(",", ":")))


class _StatusWatch:
    """The server's ``send``, noting the status; ``__self__`` stays the server's connection, because the
    fault layer reaches its transport through it to cut a connection off (``--drop-rate``)."""

    def __init__(self, send: Any) -> None:
        self.send = send
        self.status = [500]
        self.__self__ = getattr(send, "__self__", None)

    async def __call__(self, message: dict) -> None:
        if message["type"] == "http.response.start":
            self.status[0] = message["status"]
        await self.send(message)


def configure_json_lines() -> None:
    """Request lines go to stderr as bare JSON (for journald / a log shipper), apart from the text log."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(message)s"))
    log.handlers[:] = [handler]
    log.setLevel(logging.INFO)
    log.propagate = False
