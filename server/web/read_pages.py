"""The pages every signed-in user reads: counters, a counter, a transaction, collections, a consumer, audit."""


import datetime as dt
import re
from typing import Annotated

from fastapi import Depends, FastAPI, Query, Request
from fastapi.responses import Response

from server.store import LEDGER_STATUSES, LedgerFilter, WebSession
from server.web import access, exports, formatting
from server.web.chart import hourly_chart
from server.web.overview import build_rows, missing_count
from server.web.rendering import SECURITY_HEADERS, Pages
from server.web.session_pages import read_form, viewer_check

PAGE_ROWS = 200
MAX_RANGE_DAYS = 366
CSV_ROWS = 1_000_000
COUNTER_ID = r"^[A-Za-z0-9-]{1,16}$"
CONSUMER_NO = re.compile(r"^[0-9]{1,20}$")


class PageInputError(ValueError):
    """A filter the person typed that cannot be used; the message says what to type."""


def parse_day(text: str | None, default: dt.date, what: str) -> dt.date:
    if not text:
        return default
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise PageInputError(f"The {what} date {text!r} is not a date: use YYYY-MM-DD.") from None


def date_range(first: str | None, last: str | None, today: dt.date) -> tuple[dt.date, dt.date]:
    start = parse_day(first, today, "from")
    end = parse_day(last, start if first else today, "to")
    if end < start:
        raise PageInputError("The 'to' date is before the 'from' date: swap them.")
    if (end - start).days >= MAX_RANGE_DAYS:
        raise PageInputError(f"Choose at most {MAX_RANGE_DAYS} days.")
    return start, end


def _download(data: bytes, filename: str, media_type: str) -> Response:
    return Response(data, media_type=media_type,
                    headers={**SECURITY_HEADERS, "Content-Disposition": f'attachment; filename="{filename}"'})


def register(app: FastAPI, pages: Pages) -> None:
    Viewer = Annotated[WebSession, Depends(viewer_check(pages))]
    store, settings = pages.store, pages.settings
    CounterId = Annotated[str, Query(pattern=COUNTER_ID)]

    def ledger_query(counter_id: str, first: str | None, last: str | None, status: str | None,
                     consumer: str | None, page: int, limit: int = PAGE_ROWS) -> tuple[LedgerFilter, list[str]]:
        errors: list[str] = []
        start = end = None
        try:
            if first or last:
                a, b = date_range(first or last, last or first, formatting.today(settings.zone))
                start, end = formatting.day_bounds(a, b, settings.zone)
        except PageInputError as exc:
            errors.append(str(exc))
        if status and status not in LEDGER_STATUSES:
            errors.append(f"Status {status!r} is not one of: {', '.join(LEDGER_STATUSES)}.")
            status = None
        consumer = (consumer or "").replace(" ", "").replace("-", "") or None
        if consumer and not CONSUMER_NO.match(consumer):
            errors.append("A consumer number is digits only.")
            consumer = None
        return LedgerFilter(start=start, end=end, status=status or None, consumer_no=consumer, limit=limit,
                            offset=max(0, page - 1) * limit), errors

    @app.get("/counters", include_in_schema=False)
    def counters(request: Request, session: Viewer) -> Response:
        zone = settings.zone
        day = formatting.today(zone)
        start, end = formatting.day_bounds(day, day, zone)
        audit = pages.audit.latest()
        rows = build_rows(store.counters_overview(start, end), audit, silent_after=settings.silent_after)
        needing = sum(1 for r in rows if r.attention)
        return pages.render(request, "counters.html", session=session, rows=rows, audit_at=audit.at,
                            needing=needing, silent_minutes=int(settings.silent_after.total_seconds() // 60))

    @app.get("/counters/{counter_id}", include_in_schema=False)
    def counter_page(request: Request, counter_id: str, session: Viewer, date_from: str | None = None,
                     date_to: str | None = None, status: str | None = None, consumer: str | None = None,
                     page: Annotated[int, Query(ge=1, le=100_000)] = 1) -> Response:
        record = store.counter_by_id(counter_id.upper())
        if record is None:
            return pages.render(request, "refused.html", session=session, status=404,
                                message=f"There is no counter {counter_id}. Pick one from the counters page.")
        query, errors = ledger_query(record.counter_id, date_from, date_to, status, consumer, page)
        ledger = store.counter_ledger(record.counter_id, query)
        found = pages.audit.latest()
        report = found.for_counter(record.counter_id) or {}
        day = formatting.today(settings.zone)
        overview = next(c for c in store.counters_overview(*formatting.day_bounds(day, day, settings.zone))
                        if c.counter_id == record.counter_id)
        filters = {"date_from": date_from or "", "date_to": date_to or "", "status": query.status or "",
                   "consumer": query.consumer_no or ""}
        return pages.render(request, "counter.html", session=session, counter=overview, ledger=ledger,
                            rejections=store.counter_rejections(record.counter_id), report=report,
                            missing=report.get("receipt_numbers_missing", missing_count(report.get("receipt_gaps", []))),
                            audit_at=found.at,
                            errors=errors, filters=filters, statuses=LEDGER_STATUSES, page=page,
                            pages_total=max(1, -(-ledger.total_rows // PAGE_ROWS)),
                            actions=store.admin_actions(record.counter_id, limit=10),
                            done=request.query_params.get("done"))

    @app.get("/counters/{counter_id}/ledger.csv", include_in_schema=False)
    def ledger_csv(counter_id: str, session: Viewer, date_from: str | None = None, date_to: str | None = None,
                   status: str | None = None, consumer: str | None = None) -> Response:
        record = store.counter_by_id(counter_id.upper())
        if record is None:
            return Response(f"There is no counter {counter_id}.", status_code=404, media_type="text/plain")
        query, errors = ledger_query(record.counter_id, date_from, date_to, status, consumer, 1, CSV_ROWS)
        if errors:
            return Response(" ".join(errors), status_code=400, media_type="text/plain")
        rows = store.counter_ledger(record.counter_id, query).rows
        return _download(exports.ledger_csv(rows, settings.zone), f"ledger-{record.counter_id}.csv", "text/csv")

    @app.get("/counters/{counter_id}/txn/{txn_id}", include_in_schema=False)
    def transaction(request: Request, counter_id: str, txn_id: str, session: Viewer) -> Response:
        found = store.get_transaction(counter_id.upper(), txn_id)
        if found is not None:   # what the page may show: never the counter's signature
            found = {k: v for k, v in found.items() if k not in ("signature", "fingerprint")}
        rejected = [r for r in store.counter_rejections(counter_id.upper()) if r["txn_id"] == txn_id]
        if found is None and not rejected:
            return pages.render(request, "refused.html", session=session, status=404,
                                message=f"Counter {counter_id} has sent no transaction {txn_id}.")
        return pages.render(request, "transaction.html", session=session, counter_id=counter_id.upper(),
                            txn=found, rejections=rejected)

    def collection_figures(date_from: str | None, date_to: str | None):
        first, last = date_range(date_from, date_to, formatting.today(settings.zone))
        start, end = formatting.day_bounds(first, last, settings.zone)
        rows = store.collections(start, end)
        offices: dict[str, list[int]] = {}
        for r in rows:
            totals = offices.setdefault(r.office or "(no office)", [0, 0])
            totals[0] += r.credits
            totals[1] += r.paise
        hours = store.hourly_credits(start, end, formatting.utc_offset_minutes(first, settings.zone))
        return first, last, rows, [(o, n, p) for o, (n, p) in offices.items()], hours

    @app.get("/collections", include_in_schema=False)
    def collections(request: Request, session: Viewer, date_from: str | None = None,
                    date_to: str | None = None) -> Response:
        try:
            first, last, rows, offices, hours = collection_figures(date_from, date_to)
        except PageInputError as exc:
            today = formatting.today(settings.zone)
            return pages.render(request, "collections.html", session=session, status=400, error=str(exc),
                                first=today, last=today, rows=[], offices=[], chart=hourly_chart({}),
                                total_credits=0, total_paise=0)
        return pages.render(request, "collections.html", session=session, error=None, first=first, last=last,
                            rows=rows, offices=offices, chart=hourly_chart(hours),
                            total_credits=sum(r.credits for r in rows), total_paise=sum(r.paise for r in rows))

    @app.exception_handler(PageInputError)
    async def _bad_filter(request: Request, exc: PageInputError) -> Response:
        # Only downloads get here (the pages show the sentence above their form): a file cannot hold it.
        return Response(str(exc), status_code=400, media_type="text/plain", headers=SECURITY_HEADERS)

    @app.get("/collections.csv", include_in_schema=False)
    def collections_csv(session: Viewer, date_from: str | None = None, date_to: str | None = None) -> Response:
        first, last, rows, _, _ = collection_figures(date_from, date_to)
        return _download(exports.collections_csv(rows), f"collections-{first}-{last}.csv", "text/csv")

    @app.get("/collections.xlsx", include_in_schema=False)
    def collections_xlsx(session: Viewer, date_from: str | None = None, date_to: str | None = None) -> Response:
        first, last, rows, offices, hours = collection_figures(date_from, date_to)
        data = exports.collections_xlsx(rows, offices, hours, f"Collections {first} to {last} ({settings.timezone})")
        return _download(data, f"collections-{first}-{last}.xlsx",
                         "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")

    @app.get("/consumer", include_in_schema=False)
    def consumer(request: Request, session: Viewer, no: str | None = None) -> Response:
        number = (no or "").replace(" ", "").replace("-", "")
        if not number:
            return pages.render(request, "consumer.html", session=session, number="", found=None, credits=[],
                                error=None)
        if not CONSUMER_NO.match(number):
            return pages.render(request, "consumer.html", session=session, number=no, found=None, credits=[],
                                error="A consumer number is digits only (spaces and dashes are fine).", status=400)
        found = store.get_consumer(number)
        credits = store.consumer_credits(number)
        error = None if found or credits else f"No consumer {number} on the server."
        return pages.render(request, "consumer.html", session=session, number=number, found=found,
                            credits=credits, error=error, status=200 if found or credits else 404)

    @app.get("/audit", include_in_schema=False)
    def audit(request: Request, session: Viewer) -> Response:
        found = pages.audit.latest()
        return pages.render(request, "audit.html", session=session, report=found.report, audit_at=found.at)

    @app.post("/audit", include_in_schema=False)
    async def audit_now(request: Request, session: Viewer) -> Response:
        if not access.csrf_ok(session, (await read_form(request)).get("csrf")):
            return pages.render(request, "refused.html", session=session, status=403,
                                message="The form had expired; open the audit page again and retry.")
        found = pages.audit.refresh()
        return pages.render(request, "audit.html", session=session, report=found.report, audit_at=found.at)
