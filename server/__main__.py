"""``python -m server``: the same as ``counter-server``."""

import sys

from server.cli import main

sys.exit(main())
