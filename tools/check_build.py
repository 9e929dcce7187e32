"""Check that every built function imports from the build output alone, as Lambda loads it.

    python3.13 tools/check_build.py .aws-sam/build-host

For each function in the built template: a fresh interpreter in isolated mode, without site
packages, with only the function's code folder and its layers' python/ folders on sys.path
(Lambda's task root and /opt/python), imports the handler and checks that it is callable and
that every module it loaded came from those folders or the standard library. Then, from each
layer alone, it renders a daily email and the quick-log page: the templates (non-Python
files) must have been copied into the layer too. Run it on a build for this machine's
architecture (compiled wheels such as pydantic-core only load there).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from local.template import Template

PROBE = r"""
import importlib, json, sys, sysconfig
roots, module, function = json.loads(sys.argv[1])
sys.path[:0] = roots
handler = getattr(importlib.import_module(module), function)
allowed = roots + [sysconfig.get_paths()["stdlib"], sysconfig.get_paths()["platstdlib"]]
outside = sorted(
    name for name, loaded in list(sys.modules.items())
    if getattr(loaded, "__file__", None) and not any(loaded.__file__.startswith(root) for root in allowed)
)
print(json.dumps({"callable": callable(handler), "outside": outside, "modules": len(sys.modules)}))
"""

RENDER_PROBE = r"""
import json, sys, sysconfig
from datetime import UTC, date, datetime
roots = json.loads(sys.argv[1])
sys.path[:0] = roots
from tracker.domain import Contact, Member, MemberKey
from tracker.domain.links import LinkSigner
from tracker.domain.picks import DailyPicks, PickStatus, ReconnectPick
from tracker.rendering import emails, environment, pages

now = datetime(2026, 11, 26, 14, tzinfo=UTC)
member = Member(MemberKey("org", "m"), "m@example.org", now, now, display_name="Sam")
ana = Contact(contact_id="c", name="Ana & <Co>", created_at=now, updated_at=now)
day = DailyPicks(member, date(2026, 11, 26), [ReconnectPick(ana, PickStatus.PENDING)], [])
email = emails.daily_email(day, LinkSigner(b"k" * 32, "https://example.org"), now)
page = pages.log_form(pages.FormView(token="t", submission="s", today=day.local_date, contact=ana))
assert "1. Ana & <Co>" in email.text and "Ana &amp; &lt;Co&gt;" in email.html, "email"
assert "Unsubscribe from email reminders" in email.html, "email layout"
assert "Ana &amp; &lt;Co&gt;" in page.html and f"<style>{pages.CSS}</style>" in page.html, "page"
allowed = roots + [sysconfig.get_paths()["stdlib"], sysconfig.get_paths()["platstdlib"]]
outside = sorted(
    name for name, loaded in list(sys.modules.items())
    if getattr(loaded, "__file__", None) and not any(loaded.__file__.startswith(root) for root in allowed)
)
templates = str(environment.TEMPLATES)
print(json.dumps({
    "outside": outside,
    "templates": templates if any(templates.startswith(root) for root in roots) else None,
    "sizes": [len(email.text), len(email.html), len(page.html)],
}))
"""


class _Loader(yaml.SafeLoader):
    pass


_Loader.add_multi_constructor("!", lambda loader, suffix, node: None)


def functions(build: Path) -> dict[str, dict[str, Any]]:
    document = yaml.load((build / "template.yaml").read_text(), Loader=_Loader)  # noqa: S506 - SafeLoader
    resources = document["Resources"]
    layers = {
        name: spec for name, spec in resources.items() if spec["Type"] == "AWS::Serverless::LayerVersion"
    }
    found = {}
    for name, spec in resources.items():
        if spec["Type"] != "AWS::Serverless::Function":
            continue
        properties = spec["Properties"]
        layer_refs = properties.get("Layers") or document.get("Globals", {}).get("Function", {}).get(
            "Layers", []
        )
        layer_dirs = [
            str(build / layers[ref]["Properties"]["ContentUri"] / "python")
            for ref in _names(layer_refs, layers)
        ]
        handler = properties.get("Handler") or document["Globals"]["Function"]["Handler"]
        found[name] = {"code": str(build / properties["CodeUri"]), "layers": layer_dirs, "handler": handler}
    return found


def _names(references: list[Any], layers: dict[str, Any]) -> list[str]:
    """Layer logical ids from `Ref: X` (the built template writes refs in this long form)."""
    names = [ref.get("Ref") if isinstance(ref, dict) else ref for ref in references]
    missing = [name for name in names if name not in layers]
    if missing:
        raise SystemExit(f"layers not in the build: {missing}")
    return [str(name) for name in names]


ENVIRONMENT = {"AWS_REGION": "us-east-1", "AWS_DEFAULT_REGION": "us-east-1", "LANG": "C.UTF-8"}


def _probe(
    python: str, probe: str, argument: object, environment: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """The probe in a fresh interpreter: isolated mode, no site packages, as Lambda starts."""
    return subprocess.run(  # noqa: S603 - our own interpreter and probe
        [python, "-I", "-S", "-c", probe, json.dumps(argument)],
        capture_output=True,
        text=True,
        env={**ENVIRONMENT, **(environment or {})},
        check=False,
    )


def rendered(layers: list[str], python: str) -> bool:
    """An email and a page rendered from the layers alone, with their templates found there."""
    result = _probe(python, RENDER_PROBE, layers)
    if result.returncode != 0:
        print(f"FAIL templates in {layers}: rendering failed\n{result.stderr.strip()}")
        return False
    report = json.loads(result.stdout)
    if report["outside"] or not report["templates"]:
        print(f"FAIL templates in {layers}: loaded from outside the build: {report}")
        return False
    text, html, page = report["sizes"]
    print(
        f"ok   templates: {report['templates']} render a daily email ({text:,} + {html:,} characters) "
        f"and the quick-log page ({page:,})"
    )
    return True


def main(build_dir: str, python: str) -> int:
    build = Path(build_dir).resolve()
    failures = 0
    layer_sets: set[tuple[str, ...]] = set()
    for name, spec in functions(build).items():
        module, function = spec["handler"].rsplit(".", 1)
        roots = [spec["code"], *spec["layers"]]
        layer_sets.add(tuple(spec["layers"]))
        # As deployed: the handlers check their environment when Lambda imports them.
        result = _probe(python, PROBE, [roots, module, function], Template().example_environment(name))
        if result.returncode != 0:
            print(f"FAIL {name}: import failed\n{result.stderr.strip()}")
            failures += 1
            continue
        report = json.loads(result.stdout)
        if not report["callable"] or report["outside"]:
            print(f"FAIL {name}: loaded from outside the build: {report['outside']}")
            failures += 1
            continue
        print(f"ok   {name}: {spec['handler']} imports from the build alone ({report['modules']} modules)")
    failures += sum(not rendered(list(layers), python) for layers in sorted(layer_sets))
    return 1 if failures else 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("build_dir", nargs="?", default=".aws-sam/build-host")
    parser.add_argument("--python", default=sys.executable, help="the runtime's Python (3.13) to import with")
    options = parser.parse_args()
    sys.exit(main(options.build_dir, options.python))
