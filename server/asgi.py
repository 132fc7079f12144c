"""The application each worker of ``counter-server run --workers N`` builds for itself (uvicorn's factory).

The run command has already applied the migrations and put what to serve in
the environment (``COUNTER_SERVER_RUN_SETTINGS``, and the admin token in
``COUNTER_SERVER_ADMIN_TOKEN``) and made the server key file, so a worker only
opens its own pool and loads the same key.
"""

from __future__ import annotations

import atexit
import datetime as dt
import json
import logging
import os
from pathlib import Path

from server import cli_context, metrics, request_log, runtime_tuning
from server.app import create_app
from server.crediting import Rules
from server.models import Faults
from server.request_log import RequestLog
from server.server_key import load_or_create
from server.web.settings import WebSettings


def app_from_env() -> RequestLog:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    request_log.configure_json_lines()
    settings = json.loads(os.environ[cli_context.ENV_RUN_SETTINGS])
    store = cli_context.open_store_at(settings["database"], Path(settings["data_dir"]), Rules(**settings["rules"]),
                                      migrate=False, batches_at_once=settings["batch_concurrency"])
    atexit.register(store.close)
    atexit.register(metrics.worker_exited, os.getpid())
    app = create_app(store, admin_token=os.environ.get(cli_context.ENV_ADMIN_TOKEN),
                     faults=Faults(**settings["faults"]), fault_seed=settings["fault_seed"],
                     signing_key=load_or_create(Path(settings["server_key_file"])), web=_web(settings["web"]),
                     batch_concurrency=settings["batch_concurrency"],
                     verify_processes=settings.get("verify_processes", 0),
                     verify_threads=settings.get("verify_threads", 1))
    runtime_tuning.tune()
    return app


def _web(given: dict) -> WebSettings:
    return WebSettings(silent_after=dt.timedelta(seconds=given["silent_after_s"]), timezone=given["timezone"],
                       secure_cookies=given["secure_cookies"], trusted_proxies=frozenset(given["trusted_proxies"]))
