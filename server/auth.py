"""Who is calling: the one place the API's tokens are checked.

:class:`AuthGate` runs in the outermost ASGI layer, before a byte of the body
is read: a 50 MB request without a valid token costs the server one header
lookup and gets 401, not 413 after reading it. The counter it found travels in
the ASGI scope to the route, so each request looks its token up once.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass

from fastapi.concurrency import run_in_threadpool

from server.store import CounterRecord, Store

# Paths anyone may call: health (load balancers), the server's public key (counters pin it at setup).
PUBLIC_PATHS = frozenset({"/api/v1/health", "/api/v1/server-key", "/api/v1/ready"})
ADMIN_PREFIX = "/api/v1/admin"
SCOPE_KEY = "counter_server.counter"


@dataclass(frozen=True)
class Refusal:
    status: int
    error: str
    message: str


def bearer(headers: list[tuple[bytes, bytes]]) -> str | None:
    """The token of an ``Authorization: Bearer TOKEN`` header, or None."""
    for name, value in headers:
        if name.lower() == b"authorization":
            scheme, _, token = value.decode("latin-1").partition(" ")
            if scheme.lower() != "bearer":
                return None
            return token.strip() or None
    return None


def check_admin(token: str | None, admin_token: str | None) -> Refusal | None:
    if not admin_token:
        return Refusal(404, "not_found", "The admin API is off (start the server with --admin-token-file).")
    given = (token or "").encode("utf-8", "surrogatepass")
    if not hmac.compare_digest(given, admin_token.encode("utf-8")):
        return Refusal(401, "unauthorized", "The admin token is missing or wrong.")
    return None


def check_counter(store: Store, token: str | None) -> CounterRecord | Refusal:
    if token is None:
        return Refusal(401, "unauthorized", "An Authorization: Bearer TOKEN header is required.")
    found = store.counter_for_token(token)
    if found is None:
        return Refusal(401, "unauthorized", "The token is not valid for any counter.")
    if found.revoked_at:
        return Refusal(401, "revoked", f"Counter {found.counter_id} was revoked by the server administrator on "
                       f"{found.revoked_at}; it can no longer send or read anything.")
    return found


class AuthGate:
    """Decides, from the headers alone, whether an API request may go on."""

    def __init__(self, store: Store, admin_token: str | None) -> None:
        self.store = store
        self.admin_token = admin_token

    async def __call__(self, scope: dict) -> Refusal | None:
        path: str = scope.get("path", "")
        if not path.startswith("/api/") or path in PUBLIC_PATHS:
            return None
        token = bearer(scope.get("headers") or [])
        if path.startswith(ADMIN_PREFIX):
            return check_admin(token, self.admin_token)
        found = await run_in_threadpool(check_counter, self.store, token)
        if isinstance(found, Refusal):
            return found
        scope[SCOPE_KEY] = found
        return None
