"""The web app's Import (/app/import): upload a file, see the dry run, confirm, see the result.

The file is read by the same ImportService as POST /imports. Between the preview and the
confirmation it is kept server-side, in the member's partition, under a new import id
(StagedImportService; never round-tripped through the browser). Confirming claims the import
with a conditional write, so a double submit imports once; another member's import id is a
404, as is an unknown one. Uploads are multipart/form-data, often base64 (HTTP APIs deliver
binary bodies so); a body over the import limit never reaches the parser (tracker/api/app.py
marks it, and the page says so beside the field).
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from tracker.config import settings
from tracker.domain.errors import InvalidInput, NotFound, PayloadTooLarge
from tracker.domain.uploads import UploadStatus
from tracker.rendering import app_import, app_pages
from tracker.rendering.reader import gettext, said, said_row
from tracker.runtime import services
from tracker.services.imports import ImportReport, StagedImport
from tracker.services.sessions import Resumed
from tracker.web.forms import Upload, parse_upload
from tracker.web.frame import (
    SignedIn,
    csrf_of,
    open_session,
    posted_by_session,
    redirect,
    request_headers,
    respond,
    safely,
    signed_in_page,
    signed_in_post,
    to_sign_in,
)

router = APIGatewayHttpRouter()

IMPORT = app_import.IMPORT
STAGED = "/app/import/<import_id>"  # the resolver's form; the HTTP API's is {import_id}
UPLOAD_PAGES = frozenset({IMPORT})  # bodies up to the import limit (tracker/api/app.py)
PAGES = frozenset({IMPORT + "/{import_id}"})  # small forms: the form limit
_OVERSIZED = "oversized_body"  # set in the request context by refuse_body(), never by a client


def refuse_body(event: dict[str, Any]) -> dict[str, Any]:
    """The event with its oversized body dropped and marked, so that the page can say so
    beside the field (API Gateway builds requestContext: a client cannot set the mark)."""
    context = {**(event.get("requestContext") or {}), _OVERSIZED: True}
    return {**event, "body": "", "isBase64Encoded": False, "requestContext": context}


def _view(staged: StagedImport, *, expired: bool = False) -> app_import.ImportView:
    state = staged.upload.status.value
    if expired:
        state = "expired"
    elif services().staged_imports.stalled(staged):
        state = "stalled"
    report: ImportReport = staged.result or staged.preview
    examples = {kind: [(e.row, e.name, e.reason) for e in rows] for kind, rows in report.examples.items()}
    examples["skipped"] = [(p.row, "", said_row(p)) for p in report.skipped_rows]
    examples["failed"] = [(p.row, "", said_row(p)) for p in report.errors]
    return app_import.ImportView(
        import_id=staged.upload.import_id,
        file_name=staged.upload.file_name,
        state=state,
        report=app_import.ReportView(
            format=report.format.value,
            rows=report.rows,
            new=report.new,
            updated=report.updated,
            unchanged=report.unchanged,
            skipped=report.skipped,
            failed=report.failed,
            conversations_added=report.conversations_added,
            examples=examples,
            warnings=[(p.row, said_row(p)) for p in report.warnings],
        ),
    )


def _upload() -> Upload:
    event = router.current_event
    raw = event.body or ""
    try:
        body = (
            base64.b64decode(raw, validate=True)
            if event.is_base64_encoded
            else raw.encode("utf-8", "surrogateescape")
        )
    except (binascii.Error, ValueError):
        return parse_upload(b"", "")
    return parse_upload(body, request_headers().get("content-type") or "")


def _limit() -> str:
    return f"{settings().max_import_body_bytes // (1024 * 1024)} MB"


@router.get(IMPORT, include_in_schema=False)
def import_page() -> Response[str]:
    return signed_in_page(IMPORT, lambda seen: respond(app_import.choose(seen.csrf)))


@router.post(IMPORT, include_in_schema=False)
def upload_file() -> Response[str]:
    return safely(_upload_file)


def _upload_file() -> Response[str]:
    """Not `signed_in_post`: a body over the limit is never parsed, so it is answered (413)
    before the form token can be read from it."""
    resumed, clear = open_session()
    if resumed is None:
        return to_sign_in(IMPORT, clear)
    csrf = csrf_of(resumed)
    if router.current_event.raw_event.get("requestContext", {}).get(_OVERSIZED):
        message = gettext(
            "The file is larger than {limit}: split it into smaller files and import each."
        ).format(limit=_limit())
        return respond(app_import.choose(csrf, message, status=413))
    upload = _upload()
    if not posted_by_session(resumed, upload.fields):
        return respond(app_pages.refused("forged", 403, csrf=csrf))
    staged = _stage(resumed, upload)
    if isinstance(staged, tuple):
        message, status = staged
        return respond(app_import.choose(csrf, message, status=status))
    return redirect(f"{IMPORT}/{staged}")


def _stage(resumed: Resumed, upload: Upload) -> str | tuple[str, int]:
    """The new import's id, or what is wrong with the file (and the status to answer with)."""
    if upload.file is None or (not upload.file and not upload.file_name):
        return gettext("Choose a contacts file to import."), 422
    try:
        staged = services().staged_imports.preview(resumed.identity, upload.file, upload.file_name)
    except PayloadTooLarge as refused:
        return said(refused) + ".", 413
    except InvalidInput as refused:
        return f"{said(refused)}. " + gettext("Choose a file exported as described below."), 422
    return staged.upload.import_id


@router.get(STAGED, include_in_schema=False)
def staged_page(import_id: str) -> Response[str]:
    def show(seen: SignedIn) -> Response[str]:
        resumed, csrf = seen.resumed, seen.csrf
        imports = services().staged_imports
        try:
            staged = imports.find(resumed.member.key, import_id[:64])
        except NotFound:
            return respond(app_pages.refused("no_import", 404, csrf=csrf))
        expired = imports.expired(staged)
        return respond(
            app_import.staged(_view(staged, expired=expired), csrf, status=410 if expired else 200)
        )

    return signed_in_page(f"{IMPORT}/{import_id[:64]}", show)


@router.post(STAGED, include_in_schema=False)
def confirm_import(import_id: str) -> Response[str]:
    here = f"{IMPORT}/{import_id[:64]}"

    def confirm(seen: SignedIn) -> Response[str]:
        resumed, csrf = seen.resumed, seen.csrf
        try:
            staged = services().staged_imports.confirm(resumed.identity, import_id[:64])
        except NotFound:
            return respond(app_pages.refused("no_import", 404, csrf=csrf))
        if staged.upload.status is UploadStatus.PREVIEWED:  # expired: the page says so
            return respond(app_import.staged(_view(staged, expired=True), csrf, status=410))
        return redirect(here)

    return signed_in_post(here, confirm)
