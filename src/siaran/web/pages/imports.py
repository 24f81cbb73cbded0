"""The import page: upload an export, see what siaran recognised and every problem row, then
confirm. Nothing reaches the workspace before the confirmation."""

from __future__ import annotations

from typing import Any, Final

from fastapi import APIRouter
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse

from siaran.i18n import Lang, text
from siaran.ingest.limits import ImportLimits, workspace_limits
from siaran.web.pages.common import web_of
from siaran.web.preview_worker import PreviewBusyError
from siaran.web.rendering import render
from siaran.web.uploads import Preview, PreviewJob, check_preview, confirm_import
from siaran.web.viewer import Viewer, check_csrf, closes_form, viewer_of

router = APIRouter()
NAV: Final = (20, "/import", "web.nav.import")
AREA_ID: Final = "import-area"
BUSY_RETRY_SECONDS: Final = 30


def _field(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    cleaned = value.strip()
    return cleaned or None


def notes_of(report: object, lang: Lang) -> list[str]:
    """The notes of an import report in ``lang`` (none for anything else)."""
    from siaran.events.report import EventImportReport
    from siaran.ingest.importer import ImportReport

    if isinstance(report, EventImportReport | ImportReport):
        return report.note_texts(lang)
    return []


def _page(
    request: Request,
    viewer: Viewer,
    status: int = 200,
    headers: dict[str, str] | None = None,
    **context: Any,
) -> HTMLResponse:
    web = web_of(request)
    context.setdefault("preview", None)
    context.setdefault("staged", None)
    context.setdefault("report", None)
    context.setdefault("error", None)
    context.setdefault("account", "")
    context.setdefault("currency", "")
    return render(
        request,
        viewer,
        "import.html",
        status=status,
        headers=headers,
        area_id=AREA_ID,
        limit_mb=web.settings.upload_limit_bytes // (1024 * 1024),
        choices=sorted(viewer.accounts) if viewer.accounts is not None else None,
        notes_of=lambda report: notes_of(report, viewer.lang),
        **context,
    )


@router.get("/import", response_class=HTMLResponse)
def import_form(request: Request) -> HTMLResponse:
    return _page(request, viewer_of(request))


@router.post("/import", response_class=HTMLResponse)
@closes_form
async def import_preview(request: Request) -> HTMLResponse:
    viewer = viewer_of(request)
    await check_csrf(request)
    web = web_of(request)
    form = await request.form()
    upload = form.get("file")
    account, currency = _field(form.get("account")), _field(form.get("currency"))
    keep: dict[str, Any] = {"account": account or "", "currency": currency or ""}
    if not isinstance(upload, UploadFile) or not upload.filename:
        error = text("web.import.no_file", viewer.lang)
        return _page(request, viewer, 400, error=error, **keep)
    if account is not None and not viewer.may_see(account):
        error = text("web.import.outside_scope", viewer.lang, accounts=account)
        return _page(request, viewer, 403, error=error, **keep)
    staged = await run_in_threadpool(
        web.staging.stage,
        upload.file,
        upload.filename,
        account=account,
        currency=currency,
        client_id=viewer.client_id,
    )

    def limits() -> ImportLimits:
        with web.access.use() as ws:
            return workspace_limits(ws)

    job = PreviewJob(
        staged.path,
        staged.original_name,
        account,
        currency,
        web.timezone,
        viewer.lang,
        await run_in_threadpool(limits),
    )
    try:
        # In a worker process: neither the workspace lock nor the server's memory is held.
        preview = await run_in_threadpool(web.previews.run, job)
    except PreviewBusyError:
        web.staging.discard(staged.token)
        headers = {"Retry-After": str(BUSY_RETRY_SECONDS)}
        error = text("web.import.busy", viewer.lang)
        return _page(request, viewer, 503, headers, error=error, **keep)
    except BaseException:
        web.staging.discard(staged.token)
        raise
    outside = [a for a in preview.accounts if not viewer.may_see(a)]
    if preview.ok and outside:
        preview = Preview(
            ok=False,
            message=text("web.import.outside_scope", viewer.lang, accounts=", ".join(outside)),
        )
    if not preview.ok:
        web.staging.discard(staged.token)
        return _page(request, viewer, 422, preview=preview, **keep)

    def check(found: Preview) -> Preview:
        with web.access.use() as ws:
            return check_preview(
                ws,
                found,
                original_name=staged.original_name,
                account=account,
                accounts=viewer.accounts,
                lang=viewer.lang,
            )

    preview = await run_in_threadpool(check, preview)
    if not preview.ok:
        web.staging.discard(staged.token)
        return _page(request, viewer, 422, preview=preview, **keep)
    staged.previewed = True
    return _page(request, viewer, preview=preview, staged=staged, **keep)


@router.post("/import/confirm", response_class=HTMLResponse)
@closes_form
async def import_confirm(request: Request) -> HTMLResponse:
    viewer = viewer_of(request)
    await check_csrf(request)
    web = web_of(request)
    form = await request.form()
    token = _field(form.get("token")) or ""
    staged = web.staging.get(token, viewer.client_id)
    if staged is None or not staged.previewed:
        return _page(request, viewer, 410, error=text("web.import.expired", viewer.lang))

    def import_it() -> object:
        try:
            with web.access.use() as ws:
                return confirm_import(ws, staged)
        finally:
            web.access.changed()
            web.staging.discard(staged.token)

    report = await run_in_threadpool(import_it)
    return _page(request, viewer, report=report, original=staged.original_name)


@router.get("/import/progress")
def import_progress(request: Request, token: str = "") -> JSONResponse:
    """How far the confirmed import of ``token`` has come (:mod:`siaran.web.import_progress`),
    for the browser that uploaded it only; 404 once it is done or for anyone else."""
    viewer = viewer_of(request)
    staged = web_of(request).staging.get(token, viewer.client_id)
    if staged is None:
        return JSONResponse({"task": None}, status_code=404)
    return JSONResponse(staged.progress.to_json(viewer.lang))


@router.post("/import/cancel")
@closes_form
async def import_cancel(request: Request) -> RedirectResponse:
    viewer = viewer_of(request)
    await check_csrf(request)
    form = await request.form()
    token = _field(form.get("token")) or ""
    if web_of(request).staging.get(token, viewer.client_id) is not None:
        web_of(request).staging.discard(token)
    return RedirectResponse("/import", status_code=303)
