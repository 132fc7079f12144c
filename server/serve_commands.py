"""``counter-server run`` and ``counter-server migrate``: serving the API (and its pages) and the schema."""

from __future__ import annotations

import argparse
import dataclasses
import json
import logging
import os
import shutil
import socket
import tempfile
from pathlib import Path
from typing import Any

from server.cli_context import (
    ENV_ADMIN_TOKEN, ENV_RUN_SETTINGS, Refused, admin_token, data_dir, database_url, emit, open_store, rules,
    signing_key, signing_key_path,
)
from server.models import Faults

log = logging.getLogger("server")

DEFAULT_HELPERS = 2  # signature-checking processes beside a one-process server (`--verify-processes`)


def cmd_run(args: argparse.Namespace) -> int:
    import uvicorn

    from server import request_log

    try:
        faults = Faults(error_rate=args.fail_rate, drop_rate=args.drop_rate, throttle_rate=args.throttle_rate,
                        latency_ms=args.latency_ms, retry_after_s=args.retry_after, maintenance=args.maintenance)
    except ValueError as exc:
        raise Refused(f"Fault settings are not valid: rates are 0 to 1, latency 0 to 60000 ms ({exc.errors()[0]['msg']}).") from None
    if not 1 <= args.workers <= 64:
        raise Refused("--workers takes 1 to 64 (about one per CPU core is right).")
    if not 1 <= args.batch_concurrency <= 64:
        raise Refused("--batch-concurrency takes 1 to 64 (2 per server process is right on most machines).")
    helpers = verify_processes(args)
    web = web_settings(args)
    admin = admin_token(args)
    key = signing_key(args)  # made here if new, so every worker loads the same key
    request_log.configure_json_lines()
    metrics_dir = _fresh_metrics_dir(args.workers)
    store = open_store(args)  # migrations are applied here, once, before any worker serves
    # proxy_headers off: uvicorn would otherwise believe X-Forwarded-* from 127.0.0.1 by default; the pages
    # believe X-Forwarded-Proto only from --trusted-proxy addresses.
    kwargs = dict(host=args.host, port=args.port, log_level="warning", access_log=False, timeout_keep_alive=30,
                  backlog=2048, proxy_headers=False)
    try:
        if args.workers == 1:
            from server.app import create_app

            app = create_app(store, admin_token=admin, faults=faults, fault_seed=args.fault_seed, signing_key=key,
                             web=web, batch_concurrency=args.batch_concurrency, verify_processes=helpers,
                             verify_threads=verify_threads(args))
            _serve(uvicorn.Config(app, **kwargs), args)
        else:
            store.close()
            os.environ[ENV_RUN_SETTINGS] = json.dumps({
                "database": database_url(args), "data_dir": str(data_dir(args)), "faults": faults.model_dump(),
                "fault_seed": args.fault_seed, "server_key_file": str(signing_key_path(args)),
                "batch_concurrency": args.batch_concurrency, "verify_processes": helpers,
                "verify_threads": verify_threads(args),
                "rules": dataclasses.asdict(rules(args)),
                "web": {"silent_after_s": web.silent_after.total_seconds(), "timezone": web.timezone,
                        "secure_cookies": web.secure_cookies, "trusted_proxies": sorted(web.trusted_proxies)}})
            if admin:
                os.environ[ENV_ADMIN_TOKEN] = admin  # inherited by the workers; never on their command line
            _serve(uvicorn.Config("server.asgi:app_from_env", factory=True, workers=args.workers, **kwargs), args)
    finally:
        store.close()
        if metrics_dir is not None:
            shutil.rmtree(metrics_dir, ignore_errors=True)
    return 0


def verify_threads(args: argparse.Namespace) -> int:
    """Threads of each server process that check a batch's signatures while it is applied; 1: checked first.

    One process needs them: it has one GIL, and libsodium checks without it, on
    the other core. Several worker processes already keep the cores busy; there a
    check handed to another thread and waited for only adds the hand-off and the
    threads' contention for the GIL. The herd, alternated on 2 cores
    (docs/sync.md, eighth round): the servers' CPU 122 to 128 us a transaction
    with each worker checking on its own thread, 136 to 146 with two threads
    in three of four runs (122 in the fourth); 7,121 to 7,672 tx/s against 6,445 to 7,670.
    """
    from server.verify import THREADS  # here: the other commands need not load the crypto libraries

    return THREADS if args.workers == 1 else 1


def verify_processes(args: argparse.Namespace) -> int:
    """``--verify-processes``, or its default: helpers for one server process, none beside several.

    One process applies every batch, so its threads' checks wait for its GIL: helpers
    (their own GIL) drained a 10,000 queue about 7 % faster (docs/sync.md). Several
    worker processes already spread the work over the cores, and a helper adds the
    cost of passing each batch to it.
    """
    if args.verify_processes is None:
        return DEFAULT_HELPERS if args.workers == 1 else 0
    if not 0 <= args.verify_processes <= 64:
        raise Refused("--verify-processes takes 0 to 64 (0: the server's own threads check the signatures).")
    return args.verify_processes


def _fresh_metrics_dir(workers: int) -> Path | None:
    """Empty $PROMETHEUS_MULTIPROC_DIR (a restart must not add up the last run's files), or make one for N workers.

    Returns the folder to remove at the end when it was made here.
    """
    from server.metrics import MULTIPROC_ENV

    given = os.environ.get(MULTIPROC_ENV)
    if given:
        Path(given).mkdir(parents=True, exist_ok=True)
        for old in Path(given).glob("*.db"):
            old.unlink()
        return None
    if workers == 1:
        return None
    made = Path(tempfile.mkdtemp(prefix="counter-server-metrics-"))
    os.environ[MULTIPROC_ENV] = str(made)
    return made


def _named_tcp(sock: socket.socket) -> socket.socket:
    """The bound socket with its protocol read back from the descriptor (IPPROTO_TCP for a TCP socket).

    uvicorn makes it with ``socket.socket(family=...)``, protocol 0, and asyncio
    sets TCP_NODELAY only on accepted sockets whose protocol says TCP: without
    it each answer's body waited about 40 ms for the client's delayed ACK.
    """
    return socket.socket(fileno=sock.detach())


def _serve(config: Any, args: argparse.Namespace) -> None:
    """Bind, say where, then serve (one process, or a supervisor of ``config.workers`` processes)."""
    import uvicorn
    from uvicorn.supervisors import Multiprocess

    try:
        sock = config.bind_socket()
    except SystemExit:  # uvicorn exits when it cannot bind
        raise Refused(f"Could not serve on {args.host}:{args.port} (the address is in use or not allowed). "
                      "Stop the other server or choose another --port.") from None
    sock = _named_tcp(sock)
    sock.listen(config.backlog)  # connections wait in the backlog until a worker takes them
    port = sock.getsockname()[1]

    def announce() -> None:
        print(f"counter-server: listening on http://{args.host}:{port}"
              + (f" ({config.workers} workers)" if config.workers > 1 else ""), flush=True)

    if config.workers > 1:
        class Supervisor(Multiprocess):
            def init_processes(self) -> None:
                super().init_processes()
                # Said only once every worker has opened its pool, so a caller's first requests are served.
                for process in self.processes:
                    process.wait_until_ready(60, self.should_exit)
                announce()

        supervisor = Supervisor(config, sockets=[sock])
        stop = supervisor.should_exit.set
        run = supervisor.run
    else:
        server = uvicorn.Server(config)

        def stop() -> None:
            server.should_exit = True   # uvicorn's own orderly shutdown, as on SIGTERM

        def run() -> None:
            server.run(sockets=[sock])

        announce()
    if args.exit_with_parent:
        from server.parent_watch import watch_stdin

        watch_stdin(stop)
    if config.workers <= 1:  # each worker process tunes its own (server/asgi.py)
        from server import runtime_tuning

        runtime_tuning.tune()
    run()


def cmd_migrate(args: argparse.Namespace) -> int:
    url = database_url(args)
    store = open_store(args, migrate=False) if url else open_store(args)
    try:
        applied = store.migrate() if url else []
        version = store.schema_version() if url else _sqlite_version(store)
    finally:
        store.close()
    where = "PostgreSQL" if url else f"SQLite in {data_dir(args)}"
    emit(args, {"database": "postgresql" if url else "sqlite", "applied": applied, "schema_version": version},
          f"{where}: schema version {version}" + (f" (applied {', '.join(map(str, applied))})" if applied
                                                   else " (already up to date)"))
    return 0


def _sqlite_version(store: Any) -> int:
    return store._writer.execute("PRAGMA user_version").fetchone()[0]


def web_settings(args: argparse.Namespace):
    import datetime as dt
    import zoneinfo

    from server.web.settings import WebSettings

    if not 1 <= args.silent_after_minutes <= 7 * 24 * 60:
        raise Refused("--silent-after-minutes takes 1 to 10080 (a week).")
    try:
        zoneinfo.ZoneInfo(args.timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise Refused(f"Time zone {args.timezone!r} is not known: use a name such as Asia/Kolkata.") from None
    return WebSettings(silent_after=dt.timedelta(minutes=args.silent_after_minutes), timezone=args.timezone,
                       secure_cookies=args.secure_cookies, trusted_proxies=frozenset(args.trusted_proxy))
