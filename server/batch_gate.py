"""How many batches one server process applies at once; the others wait their turn on the event loop.

Applying a batch is CPU work in Python (parsing, the rules, building rows and
answers) between short waits on the database. Forty of them at once (the
thread pool's size) only take turns at the GIL and at the database's locks:
in a herd on 2 cores the end of each batch, which holds the directory's
change-number lock, waited for its thread to get the GIL back, and everything
else waited for that lock. Without a gate PostgreSQL drained the herd at 4,930
and 5,478 tx/s; with 2 to 6 at a time per process, 6,200 to 6,855 (bench_herd,
pg_stat_statements loaded), and in the full bench 2 beat 4 (7,196 and 7,397
against 7,015 tx/s; docs/sync.md, docs/deploy.md). 2 is the default.

A waiting batch costs only its request (already read) on the event loop, so a
health check or a web page is not held up behind it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import anyio.to_thread
from anyio import CapacityLimiter

T = TypeVar("T")

BATCHES_AT_ONCE = 2  # per server process; `counter-server run --batch-concurrency N`


class BatchGate:
    def __init__(self, at_once: int = BATCHES_AT_ONCE) -> None:
        if at_once < 1:
            raise ValueError("at least one batch must be applied at a time")
        self.at_once = at_once
        self._limiter = CapacityLimiter(at_once)

    async def run(self, func: Callable[..., T], *args: Any) -> T:
        """``func(*args)`` on a worker thread, once fewer than ``at_once`` others are running."""
        return await anyio.to_thread.run_sync(func, *args, limiter=self._limiter)

    @property
    def running(self) -> int:
        return int(self._limiter.borrowed_tokens)
