"""/picks: today's reconnect picks with drafted openers, and acting on them."""

from __future__ import annotations

from typing import Annotated

from aws_lambda_powertools.event_handler.openapi.params import Body, Path
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from tracker.api.routes.common import caller, error_responses
from tracker.api.schemas.contacts import ContactOut
from tracker.api.schemas.picks import (
    DraftOut,
    NextStepDueOut,
    PickDoneIn,
    PickLinksOut,
    PickOut,
    SnoozeIn,
    TodaysPicksOut,
)
from tracker.domain.links import pick_links
from tracker.rendering.drafts import ASK_TIP, todays_drafts
from tracker.runtime import services

router = APIGatewayHttpRouter()

ContactId = Annotated[str, Path(max_length=64, description="A contact's id")]


@router.get(
    "/picks/today",
    tags=["picks"],
    summary="Today's reconnect picks and next steps due",
    description="The same people the day's reminder names (chosen once per local date), each with a "
    "drafted opener and the links the reminder carries.",
    responses=error_responses(409),
)
def todays_picks() -> TodaysPicksOut:
    app = services()
    member = app.members.profile(caller(router))
    day = app.picks.today(member)
    now = app.clock.now()
    signer = app.signer() if not day.empty else None
    drafts = todays_drafts(day, now)
    picks = []
    for number, pick in enumerate(day.picks, start=1):
        assert signer is not None
        draft = drafts[pick.contact.contact_id]
        links = pick_links(signer, member.key, pick.contact.contact_id, now)
        picks.append(
            PickOut(
                number=number,
                status=pick.status.value,
                contact=ContactOut.of(pick.contact),
                draft=DraftOut(
                    lapse=draft.lapse,
                    why_now=draft.why_now,
                    offer=draft.offer,
                    follow_up=draft.hook,
                    text=draft.text,
                    linkedin=draft.linkedin,
                    sms=draft.sms,
                ),
                ask_tip=ASK_TIP,
                links=PickLinksOut(reached_out=links.reached_out, snooze=links.snooze, log=links.log),
            )
        )
    next_steps = [
        NextStepDueOut(
            contact=ContactOut.of(contact),
            log_link=pick_links(signer, member.key, contact.contact_id, now).log if signer else "",
        )
        for contact in day.next_steps
    ]
    return TodaysPicksOut(date=day.local_date, picks=picks, next_steps=next_steps)


@router.post(
    "/picks/<contact_id>/done",
    tags=["picks"],
    summary="I reached out",
    description="Logs a conversation with one of today's picks (or marks a due next step done).",
    responses=error_responses(400, 404, 409, 413, 415, 422),
)
def pick_done(contact_id: ContactId, done: Annotated[PickDoneIn | None, Body()] = None) -> ContactOut:
    app = services()
    member = app.members.profile(caller(router))
    return ContactOut.of(app.picks.done(member, contact_id, done.command() if done else None))


@router.post(
    "/picks/<contact_id>/snooze",
    tags=["picks"],
    summary="Not now: snooze one of today's picks",
    responses=error_responses(400, 404, 409, 413, 415, 422),
)
def pick_snooze(contact_id: ContactId, snooze: Annotated[SnoozeIn | None, Body()] = None) -> ContactOut:
    app = services()
    member = app.members.profile(caller(router))
    return ContactOut.of(app.picks.snooze(member, contact_id, (snooze or SnoozeIn()).days))
