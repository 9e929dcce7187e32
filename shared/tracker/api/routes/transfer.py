"""POST /imports and GET /export: bringing a network in from other tools, and taking it out."""

from __future__ import annotations

import base64
import binascii
from email.message import Message
from email.parser import BytesParser
from email.policy import HTTP
from typing import Annotated, Any, Literal

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Query
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from tracker.api.routes import IMPORT_ROUTE  # noqa: F401 - this route's key, where tests look for it
from tracker.api.routes.common import caller, error_responses
from tracker.api.schemas.transfer import ExportOut, ImportReportOut
from tracker.domain.errors import InvalidInput
from tracker.runtime import services

router = APIGatewayHttpRouter()
UTF8_BOM = "\ufeff"  # so that spreadsheet programs open the CSV as UTF-8
_FILE = {"type": "string", "format": "binary"}
# The handler reads the raw body itself, so Powertools has no model to document it from.
IMPORT_BODY = {
    "required": True,
    "description": "The contacts file",
    "content": {
        "text/csv": {"schema": {"type": "string"}},
        "text/vcard": {"schema": {"type": "string"}},
        "application/octet-stream": {"schema": _FILE},
        "multipart/form-data": {
            "schema": {"type": "object", "properties": {"file": _FILE}, "required": ["file"]}
        },
    },
}


@router.post(
    "/imports",
    tags=["imports"],
    summary="Import contacts from a file",
    description="Send the file itself as the body (any content type; base64 as HTTP APIs deliver "
    "binary bodies is fine) or as the `file` field of a multipart/form-data upload. The format is "
    "recognised from the content: LinkedIn Connections.csv, Google Contacts CSV, Outlook CSV, vCard "
    "2.1/3.0/4.0, or this API's own CSV export. People already in your network (same email, LinkedIn "
    "profile, or name and company) only have their empty fields filled. New people's first due dates "
    "are spread over your cadence, oldest connections first. Up to 4 MB and 25,000 rows per request.",
    responses=error_responses(413, 422),
    openapi_extensions={"requestBody": IMPORT_BODY},
)
def import_contacts(
    dry_run: Annotated[bool, Query(description="Only report what importing would do; write nothing")] = False,
) -> ImportReportOut:
    raw = uploaded_file(router.current_event.raw_event)
    report = services().imports.import_file(caller(router), raw, dry_run=dry_run)
    return ImportReportOut.of(report)


@router.get(
    "/export",
    tags=["imports"],
    summary="Export every contact and conversation",
    description="`json`: contacts, each with its conversations. `csv`: one file, a row per contact "
    "then a row per conversation (column `record`), which POST /imports reads back; cells a "
    "spreadsheet would run as formulas start with an apostrophe. Gzip-compressed when the client "
    "accepts it.",
    responses=error_responses(
        422,
        ok={
            "description": "The network, as JSON or as CSV",
            "content": {"application/json": {"model": ExportOut}, "text/csv": {"schema": {"type": "string"}}},
        },
    ),
    compress=True,
)
def export_network(
    format: Annotated[Literal["json", "csv"], Query(description="json or csv")] = "json",
) -> Response[str]:
    exports = services().exports
    network = exports.network(caller(router).member)
    stamp = network.exported_at.strftime("%Y-%m-%d")
    if format == "csv":
        return Response(
            status_code=200,
            content_type="text/csv; charset=utf-8",
            body=UTF8_BOM + exports.csv(network),
            headers={"Content-Disposition": f'attachment; filename="networking-tracker-{stamp}.csv"'},
        )
    body = ExportOut.of(network).model_dump_json()
    return Response(
        status_code=200,
        content_type="application/json",
        body=body,
        headers={"Content-Disposition": f'attachment; filename="networking-tracker-{stamp}.json"'},
    )


def uploaded_file(event: dict[str, Any]) -> bytes:
    """The file's bytes, whether sent as the body itself or as a multipart form field."""
    body = event.get("body") or ""
    if event.get("isBase64Encoded"):
        try:
            raw = base64.b64decode(body, validate=False)
        except (binascii.Error, ValueError) as error:
            raise InvalidInput("The body is marked base64 but is not", field="body") from error
    else:
        raw = body.encode("utf-8", "surrogateescape")
    headers = {str(k).lower(): str(v) for k, v in (event.get("headers") or {}).items()}
    content_type = headers.get("content-type", "")
    if content_type.lower().startswith("multipart/form-data"):
        return _form_file(content_type, raw)
    return raw


def _form_file(content_type: str, raw: bytes) -> bytes:
    message = BytesParser(policy=HTTP).parsebytes(f"Content-Type: {content_type}\r\n\r\n".encode() + raw)
    parts = (
        [part for part in message.iter_parts() if isinstance(part, Message)] if message.is_multipart() else []
    )
    chosen = next((p for p in parts if p.get_param("name", header="content-disposition") == "file"), None)
    chosen = chosen or next((p for p in parts if p.get_filename()), None)
    if chosen is None:
        raise InvalidInput("The form has no file: send it in a field named 'file'", field="file")
    payload = chosen.get_payload(decode=True)
    return payload if isinstance(payload, bytes) else b""
