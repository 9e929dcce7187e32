"""The web app's pages (/app): sign-in, choosing a password, Today. Server-rendered, no scripts,
no external assets, one inline style sheet allowed by its hash in the Content-Security-Policy.

Every page extends templates/app/base.html (skip link, the app's name, a nav of the pages that
exist, and sign-out as a POST form). A new page is a function here, a template beside the
others, and a route in tracker/web/app_routes.py; add it to NAV to list it.
"""

from __future__ import annotations

import base64
import hashlib
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, datetime

from tracker.domain.model import Contact, Member
from tracker.domain.picks import DailyPicks, PickStatus
from tracker.rendering.drafts import ASK_TIP, todays_drafts
from tracker.rendering.environment import render
from tracker.rendering.labels import day_label, due_label, short_name, time_since
from tracker.rendering.reader import N_
from tracker.rendering.reader import words as current_words

BRAND = "Networking Tracker"

# (path, label): the pages that exist, in the order the nav lists them.
NAV = (
    ("/app", N_("Today")),
    ("/app/network", N_("Network")),
    ("/app/goals", N_("Goals")),
    ("/app/settings", N_("Settings")),
)
# Listed after NAV for the program's admins only (tracker/web/app_program.py).
PROGRAM_NAV = (("/app/program", N_("Program")),)

# Whether the signed-in reader of this request is one of the program's admins: set where the
# session is looked up (tracker/web/app_routes.py, _signed_in), read where the nav is drawn, so
# that no page has to pass it along. One request at a time per Lambda environment.
_READER_IS_ADMIN: ContextVar[bool] = ContextVar("reader_is_admin", default=False)


def reader(*, admin: bool) -> None:
    """Say who reads the page being built: the nav lists the program pages for admins only."""
    _READER_IS_ADMIN.set(admin)


CSS = (
    "*{box-sizing:border-box}"
    'body{margin:0;font:17px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;'
    "color:#1f2933;background:#f0f4f8}"
    ".skip{position:absolute;left:-999px;top:0;background:#fff;padding:.6rem 1rem;z-index:2}"
    ".skip:focus{left:.5rem}"
    "header{background:#fff;border-bottom:1px solid #cbd2d9}"
    ".bar{max-width:60rem;margin:0 auto;padding:.5rem 1rem;display:flex;flex-wrap:wrap;"
    "align-items:center;gap:.5rem 1.2rem}"
    ".brand{font-weight:700;margin-right:auto}"
    "nav ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:0 1rem}"
    "nav a{display:inline-block;padding:.6rem 0;min-height:44px}"
    'nav a[aria-current="page"]{font-weight:700;text-decoration-thickness:3px}'
    "main{max-width:60rem;margin:0 auto;padding:1rem 1rem 3rem;background:#fff;min-height:80vh}"
    ".narrow{max-width:28rem}"
    "h1{font-size:1.5rem;line-height:1.25;margin:.5rem 0 .25rem}"
    "h2{font-size:1.2rem;margin:2rem 0 .5rem}"
    "h3{font-size:1.05rem;margin:0 0 .25rem}"
    "label{display:block;font-weight:600;margin:0 0 .3rem}"
    "input[type=email],input[type=password],input[type=text]{width:100%;font:inherit;padding:.6rem;"
    "border:1px solid #616e7c;border-radius:6px;background:#fff;color:inherit}"
    "textarea{width:100%;font:inherit;font-size:.95rem;padding:.6rem;border:1px solid #7b8794;"
    "border-radius:6px;background:#f5f7fa;color:inherit;min-height:7rem;resize:vertical}"
    ".field{margin:0 0 1.2rem}"
    ".hint,.meta{color:#52606d;font-size:.92rem;margin:.1rem 0 .4rem}"
    ".error{color:#a3001b;font-weight:600;margin:.3rem 0 0}"
    "input[aria-invalid=true]{border:2px solid #a3001b}"
    "button{font:inherit;font-weight:600;min-height:44px;padding:.55rem 1.1rem;border-radius:8px;"
    "border:2px solid #0b5cad;background:#0b5cad;color:#fff;cursor:pointer}"
    "button.secondary{background:#fff;color:#0b5cad}"
    "button.link{background:none;border:0;color:#0b5cad;text-decoration:underline;padding:.6rem 0;"
    "font-weight:400}"
    ".wide{width:100%}"
    "a{color:#0b5cad}"
    ":focus-visible{outline:3px solid #1f2933;outline-offset:2px}"
    ".problems{border:2px solid #a3001b;border-radius:8px;padding:.75rem 1rem;margin:0 0 1.2rem}"
    ".problems h2{margin:0 0 .3rem}"
    ".problems ul{margin:.3rem 0 0;padding-left:1.2rem}"
    ".ok{border-left:5px solid #2f8132;background:#effaf0;padding:.6rem .9rem;margin:1rem 0}"
    ".problem{border-left:5px solid #a3001b;background:#fdf0f1;padding:.6rem .9rem;margin:1rem 0}"
    ".cards{list-style:none;margin:0;padding:0;display:grid;gap:1rem}"
    "@media (min-width:48rem){.cards{grid-template-columns:1fr 1fr}}"
    ".card{border:1px solid #cbd2d9;border-radius:10px;padding:1rem}"
    ".actions{display:flex;flex-wrap:wrap;gap:.5rem;margin:.8rem 0 0}"
    ".actions form{margin:0}"
    ".done{color:#2f8132;font-weight:600}"
    ".steps{padding-left:1.2rem}"
    ".steps li{margin:0 0 1rem}"
    # Network and Add a contact (app_network.py): one table, shown as cards on a phone
    "input[type=search],input[type=tel],input[type=date],select{width:100%;font:inherit;"
    "padding:.6rem;border:1px solid #616e7c;border-radius:6px;background:#fff;color:inherit;min-height:44px}"
    "fieldset{border:0;padding:0;margin:0 0 1.2rem}legend{font-weight:600;padding:0}"
    ".checks label,.choices label{display:flex;align-items:center;gap:.5rem;font-weight:400;min-height:44px}"
    ".checks input,.choices input{width:1.3rem;height:1.3rem}"
    ".filters{display:grid;gap:0 1rem;margin:1rem 0}"
    "@media (min-width:48rem){.filters{grid-template-columns:2fr 1fr 1fr}.filters .checks{grid-column:1/-1;"
    "display:flex;gap:1.5rem}.filters .actions{grid-column:1/-1}}"
    ".plain{display:inline-block;padding:.6rem 0}"
    ".people{width:100%;border-collapse:collapse;font-size:.95rem}"
    ".people caption{text-align:left}"
    ".people th,.people td{text-align:left;vertical-align:top;padding:.5rem;border-bottom:1px solid #cbd2d9}"
    "@media (max-width:47.99rem){.people thead{position:absolute;left:-999px}"
    ".people tr,.people th,.people td{display:block;border:0;padding:.15rem 0}"
    ".people tr{border:1px solid #cbd2d9;border-radius:10px;padding:.75rem;margin:0 0 .75rem}"
    '.people td::before{content:attr(data-label) ": ";font-weight:600}}'
    # A contact (app_contact.py): details, timeline, forms with dates, choices and text boxes
    "textarea.entry{background:#fff;font-size:1rem;min-height:4rem;border-color:#616e7c}"
    ".choice{display:flex;align-items:center;gap:.6rem;font-weight:400;min-height:44px;margin:0}"
    "input[type=radio],input[type=checkbox]{width:1.3rem;height:1.3rem;margin:0}"
    ".details dt{font-weight:600}.details dd{margin:0 0 .6rem}"
    "@media (min-width:48rem){.details{display:grid;grid-template-columns:12rem 1fr;gap:0 1rem}}"
    ".timeline{list-style:none;padding:0}.timeline li{border-left:3px solid #cbd2d9;"
    "padding:.2rem 0 .8rem 1rem;margin:0 0 .6rem}"
    ".timeline p{margin:.2rem 0}"
    ".timeline .entry-actions{display:flex;gap:1.5rem}.entry-actions a{display:inline-block;padding:.5rem 0;"
    "min-height:44px}"
    "a.button{display:inline-flex;align-items:center;min-height:44px;padding:.55rem 1.1rem;"
    "border-radius:8px;border:2px solid #0b5cad;font-weight:600;text-decoration:none}"
    "button.danger{background:#a3001b;border-color:#a3001b}"
    # Settings (app_settings.py)
    "section{border-top:1px solid #cbd2d9;margin:1.5rem 0 0}"
    ".link-box{overflow-wrap:anywhere;font-size:.9rem}"
    # Program pages (app_program.py): charts beside tables of the same figures
    ".sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}"
    ".charts{display:grid;gap:1rem}@media (min-width:48rem){.charts{grid-template-columns:1fr 1fr}}"
    ".chart{margin:0;border:1px solid #cbd2d9;border-radius:10px;padding:.75rem}"
    ".chart svg{width:100%;height:auto;display:block}.chart rect{fill:#0b5cad}"
    ".chart text{font-size:10px;fill:#3e4c59;text-anchor:middle}.chart .v{font-size:11px;fill:#1f2933}"
    ".chart .axis{stroke:#7b8794}"
    ".scroll{overflow-x:auto;margin:1rem 0}"
    ".figures{border-collapse:collapse;font-size:.9rem;min-width:100%}"
    ".figures caption{text-align:left;font-weight:600;padding:.3rem 0}"
    ".figures th,.figures td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid #cbd2d9;"
    "white-space:nowrap}"
    ".week-pick{display:flex;gap:1rem;align-items:flex-end;flex-wrap:wrap}.week-pick .field{margin:0}"
    "input[type=file]{font:inherit;width:100%;max-width:100%;padding:.5rem 0;min-height:44px}"
    "code{font-size:.95em}"
    ".subnav{display:flex;gap:1.2rem;margin:0 0 .5rem}.subnav a{display:inline-block;padding:.6rem 0;"
    "min-height:44px}"
    '.subnav a[aria-current="page"]{font-weight:700;text-decoration-thickness:3px}'
    # Import (app_import.py)
    ".tally{list-style:none;padding:0;margin:.5rem 0 1.2rem}.tally li{padding:.35rem 0}"
    ".tally strong{display:inline-block;min-width:2.5rem}"
    # Goals (app_goals.py): the week's tally, one chart with each week's goal marked
    ".week-tally{padding-left:1.2rem}.week-tally li{margin:0 0 .3rem}.count{max-width:7rem}"
    ".chart.one{max-width:36rem}.chart .goal{stroke:#a3001b;stroke-width:2;stroke-dasharray:4 2}"
)
_CSS_HASH = base64.b64encode(hashlib.sha256(CSS.encode()).digest()).decode()

HEADERS = {
    "Cache-Control": "no-store",
    "Content-Security-Policy": (
        f"default-src 'none'; style-src 'sha256-{_CSS_HASH}'; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
    # Same-origin, not no-referrer: a form post then carries its Origin (no-referrer sends
    # "Origin: null"), which the app checks.
    "Referrer-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "X-Robots-Tag": "noindex",
}
CONTENT_TYPE = "text/html; charset=utf-8"


@dataclass(frozen=True)
class Page:
    status: int
    html: str


@dataclass(frozen=True)
class Chrome:
    """What the layout needs about the reader: signed in (with the sign-out form's token) or not."""

    csrf: str | None = None  # signed in: the sign-out button's token
    current: str = ""  # the nav entry of this page


def _page(template: str, status: int, chrome: Chrome, /, **context: object) -> Page:
    """templates/app/<template>.html in the reader's language (rendering/reader.py)."""
    words = current_words()
    nav = (NAV + PROGRAM_NAV if _READER_IS_ADMIN.get() else NAV) if chrome.csrf else ()
    html = render(
        f"app/{template}.html",
        words.language,
        brand=BRAND,
        css=CSS,
        nav=[(path, words.gettext(label)) for path, label in nav],
        chrome=chrome,
        lang=words.language,
        **context,
    )
    return Page(status, html)


render_page = _page  # for the page builders of other modules (rendering/app_*.py)


# ---------------------------------------------------------------- signing in

MESSAGES = {
    "credentials": N_("That email address and password don't match an account. Check them and try again."),
    "throttled": N_("Too many tries. For your account's safety, wait a few minutes and try again."),
    "challenge_expired": N_(
        "That took too long. Sign in again with the temporary password from your invitation."
    ),
    "not_supported": N_(
        "This account asks for a sign-in step this page cannot do. Ask your program to help."
    ),
    "no_program": N_("This account is not part of a program any more. Ask your program to invite you again."),
    "expired": N_("Your session ended. Sign in again to carry on where you were."),
    "signed_out": N_("You are signed out."),
    "wrong_app_code": N_(
        "That code did not match. Sign in again, then enter the code your authenticator app shows at "
        "that moment."
    ),
    "no_import": N_(
        "There is no such import: its link is wrong, or it was not yours. Files are kept for an hour "
        "after their preview."
    ),
    "forged": N_(
        "This form had expired or did not come from this site, so nothing was changed. Please try again."
    ),
}


def message(key: str | None) -> str | None:
    """One of MESSAGES in the reader's language (any other text as it is)."""
    if not key:
        return None
    return current_words().gettext(MESSAGES[key]) if key in MESSAGES else key


@dataclass(frozen=True)
class Field:
    name: str
    value: str = ""
    error: str | None = None
    limit: int | None = None


def sign_in(
    csrf: str,
    next_path: str,
    *,
    email: str = "",
    notice: str | None = None,
    problem: str | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Page:
    errors = errors or {}
    fields = {
        name: Field(name, email if name == "email" else "", errors.get(name))
        for name in ("email", "password")
    }
    return _page(
        "sign_in",
        status,
        Chrome(),
        title=current_words().gettext("Sign in"),
        csrf=csrf,
        next=next_path,
        fields=fields,
        problems=[fields[name] for name in ("email", "password") if name in errors],
        problem=message(problem),
        notice=message(notice),
    )


def new_password(
    csrf: str,
    next_path: str,
    *,
    email: str,
    challenge: str,
    username: str,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Page:
    errors = errors or {}
    fields = {name: Field(name, "", errors.get(name)) for name in ("password", "confirm")}
    return _page(
        "new_password",
        status,
        Chrome(),
        title=current_words().gettext("Choose your password"),
        csrf=csrf,
        next=next_path,
        email=email,
        challenge=challenge,
        username=username,
        fields=fields,
        problems=[fields[name] for name in ("password", "confirm") if name in errors],
    )


def app_code(
    csrf: str,
    next_path: str,
    *,
    email: str,
    challenge: str,
    username: str,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Page:
    """Program staff's second step: the code of their authenticator app (SOFTWARE_TOKEN_MFA)."""
    errors = errors or {}
    field = Field("code", "", errors.get("code"))
    return _page(
        "app_code",
        status,
        Chrome(),
        title=current_words().gettext("Enter your sign-in code"),
        csrf=csrf,
        next=next_path,
        email=email,
        challenge=challenge,
        username=username,
        fields={"code": field},
        problems=[field] if field.error else [],
    )


def refused(message_key: str, status: int, *, csrf: str | None = None) -> Page:
    """A post that was not accepted: nothing was changed."""
    title = current_words().gettext("Nothing was changed")
    return _page("refused", status, Chrome(csrf), title=title, message=message(message_key))


# ---------------------------------------------------------------- Today


@dataclass(frozen=True)
class PickView:
    contact_id: str
    name: str
    about: str
    last: str
    draft: str
    label: str
    status: str
    linkedin: str = ""
    sms: str = ""


@dataclass(frozen=True)
class StepView:
    contact_id: str
    name: str
    step: str
    due: str
    done: bool


@dataclass(frozen=True)
class TodayView:
    day: DailyPicks
    now: datetime
    csrf: str
    notice: str | None = None
    email_problem: str | None = None  # why email no longer reaches the member (services/addresses.py)


def _about(contact: Contact) -> str:
    return " · ".join(part for part in (contact.role, contact.company) if part)


def today(view: TodayView) -> Page:
    member: Member = view.day.member
    today_date: date = view.day.local_date
    drafts = todays_drafts(view.day, view.now)
    words = current_words()
    picks = []
    for pick in view.day.picks:
        contact = pick.contact
        last = (
            words.gettext("Last in touch {since} ago").format(
                since=time_since(contact.last_contact_at, view.now, words)
            )
            if contact.last_contact_at
            else words.gettext("No conversation logged yet")
        )
        picks.append(
            PickView(
                contact_id=contact.contact_id,
                name=contact.name,
                about=_about(contact),
                last=last,
                draft=drafts[contact.contact_id].text,
                linkedin=drafts[contact.contact_id].linkedin,
                sms=drafts[contact.contact_id].sms,
                label=words.gettext("A message to {name}, to copy").format(
                    name=short_name(contact, contact.name)
                ),
                status=pick.status.value,
            )
        )
    steps = [
        StepView(
            contact_id=contact.contact_id,
            name=contact.name,
            step=contact.next_step.text if contact.next_step else "",
            due=due_label(contact.next_step.due, today_date, words)
            if contact.next_step and contact.next_step.due
            else "",
            done=contact.next_step is None,  # marked done today: the step is cleared
        )
        for contact in view.day.next_steps
    ]
    pending = sum(1 for pick in view.day.picks if pick.status is PickStatus.PENDING)
    return _page(
        "today",
        200,
        Chrome(view.csrf, "/app"),
        title=words.gettext("Today"),
        date=day_label(today_date, words),
        summary=words.ngettext(
            "{count} person to reconnect with", "{count} people to reconnect with", pending
        ).format(count=pending)
        if view.day.picks
        else None,
        picks=picks,
        steps=steps,
        tip=words.gettext(ASK_TIP),
        csrf=view.csrf,
        notice=view.notice,
        email_problem=view.email_problem,
        email=member.email,
        ask_focus=not (member.current_focus or "").strip(),
    )
