"""Stop the server when the process that started it is gone.

``counter-app demo`` starts the reference server as a child and keeps the
write end of a pipe on the child's standard input. Nothing is ever written;
when the parent exits for any reason (even SIGKILL, which runs no clean-up)
the kernel closes its end, the child's read returns end-of-file, and the
server shuts down instead of holding its port and database as an orphan.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable
from typing import BinaryIO

log = logging.getLogger(__name__)


def watch_stdin(on_closed: Callable[[], None], stream: BinaryIO | None = None) -> threading.Thread:
    """Call ``on_closed`` once ``stream`` (default: stdin) reaches end-of-file."""
    source = stream if stream is not None else sys.stdin.buffer

    def wait_for_eof() -> None:
        try:
            while source.read(4096):
                pass   # the parent never writes; anything read is ignored
        except (OSError, ValueError):
            pass       # a closed or broken pipe means the same: the parent is gone
        log.warning("the parent process is gone; stopping the server")
        on_closed()

    thread = threading.Thread(target=wait_for_eof, name="parent-watch", daemon=True)
    thread.start()
    return thread
