"""The JSON of today's reconnect picks, with their drafts, and acting on them."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, Field

from tracker.api.schemas.common import LongText, When, Whole, _In
from tracker.api.schemas.contacts import ContactOut
from tracker.domain.conversations import NewConversation
from tracker.domain.model import Channel


class DraftOut(BaseModel):
    lapse: str = Field(description="Acknowledges the silence, with a memory from your notes")
    why_now: str = Field(description="Why you are reaching out now (your current focus)")
    offer: str = Field(description="Something you could offer in return")
    follow_up: str = Field(
        default="",
        description="A follow-up on the open next step, or on what your last conversation said was "
        'coming ("Did you end up moving to the data team?"); empty when there is none',
    )
    text: str = Field(description="The parts together, ready to edit and send: the email (at most 90 words)")
    linkedin: str = Field(description="The same draft as a LinkedIn message (at most 300 characters)")
    sms: str = Field(description="The same draft as a text message (at most 160 characters, given name only)")


class PickLinksOut(BaseModel):
    reached_out: str
    snooze: str
    log: str


class PickOut(BaseModel):
    number: int = Field(description="Its number in today's list (SMS replies use it: DONE 2)")
    status: Literal["pending", "done", "snoozed"]
    contact: ContactOut
    draft: DraftOut
    ask_tip: str
    links: PickLinksOut


class NextStepDueOut(BaseModel):
    contact: ContactOut
    log_link: str


class TodaysPicksOut(BaseModel):
    date: date
    picks: list[PickOut]
    next_steps: list[NextStepDueOut]


class PickDoneIn(_In):
    when: When | None = Field(default=None, description="When you reached out (default: now)")
    channel: Channel = Channel.OTHER
    summary: LongText | None = None

    def command(self) -> NewConversation:
        return NewConversation(**self.model_dump(exclude_none=True))


class SnoozeIn(_In):
    days: Annotated[int, Field(ge=1, le=365), Whole] = Field(
        default=30, description="How long to leave them be"
    )
