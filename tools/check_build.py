"""Check that every built function imports from the build output alone, as Lambda loads it.

    python3.13 tools/check_build.py .aws-sam/build-host

For each function in the built template: a fresh interpreter in isolated mode, without site
packages, with only the function's code folder and its layers' python/ folders on sys.path
(Lambda's task root and /opt/python), imports the handler and checks that it is callable and
that every module it loaded came from those folders or the standard library. Run it on a
build for this machine's architecture (compiled wheels such as pydantic-core only load there).
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


def main(build_dir: str, python: str) -> int:
    build = Path(build_dir).resolve()
    failures = 0
    for name, spec in functions(build).items():
        module, function = spec["handler"].rsplit(".", 1)
        roots = [spec["code"], *spec["layers"]]
        # As deployed: the handlers check their environment when Lambda imports them.
        environment = {
            "AWS_REGION": "us-east-1",
            "AWS_DEFAULT_REGION": "us-east-1",
            "LANG": "C.UTF-8",
            **Template().example_environment(name),
        }
        result = subprocess.run(  # noqa: S603 - our own interpreter and probe
            [python, "-I", "-S", "-c", PROBE, json.dumps([roots, module, function])],
            capture_output=True,
            text=True,
            env=environment,
            check=False,
        )
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
    return 1 if failures else 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("build_dir", nargs="?", default=".aws-sam/build-host")
    parser.add_argument("--python", default=sys.executable, help="the runtime's Python (3.13) to import with")
    options = parser.parse_args()
    sys.exit(main(options.build_dir, options.python))
