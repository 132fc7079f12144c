"""Commands for IT and field engineers: self-test."""

from __future__ import annotations

import argparse

from counter_cli import selftest
from counter_cli.context import Context, add_json


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = commands.add_parser("self-test", parents=[common],
                            help="check database, fonts, printer, server and window on this PC")
    add_json(p)
    p.set_defaults(handler=cmd_self_test)


def cmd_self_test(args: argparse.Namespace, ctx: Context) -> int:
    results = selftest.run(ctx.data_dir)
    report = selftest.as_json(results)
    lines = [f"{r.result.upper():4}  {r.name:<9} {r.detail}" for r in results]
    s = report["summary"]
    lines.append(f"self-test: {s['pass']} passed, {s['warn']} warnings, {s['fail']} failed")
    ctx.emit(report, "\n".join(lines))
    return 0 if report["ok"] else 1
