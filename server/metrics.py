"""What the server counts for Prometheus (``GET /metrics``), correct when N worker processes serve one port.

With ``counter-server run --workers N`` the run command points
``PROMETHEUS_MULTIPROC_DIR`` at an empty folder before the workers start;
prometheus-client then keeps each process's values in files there and
``/metrics``, whichever worker answers it, adds them up. One process alone uses
the ordinary in-memory registry.
"""

from __future__ import annotations

import collections
import os

from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, Counter, Gauge, Histogram, \
    generate_latest, multiprocess

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"

BATCHES = Counter("counter_batches", "Batches applied (POST /api/v1/recharges/batch and import)")
ITEMS = Counter("counter_batch_items", "Items of applied batches, by result", ["result"])
REJECTIONS = Counter("counter_rejections", "Rejected items, by reason", ["reason"])
UNAVAILABLE = Counter("counter_database_unavailable", "Requests answered 503 because the database did not answer")
REQUEST_SECONDS = Histogram("counter_request_seconds", "Time to answer an HTTP request",
                            ["method", "route", "status"],
                            buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30))
# livesum: the connections in use now, added over the live worker processes.
POOL_IN_USE = Gauge("counter_db_pool_in_use", "Database connections checked out of the pool",
                    multiprocess_mode="livesum")


def count_batch(results: list[dict]) -> dict[str, int]:
    """Count one applied batch; returns its results by status (for the request's log line)."""
    BATCHES.inc()
    statuses = collections.Counter(r["status"] for r in results)
    for status, n in statuses.items():
        ITEMS.labels(status).inc(n)
    for reason, n in collections.Counter(r.get("reason") or "unknown" for r in results
                                         if r["status"] == "rejected").items():
        REJECTIONS.labels(reason).inc(n)
    return dict(statuses)


def exposition() -> tuple[bytes, str]:
    """The text format of every metric, summed over worker processes when there are several."""
    if os.environ.get(MULTIPROC_ENV):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return generate_latest(registry), CONTENT_TYPE_LATEST
    return generate_latest(REGISTRY), CONTENT_TYPE_LATEST


def worker_exited(pid: int) -> None:
    """Forget a finished worker's live gauges (its counters stay in the totals, as they should)."""
    if os.environ.get(MULTIPROC_ENV):
        multiprocess.mark_process_dead(pid)
