"""One JSON line per request, and its latency in the metrics: the outermost ASGI layer of the server.

A line holds the method, the route (its template, never the raw path of a
lookup), the status, the latency and, for a counter's request, its
``counter_id``, and for a batch the number of items and the results by status.
It never holds a header, a body, a token or a signature: the handlers put only
those named fields in ``scope["state"]`` and only those are written.
"""

from __future__ import annotations

import json
import logging
import os
import time
from typing import Any

from server import metrics

log = logging.getLogger("server.requests")
LOGGED_FIELDS = ("counter_id", "items", "results")


def _route(scope: dict) -> str:
    route = scope.get("route")
    return getattr(route, "path", None) or "unmatched"


class RequestLog:
    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        state = scope.setdefault("state", {})
        status = [500]

        async def watch(message: dict) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, watch)
        finally:
            seconds = time.perf_counter() - started
            route = _route(scope)
            metrics.REQUEST_SECONDS.labels(scope.get("method", ""), route, str(status[0])).observe(seconds)
            if route != "/metrics":
                line = {"method": scope.get("method"), "route": route, "status": status[0],
                        "latency_ms": round(seconds * 1000, 2), "pid": os.getpid()}
                line.update({key: state[key] for key in LOGGED_FIELDS if key in state})
                log.info(json.dumps(line, separators=(",", ":")))


def configure_json_lines() -> None:
    """Request lines go to stderr as bare JSON (for journald / a log shipper), apart from the text log."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(message)s"))
    log.handlers[:] = [handler]
    log.setLevel(logging.INFO)
    log.propagate = False
