"""Work around a reference-count bug in the installed PySide6.

PySide6-Essentials 6.12.0 on Python 3.11 takes a reference away from ``None``
on every call of a Qt method that returns nothing (``setText``,
``processEvents``...) and from ``True`` on every ``Signal.emit()``. Once a
count reaches zero the interpreter aborts ("Fatal Python error:
none_dealloc"): for a window that runs all day, a crash after some hours of
use, sooner under load. From Python 3.12 on these objects are immortal and
the bug is harmless.

:func:`protect_singletons` measures the leak at start and, where it exists,
does what Python 3.12 does: it gives ``None``, ``True`` and ``False`` a count
so large (2**60) that no run of the app can bring it to zero. These objects
are never freed anyway, so an inflated count changes nothing else. Importing
``ui`` runs it before any window exists.
"""

from __future__ import annotations

import ctypes
import sys
from typing import Any

from PySide6.QtCore import QObject, Signal

_IMMORTAL = 1 << 60


class _Probe(QObject):
    ping = Signal()


def leaks() -> dict[str, int]:
    """References lost by 32 void Qt calls and 32 emits, per singleton."""
    probe = _Probe()
    before = {name: sys.getrefcount(obj) for name, obj in (("None", None), ("True", True))}
    for _ in range(32):
        probe.setObjectName("probe")
        probe.ping.emit()
    after = {"None": sys.getrefcount(None), "True": sys.getrefcount(True)}
    return {name: before[name] - after[name] for name in before}


def _add_references(obj: Any, count: int) -> None:
    # ob_refcnt is the first field of every object (CPython < 3.12); the GIL is held here.
    ctypes.c_ssize_t.from_address(id(obj)).value += count


def protect_singletons() -> bool:
    """Make None/True/False immortal if this PySide6 leaks references to them; True if it did."""
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    lost = leaks()
    if max(lost.values()) <= 0:
        return False
    for obj in (None, True, False):
        if sys.getrefcount(obj) < _IMMORTAL:
            _add_references(obj, _IMMORTAL)
    return True


def emit(signal: Any, *args: Any) -> Any:
    """``signal.emit(*args)``; kept as the one place to adapt emits to the installed PySide6."""
    return signal.emit(*args)


PROTECTED = protect_singletons()
