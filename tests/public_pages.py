"""Driving the public pages (/log, /unsubscribe) the way a browser or a mail provider does:
HTTP API events without an authorizer, form-encoded posts, and the forms found in the HTML."""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from tests.conftest import Reply, invoke, load_event


@dataclass
class Form:
    action: str
    method: str
    fields: dict[str, list[str]] = field(default_factory=dict)
    buttons: list[str] = field(default_factory=list)

    def data(self, **changes: str | list[str]) -> dict[str, list[str]]:
        """The fields as the browser would send them, with `changes` typed in."""
        out = {name: list(values) for name, values in self.fields.items()}
        for name, value in changes.items():
            out[name] = value if isinstance(value, list) else [value]
        return out


class _Forms(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[Form] = []
        self._textarea: str | None = None
        self._select: str | None = None  # the selected option's value is the field's

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = {key: value or "" for key, value in attrs}
        if tag == "form":
            self.forms.append(Form(named.get("action", ""), named.get("method", "get").lower()))
        elif tag == "input" and self.forms and "name" in named:
            kind = named.get("type", "text")
            if kind in ("radio", "checkbox") and "checked" not in named:
                return
            self.forms[-1].fields.setdefault(named["name"], []).append(named.get("value", ""))
        elif tag == "select" and self.forms:
            self._select = named.get("name")
        elif tag == "option" and self._select and "selected" in named:
            self.forms[-1].fields[self._select] = [named.get("value", "")]
        elif tag == "textarea" and self.forms:
            self._textarea = named.get("name")
            self.forms[-1].fields[self._textarea or ""] = [""]

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self.forms[-1].fields[self._textarea] = [self.forms[-1].fields[self._textarea][0] + data]

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None


def forms_in(html: str) -> list[Form]:
    parser = _Forms()
    parser.feed(html)
    for form, labels in zip(parser.forms, re.findall(r"<form.*?</form>", html, re.S), strict=False):
        form.buttons = [unescape(b) for b in re.findall(r"<button[^>]*>(.*?)</button>", labels)]
    return parser.forms


def text_of(html: str) -> str:
    """What a reader sees: tags dropped, entities decoded, whitespace collapsed."""
    body = re.sub(r"<style>.*?</style>|<title>.*?</title>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", body)).split())


def token_of(url: str) -> str:
    return parse_qs(urlsplit(url).query)["t"][0]


@dataclass
class Page:
    status: int
    headers: dict[str, str]
    html: str

    @property
    def text(self) -> str:
        return text_of(self.html)

    @property
    def forms(self) -> list[Form]:
        return forms_in(self.html)

    def form_with(self, button: str) -> Form:
        return next(form for form in self.forms if button in form.buttons)

    @property
    def links(self) -> dict[str, str]:
        return {
            " ".join(unescape(re.sub(r"<[^>]+>", "", label)).split()): unescape(href)
            for href, label in re.findall(r'<a href="([^"]+)">(.*?)</a>', self.html)
        }


class PublicClient:
    """Calls the API function as the HTTP API would for a route without an authorizer."""

    def event(
        self,
        method: str,
        path: str,
        *,
        query: dict[str, str] | None = None,
        body: str | None = None,
        content_type: str = "application/x-www-form-urlencoded",
        base64_body: bool = False,
    ) -> dict[str, Any]:
        event = copy.deepcopy(load_event("api_create_contact"))
        del event["requestContext"]["authorizer"]
        event["rawPath"] = path
        event["requestContext"]["http"].update(method=method, path=path)
        event["routeKey"] = event["requestContext"]["routeKey"] = f"{method} {path}"
        event.pop("pathParameters", None)
        event.pop("queryStringParameters", None)
        event["rawQueryString"] = urlencode(query or {})
        if query:
            event["queryStringParameters"] = dict(query)
        event["headers"].pop("content-length", None)
        event["headers"].pop("authorization", None)
        event.pop("body", None)
        event["isBase64Encoded"] = base64_body
        if body is not None:
            event["body"] = body
            event["headers"]["content-type"] = content_type
        else:
            event["headers"].pop("content-type", None)
        return event

    def call(self, event: dict[str, Any]) -> Page:
        reply: Reply = invoke(event)
        return Page(reply.status, reply.headers, reply.body if isinstance(reply.body, str) else "")

    def get(self, url_or_path: str) -> Page:
        parts = urlsplit(url_or_path)
        path = parts.path if parts.path.startswith("/") else f"/{parts.path}"
        query = {name: values[0] for name, values in parse_qs(parts.query).items()}
        return self.call(self.event("GET", path, query=query))

    def post(self, path: str, data: dict[str, list[str]] | dict[str, str], **options: Any) -> Page:
        path = path if path.startswith("/") else f"/{path}"
        query = options.pop("query", None)
        body = urlencode(data, doseq=True)
        return self.call(self.event("POST", path, query=query, body=body, **options))

    def submit(self, form: Form, **changes: str | list[str]) -> Page:
        return self.post(form.action, form.data(**changes))
