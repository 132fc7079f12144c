"""The PySide6 cashier window. Thin: it calls counter_app and receipts, and shows results."""

# Before any window: guard against the installed PySide6's reference leaks (see the module).
from ui import qt_workarounds as _qt_workarounds  # noqa: F401
