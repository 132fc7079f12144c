"""The PySide6 cashier window. Thin: it calls counter_app and receipts, and shows results."""

# The core the window uses is imported before PySide6 on purpose: once PySide6 is
# loaded, its import hook inspects the source of every module imported after it
# (shibokensupport.feature), which made the window's cold start ~15% slower.
import counter_app.cash  # noqa: F401, E402
import counter_app.inspection  # noqa: F401, E402
import counter_app.recharge  # noqa: F401, E402
import counter_app.shifts  # noqa: F401, E402
import counter_app.users  # noqa: F401, E402
import counter_app.voids  # noqa: F401, E402

# Before any window: guard against the installed PySide6's reference leaks (see the module).
from ui import qt_workarounds as _qt_workarounds  # noqa: F401, E402
