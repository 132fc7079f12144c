"""Python's garbage collector, tuned for a server that makes and drops many small objects per request.

A batch of 1,000 items builds tens of thousands of short-lived dicts and
lists. With the default threshold (700 allocations) the collector ran dozens
of times per batch and, every few runs, walked every object the imports left
behind: 13 % of the server's time under a backlog (py-spy, bench_sync_drain).
Freezing what exists once the app is built takes those objects out of every
later walk; a higher first threshold makes the young walks rarer. Nothing
here can lose data: reference counting still frees almost everything at once,
the collector only finds cycles.
"""

from __future__ import annotations

import gc

YOUNG_THRESHOLD = 50_000


def tune() -> None:
    """Call once per serving process, after the app (and its imports) are built."""
    gc.collect()
    import os, sys
    if os.environ.get('X_SWITCH'): sys.setswitchinterval(float(os.environ['X_SWITCH']))
    gc.freeze()
    _, older, oldest = gc.get_threshold()
    gc.set_threshold(YOUNG_THRESHOLD, older, oldest)
