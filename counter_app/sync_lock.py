"""One sync at a time per data folder, for every process (the CLI, ``sync --watch``, the window's worker).

Two senders of one queue would each claim and send the same open rows (the
server settles the copies as duplicates, but the link carries everything twice
or more). The rule is an OS lock on ``sync.lock`` in the data folder: the OS
drops it when its process dies, so a killed sync never leaves the folder locked.
The holder writes its process id into the file, for the sentence the next one says.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from counter_app.errors import KnownError
from counter_app.i18n import _

LOCK_FILE = "sync.lock"


class SyncBusy(KnownError):
    """Another process (or thread) is syncing this data folder now."""


def _try_lock(fd: int) -> bool:
    if os.name == "nt":  # pragma: no cover - Windows counter PCs
        import msvcrt

        try:
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _unlock(fd: int) -> None:
    if os.name == "nt":  # pragma: no cover
        import msvcrt

        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
    else:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_UN)


def _holder(path: Path) -> str:
    try:
        text = path.read_text().strip()
    except OSError:
        return "unknown"
    return text or "unknown"


@contextlib.contextmanager
def holding(data_dir: Path) -> Iterator[None]:
    """Hold the folder's sync lock for the block, or raise SyncBusy saying who holds it."""
    path = data_dir / LOCK_FILE
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        if not _try_lock(fd):
            raise SyncBusy(_("a sync is already running (process {holder}) on this data folder; it sends "
                             "everything queued, so there is nothing to do here. Try again when it ends.").format(
                                 holder=_holder(path)))
        try:
            os.ftruncate(fd, 0)
            os.lseek(fd, 0, os.SEEK_SET)
            os.write(fd, str(os.getpid()).encode())
            yield
        finally:
            _unlock(fd)
    finally:
        os.close(fd)
