"""A progress bar on the terminal for long commands (tqdm), and nothing anywhere else.

Long work in the core takes ``progress``: a callable given the amount done so
far and the total when known (``report(done, total)``). The CLI passes
:func:`terminal`'s callable; the window passes one that moves the bar in its
status area. No bar is drawn with ``--json`` or when standard error is not a
terminal (a log, a pipe, a cron job): output there stays plain lines.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

Report = Callable[[int, "int | None"], None]


def wanted(*, json_output: bool = False, stream: TextIO | None = None) -> bool:
    target = stream if stream is not None else sys.stderr
    return not json_output and bool(getattr(target, "isatty", lambda: False)())


def nothing(_done: int, _total: int | None = None) -> None:
    """The callable to pass when nobody watches."""


@contextmanager
def terminal(description: str, *, unit: str = "", total: int | None = None, json_output: bool = False,
             stream: TextIO | None = None, force: bool = False) -> Iterator[Report]:
    """``with terminal("Pulling consumers", unit=" consumers") as report: core_call(progress=report)``."""
    if not (force or wanted(json_output=json_output, stream=stream)):
        yield nothing
        return
    from tqdm import tqdm   # only when a bar is drawn

    # The terminal's size when it says; a terminal that says 0 x 0 (a fresh pseudo-terminal, some
    # serial consoles) would hide the bar altogether, so 80 x 20 then.
    size = shutil.get_terminal_size((80, 20))
    bar = tqdm(total=total, desc=description, unit=unit, file=stream or sys.stderr,
               ncols=min(size.columns or 80, 120), nrows=size.lines or 20,
               unit_scale=unit.strip() in ("B", "bytes"), leave=True)

    def report(done: int, new_total: int | None = None) -> None:
        if new_total is not None and new_total != bar.total:
            bar.total = new_total
        bar.update(max(0, done - bar.n))
    try:
        yield report
    finally:
        bar.close()
