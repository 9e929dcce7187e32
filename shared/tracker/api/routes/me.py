"""GET/PATCH/DELETE /me: the member's own profile and reminder settings."""

from __future__ import annotations

from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from tracker.api.routes.common import caller, error_responses
from tracker.api.schemas.me import ErasedOut, MemberOut, MemberPatch, PhoneCode
from tracker.domain.model import Member
from tracker.runtime import services

router = APIGatewayHttpRouter()


def _out(member: Member) -> MemberOut:
    app = services()
    stopped = bool(member.phone) and app.phones.stopped(member)
    problem = app.addresses.delivery_problems([member]).get(member.key)
    return MemberOut.of(member, stopped=stopped, email_problem=problem)


@router.get("/me", tags=["me"], summary="Your profile and settings", responses=error_responses())
def get_me() -> MemberOut:
    return _out(services().members.profile(caller(router)))


@router.patch(
    "/me",
    tags=["me"],
    summary="Change your settings",
    description="Time zone, reminder hour and channels, picks per day, default cadence, weekly review "
    "slot, current focus and pause. Only the fields you send change. A new phone number is texted a "
    "six-digit code (valid 15 minutes, 5 tries): nothing else is texted to it, and no reply from it "
    "acts for you, until you enter the code at POST /me/phone/verify.",
    responses=error_responses(400, 413, 415, 422),
)
def patch_me(changes: MemberPatch) -> MemberOut:
    return _out(services().members.update(caller(router), changes.changes()))


@router.post(
    "/me/phone/verify",
    tags=["me"],
    summary="Confirm your phone number with the code we texted",
    description="Five tries per code; a code lasts 15 minutes. A number another member had confirmed "
    "becomes yours (they are told by email).",
    responses=error_responses(400, 409, 413, 415, 422, 429),
)
def verify_phone(body: PhoneCode) -> MemberOut:
    return _out(services().members.verify_phone(caller(router), body.code.strip()))


@router.post(
    "/me/phone/code",
    tags=["me"],
    summary="Text a new code to your phone number",
    description="At most one a minute and five a day. Refused (409) when the number replied STOP: "
    "text START to us from it first.",
    responses=error_responses(409, 429),
)
def send_phone_code() -> MemberOut:
    return _out(services().members.send_phone_code(caller(router)))


@router.delete(
    "/me",
    tags=["me"],
    summary="Erase all your data",
    description="Deletes your profile, contacts and conversations, and your sign-in (signed out everywhere): "
    "your tokens and links stop working at once. Your program can invite you again.",
    responses=error_responses(),
)
def delete_me() -> ErasedOut:
    return ErasedOut(erased_items=services().members.erase(caller(router)))
