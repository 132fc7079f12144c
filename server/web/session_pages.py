"""Sign-in, sign-out, and the checks in front of every other page (signed in; admin; CSRF token)."""

from __future__ import annotations

import logging
import urllib.parse
from collections.abc import Callable

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse, Response

from server.store import WebSession
from server.web import access
from server.web.rendering import SECURITY_HEADERS, Pages

log = logging.getLogger(__name__)

COOKIE = "counter_session"
HOME = "/counters"


class SignInRequired(Exception):
    def __init__(self, next_path: str) -> None:
        super().__init__(next_path)
        self.next_path = next_path


class Forbidden(Exception):
    """A signed-in user asked for something their role does not allow; the message says what."""

    def __init__(self, session: WebSession, message: str) -> None:
        super().__init__(message)
        self.session = session


async def read_form(request: Request) -> dict[str, str]:
    """An HTML form (application/x-www-form-urlencoded): the first value of each field."""
    body = (await request.body()).decode("utf-8", "replace")
    fields = urllib.parse.parse_qs(body, keep_blank_values=True, max_num_fields=50)
    return {name: values[0] for name, values in fields.items()}


def safe_next(path: str | None) -> str:
    """Only a path on this server (never //host or a scheme), so sign-in cannot be used to redirect away."""
    if path and path.startswith("/") and not path.startswith("//") and "\\" not in path and path != "/":
        return path
    return HOME


def secure_request(pages: Pages, request: Request) -> bool:
    if pages.settings.secure_cookies or request.url.scheme == "https":
        return True
    peer = request.client.host if request.client else ""
    forwarded = request.headers.get("x-forwarded-proto", "").split(",")[0].strip().lower()
    return peer in pages.settings.trusted_proxies and forwarded == "https"


def posted_from_another_site(request: Request) -> bool:
    """Was this form sent by another site's page (a login CSRF: signing the browser in as the attacker)?

    A browser says so in ``Sec-Fetch-Site``; one too old for that still sends
    ``Origin`` with every POST, checked against the Host the request came to (a
    proxy passes it on). Without either it is no browser's cross-site form: a script's.
    """
    site = request.headers.get("sec-fetch-site")
    if site is not None:
        return site not in ("same-origin", "none")
    origin = request.headers.get("origin")
    if origin is None:
        return False
    return origin == "null" or urllib.parse.urlsplit(origin).netloc != request.headers.get("host")


def current_session(pages: Pages, request: Request) -> WebSession | None:
    return access.session_for(pages.store, request.cookies.get(COOKIE))


def viewer_check(pages: Pages) -> Callable[[Request], WebSession]:
    """A dependency: the signed-in session, or a redirect to the sign-in page."""

    def check(request: Request) -> WebSession:
        session = current_session(pages, request)
        if session is None:
            target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            raise SignInRequired(target)
        return session

    return check


def admin_check(pages: Pages) -> Callable[[Request], WebSession]:
    viewer = viewer_check(pages)

    def check(request: Request) -> WebSession:
        session = viewer(request)
        if session.role != "admin":
            log.warning("web user %s (viewer) refused %s %s", session.user_id, request.method, request.url.path)
            raise Forbidden(session, "Only an admin may revoke a counter or rotate its token. You are signed in "
                                     f"as {session.user_id}, a viewer; ask an admin.")
        return session

    return check


def register(app: FastAPI, pages: Pages) -> None:
    @app.exception_handler(SignInRequired)
    async def _to_sign_in(request: Request, exc: SignInRequired) -> Response:
        return RedirectResponse("/?" + urllib.parse.urlencode({"next": exc.next_path}), status_code=303,
                                headers=SECURITY_HEADERS)

    @app.exception_handler(Forbidden)
    async def _forbidden(request: Request, exc: Forbidden) -> Response:
        return pages.render(request, "refused.html", session=exc.session, status=403, message=str(exc))

    @app.get("/", include_in_schema=False)
    def sign_in_page(request: Request, next: str | None = None) -> Response:
        if current_session(pages, request) is not None:
            return RedirectResponse(safe_next(next), status_code=303)
        return pages.render(request, "signin.html", session=None, next_path=safe_next(next), message=None,
                            user_id="")

    @app.post("/signin", include_in_schema=False)
    async def sign_in(request: Request) -> Response:
        form = await read_form(request)
        user_id, next_path = form.get("user_id", "").strip(), safe_next(form.get("next"))
        if posted_from_another_site(request):
            log.warning("web sign-in as %r posted from another site (Origin %r) refused", user_id,
                        request.headers.get("origin"))
            return pages.render(request, "signin.html", session=None, status=403, next_path=next_path,
                                message="This sign-in was sent from another site's page, so it was not taken. "
                                        "Open this server's own page and sign in there.", user_id="")
        try:
            new = access.sign_in(pages.store, user_id, form.get("password", ""), ttl=pages.settings.session_ttl,
                                 zone=pages.settings.zone)
        except access.SignInRefused as exc:
            return pages.render(request, "signin.html", session=None, status=401, next_path=next_path,
                                message=str(exc), user_id=user_id)
        response = RedirectResponse(next_path, status_code=303, headers=SECURITY_HEADERS)
        response.set_cookie(COOKIE, new.token, max_age=int(pages.settings.session_ttl.total_seconds()), path="/",
                            httponly=True, samesite="strict", secure=secure_request(pages, request))
        return response

    @app.post("/signout", include_in_schema=False)
    async def sign_out(request: Request) -> Response:
        session = current_session(pages, request)
        form = await read_form(request)
        if session is not None and access.csrf_ok(session, form.get("csrf")):
            access.sign_out(pages.store, request.cookies.get(COOKIE, ""))
            log.info("web user %s signed out", session.user_id)
        response = RedirectResponse("/", status_code=303, headers=SECURITY_HEADERS)
        response.delete_cookie(COOKIE, path="/", httponly=True, samesite="strict",
                               secure=secure_request(pages, request))
        return response
