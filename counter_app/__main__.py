"""``python -m counter_app``: the older spelling of ``python -m counter_cli`` (scripts and tests use it).

The one import from the core up to the shell, named in the layers contract's
ignore_imports: nothing imports this module, Python only runs it.
"""

from counter_cli.main import main

raise SystemExit(main())
