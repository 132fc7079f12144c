"""Entry point of the frozen app: the same ``counter-app`` command as from source."""

import multiprocessing
import sys

from counter_cli.main import main

if __name__ == "__main__":
    multiprocessing.freeze_support()
    sys.exit(main())
