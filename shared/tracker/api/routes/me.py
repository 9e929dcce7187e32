"""GET/PATCH/DELETE /me: the member's own profile and reminder settings."""

from __future__ import annotations

from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from tracker.api.routes.common import caller, error_responses
from tracker.api.schemas.me import ErasedOut, MemberOut, MemberPatch
from tracker.runtime import services

router = APIGatewayHttpRouter()


@router.get("/me", tags=["me"], summary="Your profile and settings", responses=error_responses())
def get_me() -> MemberOut:
    return MemberOut.of(services().members.profile(caller(router)))


@router.patch(
    "/me",
    tags=["me"],
    summary="Change your settings",
    description="Time zone, reminder hour and channels, picks per day, default cadence, weekly review "
    "slot, current focus and pause. Only the fields you send change.",
    responses=error_responses(400, 413, 415, 422),
)
def patch_me(changes: MemberPatch) -> MemberOut:
    return MemberOut.of(services().members.update(caller(router), changes.changes()))


@router.delete(
    "/me",
    tags=["me"],
    summary="Erase all your data",
    description="Deletes your profile, contacts and conversations. Your sign-in stays with your program.",
    responses=error_responses(),
)
def delete_me() -> ErasedOut:
    return ErasedOut(erased_items=services().members.erase(caller(router)))
