# Route modules keep their annotations evaluated: FastAPI reads the local Annotated aliases.
"""What an admin may do from the pages: revoke a counter, rotate its token. Each asks first and is logged.

Both call the store methods ``counter-server counter revoke`` / ``rotate-token``
use. A rotated token is shown once, to the admin who rotated it, on a page the
browser must not keep (``Cache-Control: no-store``): it is the only way to
hand a new token to the counter from here. It is never logged or stored.
"""


import logging
from typing import Annotated

from fastapi import Depends, FastAPI, Request
from fastapi.responses import RedirectResponse, Response

from server.store import UnknownCounter, WebSession
from server.web import access
from server.web.rendering import SECURITY_HEADERS, Pages
from server.web.session_pages import admin_check, read_form

log = logging.getLogger(__name__)

ACTIONS = {
    "revoke": ("Revoke counter", "The counter's token stops working at once: the counter can no longer send "
               "or read anything until IT sets it up again. Its ledger stays.", "Yes, revoke counter {id}"),
    "rotate-token": ("Rotate the token", "A new token replaces the old one, which stops working at once. The new "
                     "token is shown once, on the next page: enter it on the counter (counter-app setup --token-stdin).",
                     "Yes, replace the token of counter {id}"),
}


def register(app: FastAPI, pages: Pages) -> None:
    Admin = Annotated[WebSession, Depends(admin_check(pages))]
    store = pages.store

    def confirm_page(request: Request, session: WebSession, counter_id: str, action: str,
                     message: str | None = None, status: int = 200) -> Response:
        title, explanation, confirm = ACTIONS[action]
        return pages.render(request, "confirm.html", session=session, counter_id=counter_id, action=action,
                            title=title, explanation=explanation, confirm=confirm.format(id=counter_id),
                            message=message, status=status)

    def checked(session: WebSession, form: dict[str, str]) -> str | None:
        """Why the form cannot be acted on, or None."""
        if not access.csrf_ok(session, form.get("csrf")):
            return "The form had expired or did not come from this page; confirm again."
        if form.get("confirm") != "yes":
            return "Tick the box to confirm."
        return None

    def log_action(session: WebSession, action: str, counter_id: str, detail: str) -> None:
        store.record_admin_action(session.user_id, action, counter_id, detail)
        log.warning("admin action: %s by %s on counter %s (%s)", action, session.user_id, counter_id, detail)

    @app.get("/counters/{counter_id}/revoke", include_in_schema=False)
    def confirm_revoke(request: Request, counter_id: str, session: Admin) -> Response:
        return confirm_page(request, session, counter_id.upper(), "revoke")

    @app.get("/counters/{counter_id}/rotate-token", include_in_schema=False)
    def confirm_rotate(request: Request, counter_id: str, session: Admin) -> Response:
        return confirm_page(request, session, counter_id.upper(), "rotate-token")

    async def perform(request: Request, session: WebSession, counter_id: str, action: str, do):
        """Check the form, then ``do(counter_id)``: (its result, None), or (None, the page to show instead)."""
        why = checked(session, await read_form(request))
        if why:
            return None, confirm_page(request, session, counter_id, action, why, status=400)
        try:
            return do(counter_id), None
        except UnknownCounter:
            return None, confirm_page(request, session, counter_id, action, f"There is no counter {counter_id}.", 404)

    @app.post("/counters/{counter_id}/revoke", include_in_schema=False)
    async def revoke(request: Request, counter_id: str, session: Admin) -> Response:
        counter_id = counter_id.upper()
        at, refused = await perform(request, session, counter_id, "revoke", store.revoke_counter)
        if refused:
            return refused
        log_action(session, "revoke", counter_id, f"token refused from {at}")
        return RedirectResponse(f"/counters/{counter_id}?done=revoked", status_code=303, headers=SECURITY_HEADERS)

    @app.post("/counters/{counter_id}/rotate-token", include_in_schema=False)
    async def rotate(request: Request, counter_id: str, session: Admin) -> Response:
        counter_id = counter_id.upper()
        token, refused = await perform(request, session, counter_id, "rotate-token", store.rotate_token)
        if refused:
            return refused
        log_action(session, "rotate-token", counter_id, "new token shown once to the admin")
        return pages.render(request, "token_once.html", session=session, counter_id=counter_id, token=token)
