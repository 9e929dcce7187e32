"""Cold start: how long each function's handler module takes to import, as Lambda imports it.

    make build && .venv/bin/python -m bench.cold_start [runs]      (default 11 runs)
    .venv/bin/python -m bench.cold_start --source [--layer DIR] [runs]

Uses the build for this machine's architecture (.aws-sam/build-host, from `make build`): a
fresh isolated interpreter per run with only the function's code and its layer on sys.path.
`--source` measures the working tree instead (functions/*, shared/) on the layer's packages
(the build's, or --layer's, or this interpreter's site-packages), without building.
Prints the median import time per function beside a bare `import boto3` measured the same
way in the same run (and their ratio: the member API's target is at most 1.5x), and the
heaviest packages each handler pulls in (python -X importtime).
Writes bench/results/cold_start.json.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import sysconfig
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / ".aws-sam" / "build-host"
TARGET = 1.5  # the member API's import, against a bare `import boto3` (issue 16)
FORBIDDEN = ("moto", "aws_xray_sdk", "pytest", "hypothesis", "playwright", "jwt", "responses")

PROBE = r"""
import json, sys, time
roots, module = json.loads(sys.argv[1])
sys.path[:0] = roots
started = time.perf_counter()
__import__(module)
elapsed = time.perf_counter() - started
print(json.dumps({"seconds": elapsed, "modules": sorted(sys.modules)}))
"""


def run(roots: list[str], module: str, environment: dict[str, str]) -> tuple[float, list[str], str]:
    result = subprocess.run(  # noqa: S603 - our own interpreter and probe
        [sys.executable, "-I", "-S", "-X", "importtime", "-c", PROBE, json.dumps([roots, module])],
        capture_output=True,
        text=True,
        check=True,
        env={"AWS_REGION": "us-east-1", "AWS_DEFAULT_REGION": "us-east-1", "LANG": "C.UTF-8", **environment},
    )
    report = json.loads(result.stdout)
    return report["seconds"], report["modules"], result.stderr


def heaviest(importtime: str, top: int = 6) -> list[tuple[str, float]]:
    """Import time spent in each top-level package's own modules (the "self" column of
    python -X importtime, summed per package), heaviest first."""
    totals: Counter[str] = Counter()
    for line in importtime.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        own, _, name = (part.strip() for part in line.removeprefix("import time:").split("|"))
        if own.isdigit():
            totals[name.split(".")[0]] += int(own)
    return [(name, micros / 1000) for name, micros in totals.most_common(top)]


def targets_from_build() -> tuple[dict[str, tuple[list[str], str]], list[str]]:
    from tools.check_build import functions

    if not (BUILD / "template.yaml").exists():
        raise SystemExit("No build for this machine yet: run `make build` first (or use --source).")
    found = {
        name: ([spec["code"], *spec["layers"]], spec["handler"].rsplit(".", 1)[0])
        for name, spec in functions(BUILD).items()
    }
    layers = next(iter(found.values()))[0][1:]
    return found, layers


def targets_from_source(layer: str | None) -> tuple[dict[str, tuple[list[str], str]], list[str]]:
    from local.template import Template

    built = BUILD / "SharedLayer" / "python"
    packages = layer or (str(built) if built.exists() else sysconfig.get_paths()["purelib"])
    template = Template()
    found = {}
    for name in template.of_type("AWS::Serverless::Function"):
        code = ROOT / str(template.function_property(name, "CodeUri")).rstrip("/")
        handler = str(template.function_property(name, "Handler")).rsplit(".", 1)[0]
        found[name] = ([str(code), str(ROOT / "shared"), packages], handler)
    return found, [packages]


def main(runs: int, source: bool, layer: str | None) -> None:
    sys.path.insert(0, str(ROOT))
    from local.template import Template

    rows: list[dict[str, Any]] = []
    found, packages = targets_from_source(layer) if source else targets_from_build()
    template = Template()
    # The handlers check their environment as they load: give each the one a deployment would.
    targets = {
        name: (roots, module, template.example_environment(name)) for name, (roots, module) in found.items()
    }
    targets["bare import boto3"] = (packages, "boto3", {})
    for name, (roots, module, environment) in targets.items():
        times = []
        modules: list[str] = []
        importtime = ""
        for _ in range(runs):
            seconds, modules, importtime = run(roots, module, environment)
            times.append(seconds)
        forbidden = sorted({m.split(".")[0] for m in modules if m.split(".")[0] in FORBIDDEN})
        rows.append(
            {
                "function": name,
                "median_ms": round(statistics.median(times) * 1000, 1),
                "min_ms": round(min(times) * 1000, 1),
                "modules": len(modules),
                "pydantic": "pydantic" in modules,
                "forbidden": forbidden,
                "heaviest": [[package, round(ms, 1)] for package, ms in heaviest(importtime)],
            }
        )
    boto3_ms = rows[-1]["median_ms"]
    for row in rows:
        row["vs_boto3"] = round(row["median_ms"] / boto3_ms, 2)
    print(f"Handler import time, fresh interpreter, median of {runs} runs ({sys.version.split()[0]})\n")
    width = max(len(row["function"]) for row in rows)
    columns = (
        f"{'median ms':>9}  {'x boto3':>7}  {'min ms':>7}  {'modules':>7}  pydantic  heaviest packages (ms)"
    )
    print(f"{'function':<{width}}  {columns}")
    for row in rows:
        heavy = ", ".join(f"{package} {ms:.0f}" for package, ms in row["heaviest"])
        print(
            f"{row['function']:<{width}}  {row['median_ms']:>9}  {row['vs_boto3']:>7}  {row['min_ms']:>7}  "
            f"{row['modules']:>7}  "
            f"{'yes' if row['pydantic'] else 'no':>8}  {heavy}"
        )
        if row["forbidden"]:
            print(f"  !! imports {row['forbidden']}")
    api = next(row for row in rows if row["function"] == "ApiFunction")
    verdict = "met" if api["vs_boto3"] <= TARGET else "NOT met"
    print(f"\nThe member API's import against a bare `import boto3`: {api['vs_boto3']}x", end=" ")
    print(f"(target at most {TARGET}x) — {verdict}")
    out = ROOT / "bench" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "cold_start.json").write_text(json.dumps(rows, indent=2))
    print(f"\nwrote {out / 'cold_start.json'}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("runs", nargs="?", type=int, default=11)
    parser.add_argument("--source", action="store_true", help="the working tree, not the build")
    parser.add_argument("--layer", help="with --source: the folder of the layer's packages")
    options = parser.parse_args()
    main(options.runs, options.source, options.layer)
