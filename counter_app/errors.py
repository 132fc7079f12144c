"""Two kinds of failure, kept apart as qutebrowser does.

A ``KnownError`` is caused by the person or the environment (a wrong PIN, a
full disk, a server that is down). Its message is for the cashier: it says what
happened and what to do. Anything else is our bug: it is logged in full and the
person sees only where the log is.
"""


class KnownError(Exception):
    """A failure with a message fit to show a person as it is."""

    #: The field of a form the error concerns, so a UI can show it there.
    field: str | None = None

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        if field is not None:
            self.field = field


class Refused(KnownError):
    """The request breaks a business rule (limits, no open shift, locked PIN)."""


class InputError(Refused):
    """A value typed by a person is not of the accepted form."""


class StorageError(KnownError):
    """The database cannot be opened, read or written."""


class NotSetUp(KnownError):
    """The counter has not been set up yet."""
