"""The translation catalogs (shared/tracker/rendering/locale/<lang>/LC_MESSAGES/messages.po)
against the words in the code and templates (babel.cfg says where).

    python -m tools.catalogs check    # make lint: fails on a stale catalog or a missing translation
    python -m tools.catalogs update   # after changing what members read: new msgids into every .po
    python -m tools.catalogs compile  # make build: messages.mo beside each .po

`check` extracts the msgids afresh (to memory, like a temporary .pot) and compares them with
each catalog's: one missing from a catalog, or still in it when no code says it any more,
makes the catalog out of date. In every language but English (whose msgids are the text)
each message must be translated and not fuzzy.
"""

from __future__ import annotations

import argparse
import io
import re
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from tracker.rendering.i18n import DEFAULT_LANGUAGE, LANGUAGES, LOCALE_DIR, catalog_path

ROOT = Path(__file__).resolve().parents[1]
WIDTH = 100
# "{name}" (str.format in code) and "%(name)s" (Jinja2's new-style gettext in templates).
_PLACEHOLDER = re.compile(r"\{(\w*)\}|%\((\w+)\)[sd]")


def placeholders(text: str) -> set[str]:
    return {brace or percent for brace, percent in _PLACEHOLDER.findall(text)}


def extract(root: Path = ROOT) -> Catalog:
    """Every message the code and templates under `root` say, as a template catalog (.pot)."""
    with (root / "babel.cfg").open() as config:
        method_map, options_map = parse_mapping_cfg(config)
    template = Catalog(project="networking-tracker", fuzzy=False)

    def under_shared(path: str) -> bool:  # not the virtualenv, node_modules or build output
        relative = Path(path).relative_to(root).parts
        return relative[0] == "shared" and not any(part.startswith((".", "_")) for part in relative)

    for filename, lineno, message, comments, context in extract_from_dir(
        str(root), method_map, options_map, strip_comment_tags=True, directory_filter=under_shared
    ):
        template.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return template


def _ids(catalog: Catalog) -> set[tuple[str, str | None]]:
    return {(_key(message.id), message.context) for message in catalog if message.id}


def _key(message_id: str | tuple[str, ...]) -> str:
    return message_id if isinstance(message_id, str) else message_id[0]


def problems(template: Catalog, catalog: Catalog, language: str) -> list[str]:
    """What is wrong with one language's catalog, as lines for a person; none when it is current."""
    found: list[str] = []
    wanted, present = _ids(template), _ids(catalog)
    found += [f"{language}: not in the catalog: {msgid!r}" for msgid, _ in sorted(wanted - present)]
    found += [f"{language}: no longer in the code: {msgid!r}" for msgid, _ in sorted(present - wanted)]
    if language != DEFAULT_LANGUAGE:
        for message in catalog:
            if not message.id or (_key(message.id), message.context) not in wanted:
                continue
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            known = set().union(*(placeholders(text) for text in ids))
            if message.fuzzy:
                found.append(f"{language}: fuzzy, check and clear the flag: {_key(message.id)!r}")
            elif not all(strings):
                found.append(f"{language}: not translated: {_key(message.id)!r}")
            elif unknown := set().union(*(placeholders(text) for text in strings)) - known:
                # str.format would raise on them: the message would never be sent
                found.append(
                    f"{language}: placeholders not in the original: {sorted(unknown)} in {_key(message.id)!r}"
                )
    return found


def read(language: str) -> Catalog:
    with catalog_path(language).open("rb") as po:
        return read_po(po, locale=language)


def check(root: Path = ROOT) -> list[str]:
    template = extract(root)
    found: list[str] = []
    for language in LANGUAGES:
        if not catalog_path(language).exists():
            found.append(f"{language}: no catalog at {catalog_path(language)}")
            continue
        found += problems(template, read(language), language)
    return found


def write(catalog: Catalog, path: Path) -> None:
    buffer = io.BytesIO()
    # No file:line locations and sorted: two changes elsewhere in the code do not touch the .po.
    write_po(buffer, catalog, width=WIDTH, no_location=True, sort_output=True, ignore_obsolete=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue())


def update(root: Path = ROOT) -> None:
    """Every catalog brought in line with the code: new msgids added (untranslated), gone ones dropped."""
    template = extract(root)
    for language in LANGUAGES:
        path = catalog_path(language)
        if path.exists():
            catalog = read(language)
        else:
            catalog = Catalog(
                locale=language,
                project="networking-tracker",
                copyright_holder="Networking Tracker contributors",
                fuzzy=False,
            )
        # The header's dates stay as they were: helpers changing words at once do not collide.
        catalog.update(template, no_fuzzy_matching=True, update_creation_date=False)
        write(catalog, path)


def compile_all() -> None:
    for language in LANGUAGES:
        with catalog_path(language, "mo").open("wb") as mo:
            write_mo(mo, read(language))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=("check", "update", "compile"))
    command = parser.parse_args(argv).command
    if command == "update":
        update()
        print(f"updated the catalogs under {LOCALE_DIR}")
        return 0
    if command == "compile":
        compile_all()
        return 0
    found = check()
    for line in found:
        print(line, file=sys.stderr)
    if found:
        print("catalogs out of date: run `python -m tools.catalogs update` and translate", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
