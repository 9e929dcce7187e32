"""/me/form-link: the member's personal quick-log link, to bookmark on a phone."""

from __future__ import annotations

from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter
from pydantic import BaseModel, Field

from tracker.api.routes.common import caller, error_responses
from tracker.api.schemas.common import Instant
from tracker.domain.quicklog import FormLink
from tracker.runtime import services

router = APIGatewayHttpRouter()


class FormLinkOut(BaseModel):
    url: str = Field(description="Opens the quick-log form without signing in; keep it private")
    expires_at: Instant

    @classmethod
    def of(cls, link: FormLink) -> FormLinkOut:
        return cls(url=link.url, expires_at=link.expires_at)


@router.get(
    "/me/form-link",
    tags=["me"],
    summary="Your personal quick-log link",
    description="A link to the quick-log form that works without signing in, for a year or until "
    "you replace it. Each call gives a fresh link; all of them work until you rotate.",
    responses=error_responses(),
)
def get_form_link() -> FormLinkOut:
    return FormLinkOut.of(services().quicklog.form_link(caller(router)))


@router.post(
    "/me/form-link/rotate",
    tags=["me"],
    summary="Replace your personal quick-log link",
    description="Every earlier personal link stops working at once (a lost phone, a shared link).",
    responses=error_responses(),
)
def rotate_form_link() -> FormLinkOut:
    return FormLinkOut.of(services().quicklog.form_link(caller(router), rotate=True))
