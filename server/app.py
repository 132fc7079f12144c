"""The HTTP API, version 1 (FastAPI): JSON in and out, a bearer token per counter.

Every refusal is a 4xx with ``{"error": CODE, "message": SENTENCE}``; a request
is either applied whole (one store transaction) or not at all.
"""


import json
import logging
from typing import Annotated, Any

import orjson
from fastapi import Depends, FastAPI, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from counter_app import clock, signing
from counter_app.transport import EVIDENCE_HEADER, FOLLOWS_HEADER
from server import auth, batches, crediting, metrics, models, server_key
from server.batch_gate import BATCHES_AT_ONCE, BatchGate
from server.batch_order import CounterLines
from server.contact import ContactRecorder
from server.faults import FaultLayer
from server.request_log import RequestLog
from server.server_key import ServerKey
from server.store import DATABASE_UNAVAILABLE, CounterRecord, KeyConflict, Store, StoreUnavailable
from server.verify import THREADS, Verifier
from server.web.install import install_pages
from server.web.settings import WebSettings

log = logging.getLogger(__name__)

API_VERSION = 1
MAX_PAGE = 10_000


class ApiError(Exception):
    def __init__(self, status: int, error: str, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.error, self.message, self.headers = status, error, message, headers


def _error(status: int, error: str, message: str, headers: dict | None = None, **extra: Any) -> JSONResponse:
    return JSONResponse({"error": error, "message": message, **extra}, status_code=status, headers=headers)


def _clean(value: Any) -> str | int:
    if isinstance(value, int):
        return value
    return str(value).encode("utf-8", "replace").decode("utf-8")[:200]


_ERRORS = {400: "invalid_request", 401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
           409: "conflict", 413: "body_too_large", 415: "unsupported_media_type"}
_REFUSALS = {code: {"model": models.ErrorBody} for code in (401, 403, 404, 409, 413, 422, 429, 503)}


def create_app(store: Store, *, admin_token: str | None = None, faults: models.Faults | None = None,
               fault_seed: int | None = None, signing_key: ServerKey | None = None,
               web: WebSettings | None = None, batch_concurrency: int = BATCHES_AT_ONCE,
               verify_processes: int = 0, verify_threads: int = THREADS) -> RequestLog:
    """The ASGI application: the API and the operations pages (``server.web``) inside the token/fault/size
    layer, inside the request log.

    ``batch_concurrency``: how many batches this process applies at once (:mod:`server.batch_gate`).
    ``verify_processes``: helper processes that check a large batch's signatures (:mod:`server.verify`;
    0: this process's threads check them). ``verify_threads``: those threads (1: the batch's own thread
    checks them before applying it; ``counter-server run --workers N`` gives each worker 1).

    ``signing_key`` signs every result; ``counter-server run`` passes the key
    from its owner-only file. Without one the app makes a key that lives as
    long as the process (embedded use and tests), and says so in the log.
    """
    app = FastAPI(title="Counter central server", version=str(API_VERSION),
                  description="Reference implementation of the counter sync API, version 1.")
    bearer = HTTPBearer(auto_error=False, description="the counter's API token (admin token for /admin)")
    if signing_key is None:
        signing_key = server_key.ephemeral()
        log.warning("no server key file given: results are signed with a key that ends with this process (%s)",
                    signing_key.key_id)
    layer = FaultLayer(app, faults, seed=fault_seed, gate=auth.AuthGate(store, admin_token))
    verifier = Verifier(threads=verify_threads, processes=verify_processes)
    gate = BatchGate(batch_concurrency)
    lines = CounterLines()
    contact = ContactRecorder(store)

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> JSONResponse:
        return _error(exc.status, exc.error, exc.message, exc.headers)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        message = str(exc.detail)
        if exc.status_code == 400 and "parsing the body" in message:
            message = "The request body is not valid JSON (or is nested too deeply)."
        return _error(exc.status_code, _ERRORS.get(exc.status_code, "http_error"), message,
                      getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        # Never echo the input back: it may hold a token, NaN or a lone surrogate JSON cannot carry.
        errors = [{"type": _clean(e.get("type")), "loc": [_clean(p) for p in e.get("loc", ())],
                   "msg": _clean(e.get("msg"))} for e in exc.errors()[:20]]
        first = errors[0] if errors else {}
        where = ".".join(str(p) for p in first.get("loc", ()))
        return _error(422, "invalid_request", f"{where}: {first.get('msg', 'invalid')}" if where else
                      "The request is not valid.", detail=errors)

    @app.exception_handler(StoreUnavailable)
    async def _unavailable(request: Request, exc: StoreUnavailable) -> JSONResponse:
        # Nothing was written (a batch is one transaction): the counter keeps the money queued and resends.
        metrics.UNAVAILABLE.inc()
        log.warning("database unavailable on %s %s: %s", request.method, request.url.path, exc)
        return _error(503, DATABASE_UNAVAILABLE["error"], DATABASE_UNAVAILABLE["message"],
                      {"Retry-After": str(layer.faults.retry_after_s or 1)})

    @app.exception_handler(Exception)
    async def _bug(request: Request, exc: Exception) -> JSONResponse:
        log.exception("internal error on %s %s", request.method, request.url.path)
        return _error(500, "internal_error", "Internal server error; it has been logged.")

    def _refuse(refusal: auth.Refusal) -> ApiError:
        return ApiError(refusal.status, refusal.error, refusal.message,
                        {"WWW-Authenticate": "Bearer"} if refusal.status == 401 else None)

    async def counter(request: Request,
                      credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> CounterRecord:
        # On the event loop, not a thread of its own: the gate has already looked the token up (before the
        # body was read), so only a lookup it did not make, or a last-contact write that is due, goes to a
        # thread. A hop to a thread for every request cost its GIL hand-offs in each worker (docs/sync.md).
        checked = request.scope.get(auth.SCOPE_KEY)
        if checked is None:
            checked = await run_in_threadpool(auth.check_counter, store,
                                              credentials.credentials if credentials else None)
        if isinstance(checked, auth.Refusal):
            raise _refuse(checked)
        if contact.due(checked.counter_id):
            await run_in_threadpool(contact.record, checked.counter_id)
        return checked

    def admin(credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> None:
        refusal = auth.check_admin(credentials.credentials if credentials else None, admin_token)
        if refusal is not None:
            raise _refuse(refusal)

    Me = Annotated[CounterRecord, Depends(counter)]

    @app.get("/api/v1/health", response_model=models.Health, tags=["status"])
    async def health() -> dict:
        return {"status": "ok", "server_time": clock.now_iso(), "api_version": API_VERSION}

    @app.get("/api/v1/ready", response_model=models.Health, responses=_REFUSALS, tags=["status"])
    def ready() -> dict:
        """Ready to take money: the database answers (503 with Retry-After if not). Health only says the process runs."""
        store.ping()
        return {"status": "ready", "server_time": clock.now_iso(), "api_version": API_VERSION}

    @app.get("/metrics", include_in_schema=False)
    def prometheus_metrics() -> Response:
        data, content_type = metrics.exposition()
        return Response(data, media_type=content_type)

    @app.get("/api/v1/server-key", response_model=models.ServerKeyInfo, tags=["status"])
    async def public_server_key() -> dict:
        """The public key that signs every result (no token needed): a counter pins it at setup."""
        return signing_key.public()

    @app.get("/api/v1/counters/me", response_model=models.CounterProgress, responses=_REFUSALS, tags=["counters"])
    def counter_progress(me: Me) -> dict:
        """How far the server has heard from this counter: a restored counter skips past these numbers."""
        return {"counter_id": me.counter_id, "key_registered_at": me.key_registered_at,
                **store.counter_progress(me.counter_id)}

    @app.post("/api/v1/counters/me/key", response_model=models.KeyResponse, responses=_REFUSALS, tags=["counters"])
    def register_key(body: models.KeyRequest, me: Me) -> dict:
        """Register the counter's Ed25519 public key; the same key again is harmless."""
        try:
            signing.load_public_key(body.public_key_pem)
        except ValueError:
            raise ApiError(422, "invalid_key", "public_key_pem is not an Ed25519 public key in PEM form.") from None
        try:
            at, already = store.register_key(me.counter_id, body.public_key_pem)
        except KeyConflict:
            raise ApiError(409, "key_conflict", f"Counter {me.counter_id} already has a different key (or this one "
                           "was retired). The server administrator must run: counter-server counter retire-key "
                           f"--counter-id {me.counter_id}") from None
        return {"counter_id": me.counter_id, "registered_at": at, "already_registered": already}

    @app.post("/api/v1/recharges/batch", response_model=models.BatchResponse, responses=_REFUSALS,
              tags=["recharges"], openapi_extra={"requestBody": {"required": True, "content": {
                  "application/json": {"schema": {"$ref": "#/components/schemas/BatchRequest"}}}}})
    async def batch(request: Request, me: Me) -> JSONResponse:
        # Parsed and validated off the event loop, straight from bytes (pydantic's own JSON parser):
        # a thousand items would otherwise hold up every health check behind them.
        turn = lines.arrive(me.counter_id)
        try:
            raw = await request.body()
            follows = FOLLOWS_HEADER in request.headers
            # Sent while the counter's batch before it is still being applied: parsed and its checks begun
            # now, applied once that one is done (server.batch_order). Only the batch next in line is parsed
            # ahead, so no parsed batch waits behind another waiting one.
            begun = await gate.run(begin_batch, raw, me) if follows and turn.ahead <= 1 else None
            if follows:
                await turn.after_previous()
            return await gate.run(apply_batch, raw, me, request, begun)
        finally:
            turn.done()

    def parsed(raw: bytes) -> tuple[list[dict], list[dict]]:
        try:
            return models.parse_batch(raw)
        except ValidationError as exc:
            raise RequestValidationError([{**e, "loc": ("body", *e["loc"])} for e in exc.errors()]) from None

    def begin_batch(raw: bytes, me: CounterRecord) -> tuple[list[dict], list[dict], Any]:
        items, journal = parsed(raw)
        try:
            return items, journal, batches.checks_begun(verifier, me, items)
        except batches.BatchRefused as exc:
            raise ApiError(exc.status, exc.error, exc.message) from None

    def apply_batch(raw: bytes, me: CounterRecord, request: Request,
                    begun: tuple[list[dict], list[dict], Any] | None = None) -> JSONResponse:
        """Credit each transaction at most once: one result per item, in order.

        Reasons for ``rejected``: ``bad_signature``, ``unknown_consumer``, ``invalid_amount``,
        ``conflict`` (known txn_id, different content; a reused receipt number; a void of anything but
        this counter's own recharge), ``already_voided``, ``journal_mismatch`` (the entry does not
        describe the item, does not match its hash or does not follow the chain the server holds),
        ``invalid`` (bad created_at, receipt_seq too far ahead, a recharge whose ref is not itself).
        Each result carries ``evidence`` and ``server_sig``; the answer, ``journal_ack`` and its signature.
        With the request header ``X-Counter-Evidence: batch``, the results carry no ``server_sig``: the
        answer's ``evidence_batch`` lists the SHA-256 of each result's canonical evidence, in order, under
        one ``evidence_batch_sig`` (a counter checks one signature per batch, not one per result).
        """
        items, journal, checking = begun if begun is not None else (*parsed(raw), None)
        try:
            signed = batches.apply_signed(store, verifier, me, items, journal, signing_key, checking=checking,
                                          one_signature=request.headers.get(EVIDENCE_HEADER) == "batch")
        except batches.BatchRefused as exc:
            raise ApiError(exc.status, exc.error, exc.message) from None
        request.state.items = len(signed.results)
        request.state.results = metrics.count_batch(signed.results)
        # Built by us, so encoded as is (orjson): re-validating a thousand results through the model costs a lot.
        return Response(orjson.dumps({"server_time": clock.now_iso(), **signed.as_json()}),
                        media_type="application/json")

    @app.get("/api/v1/recharges/{txn_id}", response_model=models.TransactionInfo, responses=_REFUSALS,
             tags=["recharges"])
    def transaction(txn_id: Annotated[str, Path(pattern=r"^[A-Za-z0-9-]{1,64}$")], me: Me) -> dict:
        """What the server knows of one of this counter's transactions (ask before resending)."""
        found = store.get_transaction(me.counter_id, txn_id)
        if found is None:
            raise ApiError(404, "unknown_txn", f"The server has no transaction {txn_id} from {me.counter_id}.")
        # The same signed evidence a batch answer carries, so a lost answer can be settled by asking.
        evidence = crediting.evidence(me.counter_id, found, found["status"], found["server_ref"], clock.now_iso())
        return {**found, "evidence": evidence, "server_sig": signing_key.sign(evidence)}

    @app.get("/api/v1/consumers", response_model=models.ConsumerPage, responses=_REFUSALS, tags=["consumers"])
    def consumers(me: Me, since: Annotated[str, Query(pattern=r"^[0-9]{1,18}$")] = "0",
                  limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 1000) -> Response:
        """The consumer directory as pages of changes; pass ``next_cursor`` back as ``since``."""
        rows, cursor, more = store.consumers_page(int(since), limit)
        # Encoded here: a 10,000-row page through the response model would cost more than the query.
        data = json.dumps({"consumers": rows, "next_cursor": str(cursor), "more": more},
                          ensure_ascii=False, separators=(",", ":"))
        return Response(data.encode("utf-8"), media_type="application/json")

    @app.get("/api/v1/consumers/{consumer_no}", response_model=models.Consumer, responses=_REFUSALS,
             tags=["consumers"])
    def consumer(consumer_no: Annotated[str, Path(pattern=r"^[0-9]{1,20}$")], me: Me) -> dict:
        found = store.get_consumer(consumer_no)
        if found is None:
            raise ApiError(404, "unknown_consumer", f"No consumer {consumer_no} on the server.")
        return found

    @app.get("/api/v1/admin/faults", response_model=models.Faults, responses=_REFUSALS, tags=["admin"])
    def get_faults(_: Annotated[None, Depends(admin)]) -> models.Faults:
        return layer.faults

    @app.put("/api/v1/admin/faults", response_model=models.Faults, responses=_REFUSALS, tags=["admin"])
    def set_faults(body: models.Faults, _: Annotated[None, Depends(admin)]) -> models.Faults:
        """Replace the injected faults (all fields; omitted ones go back to none)."""
        layer.faults = body
        log.warning("faults set to %s", body.model_dump())
        return body

    def openapi() -> dict:
        if app.openapi_schema is None:
            schema = get_openapi(title=app.title, version=app.version, description=app.description,
                                 routes=app.routes)
            request = models.BATCH_REQUEST.json_schema(ref_template="#/components/schemas/{model}")
            components = schema.setdefault("components", {}).setdefault("schemas", {})
            components.update(request.pop("$defs", {}))
            components["BatchRequest"] = request
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
    layer.api = app  # type: ignore[attr-defined]
    layer.pages = install_pages(app, store, web or WebSettings())  # type: ignore[attr-defined]
    return RequestLog(layer)
