"""Sync commands: ``sync [--watch]``, ``consumers pull``, ``consumers find``; key registration at setup."""

from __future__ import annotations

import argparse
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from counter_app import clock, connection, consumers, counter, outbox, progress, settings
from counter_app.errors import InputError
from counter_app.money import format_rupees
from counter_app.sync import SyncClient, SyncResult
from counter_cli.context import Context, add_json
from counter_app.i18n import _


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    p = commands.add_parser("sync", parents=[common], help="send queued recharges to the server now")
    p.add_argument("--watch", action="store_true", help="keep syncing in the background until interrupted")
    add_json(p)
    p.set_defaults(handler=cmd_sync)

    group = commands.add_parser("consumers", parents=[common], help="the local copy of the consumer directory")
    group_cmds = group.add_subparsers(dest="consumers_command", metavar="ACTION", required=True)
    p = group_cmds.add_parser("pull", parents=[common], help="fetch consumer changes from the server")
    add_json(p)
    p.set_defaults(handler=cmd_consumers_pull)
    p = group_cmds.add_parser("find", parents=[common], help="find consumers by number or name prefix (offline)")
    p.add_argument("query", metavar="QUERY", help="digits: consumer number prefix; else name prefix")
    p.add_argument("--limit", type=int, default=20)
    add_json(p)
    p.set_defaults(handler=cmd_consumers_find)


def after_setup(ctx: Context, me: counter.Counter) -> dict:
    """Register the counter's public key now if the server answers; else the first sync will."""
    if not me.token:
        return {"key_registered": False, "key_registration": "no token given yet"}
    client = SyncClient(ctx.db)
    try:
        problem = client.register_key(me)
        pinning = client.pin_server_key(me)  # no-op when --server-key-file pinned one
    finally:
        client.close()
    return {"key_registered": problem is None,
            "key_registration": problem or "registered with the server",
            "server_key_pinned": pinning is None,
            "server_key": pinning.sentence if pinning else "pinned"}


def _summary(result: SyncResult) -> str:
    if result.skipped:
        return _("Waiting before the next try (after earlier failures) until {when}; {n} still to send.").format(
            when=clock.format_local(result.next_attempt_at), n=result.remaining)
    text = _("Sent {sent}: {accepted} accepted, {duplicate} already credited, {rejected} rejected. Still to send: "
             "{remaining}.").format(sent=result.sent, accepted=result.accepted, duplicate=result.duplicate,
                                    rejected=result.rejected, remaining=result.remaining)
    if result.rejected:
        text += " " + _("Rejected transactions wait for a supervisor ('counter-app list --status rejected').")
    if result.disputed:
        text += " " + _("{n} DISPUTED: the server signed something else than a credit for them (voided or reversed "
                        "by someone else?); a supervisor must look ('counter-app list --status disputed').").format(
                            n=result.disputed)
    if result.error:
        text += f"\n{result.error}"
    return text


@contextmanager
def progress_of_queue(data_dir: Path, report: progress.Report, every_s: float = 0.3) -> Iterator[None]:
    """Move ``report`` as the queue drains, read on a connection of its own (the sync holds the other).

    The sync sends the whole queue in one call; watching the outbox from beside it
    keeps the sync code free of any idea of a terminal.
    """
    if report is progress.nothing:
        yield
        return
    stop = threading.Event()

    def watch() -> None:
        db = connection.open_counter_db(data_dir, create=False)
        try:
            first = outbox.counts(db)["pending"]["count"]
            while not stop.wait(every_s):
                report(first - outbox.counts(db)["pending"]["count"], first)
            report(first - outbox.counts(db)["pending"]["count"], first)
        finally:
            db.close()
    watcher = threading.Thread(target=watch, name="sync-progress", daemon=True)
    watcher.start()
    try:
        yield
    finally:
        stop.set()
        watcher.join(5)


def cmd_sync(args: argparse.Namespace, ctx: Context) -> int:
    client = SyncClient(ctx.db)
    if not args.watch:
        with progress.terminal(_("Sending"), unit=_(" transactions"), json_output=ctx.as_json) as report, \
                progress_of_queue(ctx.data_dir, report):
            result = client.sync_once(force=True)  # a person asked: do not wait out the backoff
        ctx.emit(result.as_json(), _summary(result))
        return 1 if result.error else 0
    interval = float(settings.get(ctx.db, "sync_interval_s"))
    try:
        while True:
            result = client.sync_once()
            if not result.skipped and (result.sent or result.error):
                stamp = clock.format_local(clock.now_iso())
                ctx.emit(result.as_json(), f"[{stamp}] {_summary(result)}")
            wait = interval
            if result.next_attempt_at:
                wait = max(0.5, (clock.parse_iso(result.next_attempt_at) - clock.utc_now()).total_seconds())
            time.sleep(wait)
    except KeyboardInterrupt:
        return 0


def cmd_consumers_pull(args: argparse.Namespace, ctx: Context) -> int:
    started = time.perf_counter()
    with progress.terminal(_("Pulling consumers"), unit=_(" consumers"), json_output=ctx.as_json) as report:
        fetched = consumers.pull(ctx.db, progress=report)
    total = consumers.count(ctx.db)
    seconds = round(time.perf_counter() - started, 2)
    ctx.emit({"fetched": fetched, "total": total, "seconds": seconds},
             _("Fetched {fetched:,} consumer changes in {seconds} s; {total:,} consumers on this counter.").format(
                 fetched=fetched, seconds=seconds, total=total))
    return 0


def cmd_consumers_find(args: argparse.Namespace, ctx: Context) -> int:
    if not args.query.strip():
        raise InputError(_("Give part of a consumer number or the start of a name."), field="query")
    rows = consumers.find(ctx.db, args.query, limit=args.limit)
    for r in rows:   # beside the last known balance, what this counter took since (it cannot know of it)
        since = consumers.taken_since(ctx.db, r["consumer_no"], r["updated_at"] or r["fetched_at"])
        r.update(taken_since_paise=since.total_paise, taken_since_pending_paise=since.pending_paise,
                 taken_since_confirmed_paise=since.confirmed_paise)
    text = "\n".join(
        f"{r['consumer_no']:>15}  {r['name']:<28} {r['subdivision'] or '':<20} "
        f"{format_rupees(r['balance_paise']) if isinstance(r['balance_paise'], int) else '-':>14}"
        + (f"  + taken here since {format_rupees(r['taken_since_paise'])} "
           f"({format_rupees(r['taken_since_pending_paise'])} not yet credited)" if r["taken_since_paise"] else "")
        for r in rows) or (f"No consumer matches {args.query!r} on this counter"
                           + ("" if consumers.count(ctx.db) else " (the directory is empty: run "
                              "'counter-app consumers pull')") + ".")
    ctx.emit(rows, text)
    return 0
