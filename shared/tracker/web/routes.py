"""The public pages behind reminder links: GET/POST /log and GET/POST /unsubscribe.

No JWT here: who is acting comes only from the signed link, verified again on every POST
(the link rides in the form as a hidden field, which is also what stops cross-site posts:
no cookie grants anything). A GET never changes anything; mail scanners open links. Every
outcome is an HTML page, never a JSON error or a stack trace.

Nothing a GET shows names anyone but the link's own contact: link scanners and previews fetch
these pages. A reminder's form is for its own contact only; the personal link's form offers
the member's contacts after a POST ("Show my contacts", or any submitted form).
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.router import APIGatewayHttpRouter

from tracker.domain.links import Purpose
from tracker.domain.quicklog import (
    LOG_PAGE,
    ONE_TAP,
    AmbiguousName,
    FormData,
    LinkProblem,
    LinkTrouble,
    OpenLink,
    UnknownForm,
)
from tracker.observability import logger
from tracker.rendering import pages, reader
from tracker.rendering.reader import gettext
from tracker.runtime import services
from tracker.web.forms import MAX_FORM_BYTES, check_quick_log, form_in_request

router = APIGatewayHttpRouter()

PAGE_PATHS = frozenset({"/log", "/unsubscribe", "/plan", "/email"})


def _html(page: pages.Page) -> Response[str]:
    return Response(page.status, pages.CONTENT_TYPE, page.html, headers=dict(pages.HEADERS))


def _safely(render: Callable[[], pages.Page]) -> Response[str]:
    # Until a link says whose it is (and for a link that is refused), the browser's language.
    reader.reset(str((router.current_event.headers or {}).get("accept-language") or ""))
    try:
        page = render()
    except LinkProblem as problem:
        page = pages.link_problem(problem.trouble)
    except Exception as error:  # a friendly page, never a stack trace
        logger.exception("Page failed", extra={"error_type": type(error).__name__})
        page = pages.unexpected_error()
    return _html(page)


def _query_token() -> str:
    return (router.current_event.get_query_string_value("t") or "").strip()


def _open(token: str, purposes: Collection[Purpose]) -> OpenLink:
    """The link, verified; its pages are in the language of the member it is for."""
    link = services().quicklog.open(token, purposes)
    reader.read_by(link.member)
    return link


def _form() -> FormData:
    event = router.current_event
    return form_in_request(event.body, event.is_base64_encoded, event.headers.get("content-type") or "")


# ---------------------------------------------------------------- /log


@router.get("/log", include_in_schema=False)
def show_log_page() -> Response[str]:
    return _safely(lambda: _show(_query_token()))


@router.post("/log", include_in_schema=False)
def submit_log_page() -> Response[str]:
    return _safely(_submit)


def _show(token: str) -> pages.Page:
    if not token:
        return pages.missing_link()
    quicklog = services().quicklog
    link = _open(token, LOG_PAGE)
    if link.purpose in ONE_TAP and link.contact is not None:
        details = quicklog.details_token(link, link.contact.contact_id)
        snooze = link.purpose is Purpose.SNOOZE
        return pages.one_tap(snooze, link.contact, token, details, acted=quicklog.acted_today(link))
    if link.purpose is Purpose.UNDO:
        name = link.contact.name if link.contact else gettext("this person")
        return pages.undo_confirm(name, token, possible=quicklog.can_undo(link))
    return pages.log_form(_form_view(link, show_contacts=False))


def _form_view(
    link: OpenLink,
    *,
    show_contacts: bool,
    values: FormData | None = None,
    errors: dict[str, str] | None = None,
    refused: bool = False,
) -> pages.FormView:
    """The form of `link` with a freshly signed id; the contact list only if `show_contacts`
    (after a POST) and the link is the personal one."""
    quicklog = services().quicklog
    personal = link.purpose is Purpose.FORM
    return pages.FormView(
        token=link.token,
        submission=quicklog.form_id(link),
        today=quicklog.today(link.member),
        contact=link.contact,
        suggestions=quicklog.suggestions(link) if show_contacts and personal else [],
        offer_contacts=personal and not show_contacts,
        values=values or FormData(),
        errors=errors or {},
        refused=refused,
    )


def _submit() -> pages.Page:
    form = _form()
    token = (form.first("t") or _query_token()).strip()
    if not token:
        return pages.missing_link()
    quicklog = services().quicklog
    link = _open(token, LOG_PAGE)
    today = quicklog.today(link.member)
    if link.purpose is Purpose.REACHED_OUT:
        return pages.action_done(quicklog.reached_out(link), link.member, today, None)
    if link.purpose is Purpose.SNOOZE:
        return pages.action_done(quicklog.snooze(link), link.member, today, None)
    if link.purpose is Purpose.UNDO:
        name = link.contact.name if link.contact else gettext("This person")
        return pages.undone(quicklog.undo(link), name)
    if form.first("show") == "contacts":  # the personal form's "Show my contacts": changes nothing
        return pages.log_form(_form_view(link, show_contacts=True))
    return _save_form(link, form)


def _save_form(link: OpenLink, form: FormData) -> pages.Page:
    """The quick-log form posted: saved once, or shown again with what to fix."""
    quicklog = services().quicklog
    today = quicklog.today(link.member)
    token = link.token
    if link.purpose is Purpose.LOG and link.contact is not None:
        form = FormData({**form.fields, "contact": [link.contact.name]})  # its own contact only
    check = check_quick_log(form, today)
    errors = check.errors
    refused = False
    if check.entry is not None:
        try:
            result = quicklog.log(link, check.entry, form.first("s")[:128])
        except AmbiguousName as ambiguous:
            errors = {
                "contact": gettext(
                    "You have {count} contacts called {name}: choose one from the list, where each "
                    "shows their company."
                ).format(count=ambiguous.count, name=ambiguous.name)
            }
        except UnknownForm:
            refused = True
        else:
            personal = token if link.purpose is Purpose.FORM else None
            return pages.action_done(result, link.member, today, personal)
    return pages.log_form(_form_view(link, show_contacts=True, values=form, errors=errors, refused=refused))


# ---------------------------------------------------------------- /unsubscribe


@router.get("/unsubscribe", include_in_schema=False)
def show_unsubscribe_page() -> Response[str]:
    return _safely(lambda: _confirm_unsubscribe(_query_token()))


@router.post("/unsubscribe", include_in_schema=False)
def one_click_unsubscribe() -> Response[str]:
    """RFC 8058: a POST of `List-Unsubscribe=One-Click` to the List-Unsubscribe URL."""
    return _safely(_unsubscribe)


def _confirm_unsubscribe(token: str) -> pages.Page:
    if not token:
        return pages.missing_link()
    link = _open(token, {Purpose.UNSUBSCRIBE})
    return pages.unsubscribe_confirm(token, link.member)


def _unsubscribe() -> pages.Page:
    form = _form()
    token = (_query_token() or form.first("t")).strip()
    if form.first("List-Unsubscribe") != "One-Click":
        return _confirm_unsubscribe(token)  # not a one-click request: ask, change nothing
    if not token:
        return pages.missing_link()
    quicklog = services().quicklog
    link = _open(token, {Purpose.UNSUBSCRIBE})
    return pages.unsubscribed(quicklog.unsubscribe(link))


# ---------------------------------------------------------------- /plan (the weekly check's link)


@router.get("/plan", include_in_schema=False)
def show_plan_page() -> Response[str]:
    return _safely(lambda: _plan(_query_token(), accept=False))


@router.post("/plan", include_in_schema=False)
def accept_plan_page() -> Response[str]:
    return _safely(lambda: _plan((_form().first("t") or _query_token()).strip(), accept=True))


def _plan(token: str, *, accept: bool) -> pages.Page:
    if not token:
        return pages.missing_link()
    app = services()
    link = _open(token, {Purpose.PLAN_ACCEPT})
    week = link.claims.week
    if week is None:
        return pages.link_problem(LinkTrouble.INVALID)
    today = app.quicklog.today(link.member)
    if accept:
        return pages.plan_accepted(app.plans.accept(link.member, week), today)
    planned, _ = app.plans.ensure(link.member, week, app.clock.now())
    return pages.plan_confirm(token, planned, today)


# ---------------------------------------------------------------- /email (a new address's link)


@router.get("/email", include_in_schema=False)
def show_email_confirm_page() -> Response[str]:
    return _safely(lambda: _email_confirm(_query_token(), confirm=False))


@router.post("/email", include_in_schema=False)
def confirm_email_page() -> Response[str]:
    return _safely(lambda: _email_confirm((_form().first("t") or _query_token()).strip(), confirm=True))


def _email_confirm(token: str, *, confirm: bool) -> pages.Page:
    if not token:
        return pages.missing_link()
    app = services()
    link = _open(token, {Purpose.EMAIL_CONFIRM})
    address = link.member.pending_email
    if address is None or not app.addresses.is_pending(link.member, link.claims.ref):
        return pages.link_problem(LinkTrouble.REVOKED)  # confirmed already, or a newer change
    if not confirm:
        return pages.email_confirm(token, address)
    app.addresses.confirm(link.member, link.claims.ref)
    return pages.email_confirmed(address)


def form_too_large() -> dict[str, Any]:
    """The 413 page as a Lambda result, for bodies refused before the resolver runs (in English:
    the body, which says whose link it is, is never read; and never the last request's reader)."""
    reader.reset()
    page = pages.too_large(MAX_FORM_BYTES)
    headers = {"Content-Type": pages.CONTENT_TYPE, **pages.HEADERS}
    return {"statusCode": page.status, "headers": headers, "body": page.html, "isBase64Encoded": False}
