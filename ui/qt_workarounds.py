"""Work around a reference-count bug in the installed PySide6.

PySide6-Essentials 6.12.0 on Python 3.11 returns ``True`` from
``SignalInstance.emit()`` without taking a reference to it, so every emit
from Python takes one reference away from ``True``. After a few hundred
emits ``True`` is "deallocated" and the interpreter aborts (``Fatal Python
error: bool_dealloc``): for a window that emits on every sync tick and every
recharge, a crash within hours. (From Python 3.12 on ``True`` is immortal and
the bug is harmless.)

:func:`emit` emits and then gives the reference back, only where the bug is
measured at import, so a fixed PySide6 or a newer Python needs no change here.
Every emit in ``ui/`` goes through it.
"""

from __future__ import annotations

import ctypes
import sys
from typing import Any

from PySide6.QtCore import QObject, Signal


class _Probe(QObject):
    ping = Signal()


def _references_lost_per_emit() -> int:
    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(16):
        probe.ping.emit()
    lost = before - sys.getrefcount(True)
    if lost > 0:  # give back what the probe took
        for _ in range(lost):
            ctypes.pythonapi.Py_IncRef(ctypes.py_object(True))
    return lost // 16 if lost % 16 == 0 else 0


LOST_PER_EMIT = _references_lost_per_emit()


def emit(signal: Any, *args: Any) -> Any:
    """``signal.emit(*args)``, without the reference leak of the installed PySide6."""
    result = signal.emit(*args)
    if LOST_PER_EMIT and (result is True or result is False):
        for _ in range(LOST_PER_EMIT):
            ctypes.pythonapi.Py_IncRef(ctypes.py_object(result))
    return result
