"""Every route the template gives the HTTP functions is served by the route group its path
names (tracker/api/app.py loads a group on the first request for one of its paths): a route in
no group, or in another, would answer 404 on a cold function."""

from __future__ import annotations

from importlib import import_module

from local.template import Template
from tracker.api.app import DOCUMENT, GROUPS, group_of


def served_by(group: str) -> set[str]:
    keys = set()
    for name in GROUPS[group]:
        for rule, methods, *_ in import_module(name).router._routes:
            path = rule.replace("<", "{").replace(">", "}")
            keys.update(f"{method} {path}" for method in methods)
    return keys


def test_each_route_of_the_template_is_in_the_group_its_path_names() -> None:
    misplaced = []
    for route in Template().http_routes():
        group = group_of(route.path)
        if group == DOCUMENT:
            continue  # /openapi.json and /docs, made with the document
        if group is None or route.route_key not in served_by(group):
            misplaced.append((route.route_key, group))
    assert misplaced == []
