"""Jinja2 templates (package data in server/web/templates), the filters they use, and page headers."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from starlette.requests import Request
from starlette.responses import HTMLResponse

from counter_app import clock
from server.store import Store, WebSession
from server.web import formatting
from server.web.audit_cache import AuditCache
from server.web.settings import WebSettings

# Every asset is served by this server: no inline script, no other origin, no framing.
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                               "frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}


@dataclass(frozen=True)
class Pages:
    """What every page handler needs."""

    store: Store
    settings: WebSettings
    audit: AuditCache
    env: Environment

    def render(self, request: Request, name: str, *, session: WebSession | None, status: int = 200,
               **context: Any) -> HTMLResponse:
        html = self.env.get_template(name).render(request=request, session=session, now=clock.utc_now(),
                                                  zone_name=self.settings.timezone, **context)
        return HTMLResponse(html, status_code=status, headers=SECURITY_HEADERS)


def environment(settings: WebSettings) -> Environment:
    env = Environment(loader=PackageLoader("server.web", "templates"), autoescape=select_autoescape(["html"]),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    zone = settings.zone
    env.filters["rupees"] = formatting.rupees
    env.filters["count"] = formatting.count
    env.filters["when"] = lambda iso, fmt="%d-%m-%Y %H:%M": formatting.local_time(iso, zone, fmt)
    env.filters["ago"] = lambda iso: formatting.ago(iso, clock.utc_now())
    env.globals["today"] = lambda: formatting.today(zone)
    env.globals["days_ago"] = lambda n: formatting.today(zone) - dt.timedelta(days=n)
    return env
