"""/contacts/{id}/interactions: conversations with a contact."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Path, Query
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter
from aws_lambda_powertools.metrics import MetricUnit

from tracker.api.routes.common import caller, error_responses
from tracker.api.schemas.common import PageOut
from tracker.api.schemas.contacts import (
    ChangedInteractionOut,
    ContactOut,
    InteractionCreate,
    InteractionOut,
    InteractionPatch,
    LoggedInteractionOut,
)
from tracker.observability import metrics
from tracker.runtime import services

router = APIGatewayHttpRouter()

ContactId = Annotated[str, Path(max_length=64, description="A contact's id")]
InteractionId = Annotated[str, Path(max_length=64, description="A conversation's id")]

_FOLLOWS = (
    "The contact's last contact, due date and count, and the week's progress (GET /goals) and the "
    "program's report, follow as if the conversation had been logged so."
)


@router.get(
    "/contacts/<contact_id>/interactions",
    tags=["interactions"],
    summary="Conversations with a contact, newest first",
    responses=error_responses(404, 422),
)
def list_interactions(
    contact_id: ContactId,
    limit: Annotated[int, Query(ge=1, le=100)] = 25,
    cursor: Annotated[
        str | None, Query(max_length=500, description="next_cursor of the previous page")
    ] = None,
) -> PageOut[InteractionOut]:
    page = services().conversations.list(caller(router).member, contact_id, cursor, limit)
    return PageOut[InteractionOut](
        items=[InteractionOut.of(i) for i in page.items], next_cursor=page.next_cursor
    )


@router.post(
    "/contacts/<contact_id>/interactions",
    tags=["interactions"],
    summary="Log a conversation",
    description="Stores the conversation and, if it is the latest, sets the contact's last contact and "
    "restarts their cadence (due again `cadence_days` later) in the same write.",
    responses=error_responses(400, 404, 409, 413, 415, 422, created="Logged"),
)
def log_interaction(contact_id: ContactId, interaction: InteractionCreate) -> Response[LoggedInteractionOut]:
    logged, contact = services().conversations.log(caller(router).member, contact_id, interaction.command())
    metrics.add_metric(name="ConversationsLogged", unit=MetricUnit.Count, value=1)
    body = LoggedInteractionOut(**InteractionOut.of(logged).model_dump(), contact=ContactOut.of(contact))
    return Response(status_code=201, content_type="application/json", body=body)


@router.patch(
    "/contacts/<contact_id>/interactions/<interaction_id>",
    tags=["interactions"],
    summary="Change a logged conversation",
    description="Only the fields you send change; null clears an optional field. " + _FOLLOWS + " A "
    "new `when` in another week moves the conversation's count there; other outcomes move the "
    "outcome counts. If the contact's next step is the one this conversation gave, it follows.",
    responses=error_responses(400, 404, 409, 413, 415, 422),
)
def change_interaction(
    contact_id: ContactId, interaction_id: InteractionId, changes: InteractionPatch
) -> ChangedInteractionOut:
    changed, contact = services().conversations.change(
        caller(router).member, contact_id, interaction_id, changes.changes()
    )
    return ChangedInteractionOut(**InteractionOut.of(changed).model_dump(), contact=ContactOut.of(contact))


@router.delete(
    "/contacts/<contact_id>/interactions/<interaction_id>",
    tags=["interactions"],
    summary="Delete a logged conversation",
    description="The contact's last contact becomes that of their latest remaining conversation; "
    "a next step this conversation gave goes with it. " + _FOLLOWS,
    responses=error_responses(404, 409, no_content="Deleted"),
)
def delete_interaction(contact_id: ContactId, interaction_id: InteractionId) -> Response[None]:
    services().conversations.delete(caller(router).member, contact_id, interaction_id)
    return Response(status_code=204, body=None)
