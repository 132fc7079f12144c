"""Counter: the offline-first cashier for prepaid electricity recharges.

This package is the core. It never imports Qt, so everything here can be
used from the CLI, from tests and from the background sync worker alike.
"""

__version__ = "0.1.0"
APP_NAME = "counter-app"
