"""Python's runtime tuned for a serving process: the garbage collector, and how long a thread keeps the GIL.

A batch of 1,000 items builds tens of thousands of short-lived dicts and
lists. With the default threshold (700 allocations) the collector ran dozens
of times per batch and, every few runs, walked every object the imports left
behind: 13 % of the server's time under a backlog (py-spy, bench_sync_drain).
Freezing what exists once the app is built takes those objects out of every
later walk; a higher first threshold makes the young walks rarer. Nothing
here can lose data: reference counting still frees almost everything at once,
the collector only finds cycles.

A thread that wants the GIL waits up to the switch interval for the thread
that holds it to let go. At Python's 5 ms, the event loop (health checks,
reading requests) waited behind the threads applying and checking batches:
``/api/v1/health`` p99 95 ms under the herd on 2 cores; at 1 ms, 80 ms, and
the herd drained no slower (bench_herd, docs/sync.md).
"""

from __future__ import annotations

import gc
import sys

YOUNG_THRESHOLD = 50_000
SWITCH_INTERVAL_S = 0.001


def tune() -> None:
    """Call once per serving process, after the app (and its imports) are built."""
    gc.collect()
    gc.freeze()
    _, older, oldest = gc.get_threshold()
    gc.set_threshold(YOUNG_THRESHOLD, older, oldest)
    sys.setswitchinterval(SWITCH_INTERVAL_S)
