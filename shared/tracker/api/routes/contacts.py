"""/contacts: the people in the member's network."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Path, Query
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from tracker.api.routes.common import caller, error_responses
from tracker.api.schemas.common import PageOut
from tracker.api.schemas.contacts import ContactCreate, ContactOut, ContactPatch
from tracker.domain.contacts import ContactFilter
from tracker.runtime import services

router = APIGatewayHttpRouter()

ContactId = Annotated[str, Path(max_length=64, description="A contact's id")]


@router.get(
    "/contacts",
    tags=["contacts"],
    summary="List your contacts",
    description="In the order you added them. Filters combine. A filtered page may hold fewer than "
    "`limit` contacts and still have a `next_cursor`: keep following it until it is null.",
    responses=error_responses(422),
)
def list_contacts(
    q: Annotated[
        str | None, Query(max_length=100, description="Words to find in name, company, role, email, tags")
    ] = None,
    tag: Annotated[str | None, Query(max_length=40, description="Only contacts with this tag")] = None,
    starred: Annotated[bool | None, Query(description="Only starred (true) or unstarred (false)")] = None,
    include_archived: Annotated[bool, Query(description="Include archived contacts")] = False,
    limit: Annotated[int, Query(ge=1, le=100)] = 25,
    cursor: Annotated[
        str | None, Query(max_length=500, description="next_cursor of the previous page")
    ] = None,
) -> PageOut[ContactOut]:
    where = ContactFilter(q=q or None, tag=tag or None, starred=starred, include_archived=include_archived)
    page = services().contacts.list(caller(router).member, where, cursor, limit)
    return PageOut[ContactOut](items=[ContactOut.of(c) for c in page.items], next_cursor=page.next_cursor)


@router.post(
    "/contacts",
    tags=["contacts"],
    summary="Add a contact",
    responses=error_responses(400, 413, 415, 422, created="Added"),
)
def create_contact(contact: ContactCreate) -> Response[ContactOut]:
    created = services().contacts.create(caller(router), contact.command())
    return Response(
        status_code=201,
        content_type="application/json",
        body=ContactOut.of(created),
        headers={"Location": f"/contacts/{created.contact_id}"},
    )


@router.get(
    "/contacts/<contact_id>", tags=["contacts"], summary="One contact", responses=error_responses(404)
)
def get_contact(contact_id: ContactId) -> ContactOut:
    return ContactOut.of(services().contacts.get(caller(router).member, contact_id))


@router.patch(
    "/contacts/<contact_id>",
    tags=["contacts"],
    summary="Change a contact",
    description="Only the fields you send change; null clears an optional field. Changing the cadence "
    "or archiving moves the due date with it.",
    responses=error_responses(400, 404, 409, 413, 415, 422),
)
def update_contact(contact_id: ContactId, changes: ContactPatch) -> ContactOut:
    return ContactOut.of(services().contacts.update(caller(router).member, contact_id, changes.changes()))


@router.delete(
    "/contacts/<contact_id>",
    tags=["contacts"],
    summary="Delete a contact and their conversations",
    responses=error_responses(404, no_content="Deleted"),
)
def delete_contact(contact_id: ContactId) -> Response[None]:
    services().contacts.delete(caller(router).member, contact_id)
    return Response(status_code=204, body=None)
