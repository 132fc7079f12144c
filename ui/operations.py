"""The window's side of one core call, after Anki's ``CollectionOp``: run it, show how it went, say what changed.

Every page and dialog does the same three things around a core function: call
it; show a refusal (a ``KnownError``'s sentence, at its field) or our bug
(logged in full; the person sees "internal error, logged to FILE"); and, when
the call wrote to the counter, tell the window, which reads the status line
again. :class:`CoreOp` does them once::

    shift = CoreOp(session, lambda: shifts.open_shift(db, ...)).run(self.errors)
    if shift is None:
        return          # the sentence is already shown at its field

Unlike Anki's, the call runs on the window's thread: these are short, indexed
writes on the window's own connection (a recharge, a void, a shift close), and
the cashier must see the money committed before typing on. Long work (sync,
status reads, printing, backups) belongs to the workers (``ui.background``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from ui.errors_shown import as_known
from ui.forms import FormErrors
from ui.session import Session

T = TypeVar("T")


class CoreOp(Generic[T]):
    """One core call from the window; ``changes=False`` for a call that only reads (or checks a PIN)."""

    def __init__(self, session: Session, call: Callable[[], T], *, changes: bool = True) -> None:
        self.session = session
        self.call = call
        self.changes = changes
        self._on_failure: Callable[[], object] | None = None

    def failure(self, then: Callable[[], object]) -> CoreOp[T]:
        """Also run ``then`` when the call fails, before the sentence shows (clear a PIN field...)."""
        self._on_failure = then
        return self

    def run(self, errors: FormErrors) -> T | None:
        """The call's result (never None for a call that succeeds); None when it failed, its sentence shown."""
        try:
            result = self.call()
        except Exception as exc:  # noqa: BLE001 - every refusal is shown at its field; bugs are logged
            if self._on_failure is not None:
                self._on_failure()
            errors.show(as_known(exc, self.session.data_dir, self.session.log_file))
            return None
        if self.changes:
            self.session.notify_changed()
        return result
