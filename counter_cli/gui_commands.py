"""``counter-app gui`` (also ``counter-app`` alone) and ``counter-app demo``.

The shell sits above the window: ``ui.app`` is imported inside :func:`load_ui`
so that the other commands never load Qt, and a missing Qt or display becomes
one clear sentence instead of a crash.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from types import ModuleType

import platformdirs

from counter_app import APP_NAME
from counter_app.errors import KnownError
from counter_cli.context import Context
from counter_app.i18n import _


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = commands.add_parser("gui", parents=[common], help="open the cashier window (the default)")
    p.set_defaults(handler=cmd_gui)
    p = commands.add_parser("demo", parents=[common],
                            help="start a demo server on loopback and open the window against it")
    p.add_argument("--consumers", type=int, default=3000, metavar="N",
                   help="consumers seeded on the demo server the first time (default 3000)")
    p.add_argument("--port", type=int, default=0, metavar="PORT", help="server port (default: a free one)")
    p.set_defaults(handler=cmd_demo)


def check_display(environ: dict[str, str] | None = None, platform: str = sys.platform) -> None:
    """Qt aborts the process without a display; say so first, in words."""
    env = os.environ if environ is None else environ
    if not platform.startswith("linux"):
        return
    if env.get("QT_QPA_PLATFORM") or env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"):
        return
    raise KnownError(_("No screen to open the window on (DISPLAY is not set). Run counter-app on the PC's "
                       "desktop, or over ssh use the command-line commands (counter-app --help); for a test "
                       "run without a screen use xvfb-run or QT_QPA_PLATFORM=offscreen."))


def load_ui() -> ModuleType:
    check_display()
    try:
        from ui import app  # Qt loads only when the window opens
        return app
    except ImportError as exc:
        missing = getattr(exc, "name", None) or str(exc)
        if "PySide6" in str(missing) or "PySide6" in str(exc):
            raise KnownError(_("The window needs PySide6, which is not installed. Install it with 'pip install "
                               "PySide6-Essentials' (or run ./dev.sh setup).")) from exc
        raise KnownError(_("The window cannot start: a system library is missing ({exc}). On Debian or Ubuntu, "
                           "./dev.sh setup installs what Qt needs.").format(exc=exc)) from exc


def cmd_gui(args: argparse.Namespace, ctx: Context) -> int:
    app = load_ui()
    ctx.close()
    return int(app.run(ctx.data_dir))


def demo_root(args: argparse.Namespace) -> Path:
    explicit = getattr(args, "data_dir", None)
    return Path(explicit).expanduser() if explicit else Path(platformdirs.user_data_dir(f"{APP_NAME}-demo",
                                                                                       appauthor=False))


def cmd_demo(args: argparse.Namespace, ctx: Context) -> int:
    from counter_cli import demo

    app = load_ui()   # fail on a missing display before starting a server
    ctx.close()
    root = demo_root(args)
    print(_("Starting the demo server and counter in {root} ...").format(root=root), flush=True)
    prepared = demo.prepare(root, consumers=args.consumers, port=args.port or None)
    try:
        print(_("Demo server: {url}\nLog in as cashier '{cashier_id}' with PIN {cashier_pin} (supervisor "
                "'{supervisor_id}', PIN {supervisor_pin}).\nDemo menu (Ctrl+D) takes the server down and brings "
                "it back.").format(
                    url=prepared.server.url, cashier_id=demo.CASHIER_ID, cashier_pin=demo.CASHIER_PIN, supervisor_id=demo.SUPERVISOR_ID, supervisor_pin=demo.SUPERVISOR_PIN), flush=True)
        return int(app.run(prepared.counter_dir, demo=True, demo_server=prepared.server))
    finally:
        prepared.server.stop()
