"""Puts the operations pages and their assets on the API's FastAPI application."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from server.store import Store
from server.web import admin_pages, read_pages, session_pages
from server.web.audit_cache import AuditCache
from server.web.rendering import Pages, environment
from server.web.settings import WebSettings


def install_pages(app: FastAPI, store: Store, settings: WebSettings) -> Pages:
    pages = Pages(store=store, settings=settings, audit=AuditCache(store, settings.audit_max_age),
                  env=environment(settings))
    app.mount("/static", StaticFiles(packages=[("server.web", "static")]), name="static")
    session_pages.register(app, pages)
    read_pages.register(app, pages)
    admin_pages.register(app, pages)
    return pages
