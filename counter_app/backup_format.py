"""The backup file's outer form: a magic line, a JSON header line, then the ciphertext.

Kept apart from :mod:`counter_app.backup` (which makes and checks backups)
so that what only reads headers (``verify``'s witness of the newest backup)
does not pull in the whole backup machinery.
"""

from __future__ import annotations

import json
from pathlib import Path

from counter_app import backup_crypto
from counter_app.errors import KnownError
from counter_app.i18n import _

MAGIC = b"COUNTER-BACKUP 1\n"
SUFFIX = ".cbk"


def read_header(path: Path) -> tuple[dict, bytes]:
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise KnownError(_("Cannot read {path}: {strerror}.").format(path=path, strerror=exc.strerror)) from exc
    if not raw.startswith(MAGIC):
        raise KnownError(_("{path} is not a counter backup file.").format(path=path))
    head, _newline, cipher = raw[len(MAGIC):].partition(b"\n")
    try:
        header = json.loads(head)
    except (ValueError, RecursionError):
        raise KnownError(_("{path} is damaged or not a counter backup: its header cannot be read.").format(
            path=path)) from None
    problem = backup_crypto.header_problem(header)
    if problem:
        raise KnownError(_("{path} is damaged or not a counter backup ({problem}); nothing was restored.").format(
            path=path, problem=problem))
    return header, cipher


def newest_header(folder: Path, counter_id: str) -> tuple[Path, dict] | None:
    """The newest backup of this counter in ``folder`` and its header (names sort by time); None if none reads."""
    try:
        files = sorted(folder.glob(f"{counter_id}-*{SUFFIX}"), reverse=True)
    except OSError:
        return None
    for path in files[:3]:
        try:
            with open(path, "rb") as handle:  # the header line only, not the whole (large) backup
                magic, head = handle.readline(), handle.readline(65536)
            header = json.loads(head) if magic == MAGIC else None
        except (OSError, ValueError, RecursionError):
            continue
        if backup_crypto.header_problem(header) is None:
            return path, header
    return None
