"""SnapStart: Lambda resumes many environments from one snapshot of an initialised one, so what a
handler makes as it loads must not have to differ between them (template.yaml, SnapStart;
tracker/runtime/snapshot.py).

Each handler is imported in a fresh interpreter, as Lambda imports it, watched by a profiler and
an audit hook that record every clock reading, random draw or seeding, read of the OS's entropy,
AWS client made and network connection or name lookup, with the module whose import did it. Our
own modules may do none of these at import, nor may the hooks run before the snapshot; a
library may only do the few harmless ones listed in LIBRARIES. Then, with a stand-in for the
runtime's snapshot_restore_py, the hooks run as Lambda runs them: two copies restored from the
same state must draw different random numbers, and the routes a function serves must already be
loaded when its first request arrives.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest

from local.template import Resolver, Template
from tests.unit.fresh_interpreter import run_as

ROOT = Path(__file__).resolve().parents[2]
OURS = (str(ROOT / "shared" / "tracker"), str(ROOT / "functions"))
# What libraries do as they load, and why it may be in a snapshot: (what, the module that does it).
LIBRARIES = {
    # logging's start time, only used for the records' relativeCreated (not in our log lines)
    ("clock", "logging/__init__.py"),
    # multiprocessing's process authkey (made when boto3 loads), for managers we never start
    ("entropy", "multiprocessing/process.py"),
    # dateutil (boto3's) notes this year at import, to place two-digit years in a century
    ("clock", "dateutil/parser/_parser.py"),
}
SNAPSHOT_SEED = 2026  # the random state the probe gives "the snapshot", before the restore hooks run
SNAPSHOT_FUNCTIONS = {  # SnapStart applies to these (template.yaml): the routes each one serves
    "ApiFunction": {"tracker.api.routes.me", "tracker.api.routes.contacts", "tracker.api.routes.org"},
    "PublicFunction": {"tracker.web.routes", "tracker.api.routes.contacts"},  # the pages and the document
    "WebFunction": {"tracker.web.app_routes", "tracker.web.app_contact", "tracker.web.app_program"},
    "TransferFunction": {"tracker.api.routes.transfer"},
}

# A stand-in for snapshot_restore_py (in Lambda's managed Python runtimes, not on PyPI's path
# here): the same four functions, keeping the hooks in a list as the library does.
FAKE_RUNTIME_HOOKS = """
_before, _after = [], []
def register_before_snapshot(func, *args, **kwargs):
    _before.append((func, args, kwargs))
    return func
def register_after_restore(func, *args, **kwargs):
    _after.append((func, args, kwargs))
    return func
def get_before_snapshot():
    return list(_before)
def get_after_restore():
    return list(_after)
"""

PROBE = r"""
import json, random, sys
roots, module, run_hooks, seed = json.loads(sys.argv[1])
sys.path[:0] = roots
CLOCKS = {"time", "time_ns", "localtime", "gmtime", "ctime", "monotonic_ns_unused",
          "datetime.now", "datetime.utcnow", "datetime.today", "date.today"}
found = []

def importer(frame):
    # The module whose own import-time code is running (the innermost module body on the stack).
    while frame is not None and frame.f_code.co_name != "<module>":
        frame = frame.f_back
    return frame.f_code.co_filename if frame is not None else "?"

def note(kind, what, frame):
    found.append([kind, what, importer(frame), phase[0]])

def profile(frame, event, arg):
    if event == "c_call":
        name = getattr(arg, "__qualname__", "")
        owner = getattr(arg, "__module__", None) or type(getattr(arg, "__self__", None)).__module__
        if name in CLOCKS and owner in ("time", "datetime"):
            note("clock", name, frame)
        elif name in ("urandom", "getrandom") and owner in ("posix", "os"):
            note("entropy", name, frame)
        elif type(getattr(arg, "__self__", None)) is random.Random:
            note("random", name, frame)
    elif event == "call":
        code = frame.f_code
        if code.co_name == "seed" and code.co_filename == random.__file__:
            if type(frame.f_locals.get("self")) is not random.SystemRandom:  # SystemRandom keeps no state
                note("random", "seed", frame.f_back)
        elif code.co_name in ("create_client", "client", "resource") and "boto" in code.co_filename:
            note("aws client", code.co_name, frame.f_back)

def audit(event, args):
    if event in ("socket.connect", "socket.getaddrinfo", "socket.gethostbyname", "socket.sendto",
                 "http.client.connect", "urllib.Request"):
        note("network", event, sys._getframe(1))

phase = ["import"]
sys.addaudithook(audit)
sys.setprofile(profile)
__import__(module)
if run_hooks:
    import snapshot_restore_py as hooks
    phase[0] = "before snapshot"
    for func, args, kwargs in reversed(hooks.get_before_snapshot()):
        func(*args, **kwargs)
sys.setprofile(None)
loaded = sorted(name for name in sys.modules if name.startswith("tracker."))
draw = None
if run_hooks:
    random.seed(seed)  # the state every copy resumes with: the one in the snapshot
    for func, args, kwargs in hooks.get_after_restore():
        func(*args, **kwargs)
    draw = random.random()
print(json.dumps({"found": found, "loaded": loaded, "draw": draw}))
"""


def probe(function_id: str, *extra_roots: Path, run_hooks: bool = False, code: Path | None = None) -> Any:
    if code is None:
        code = ROOT / str(Template().function_property(function_id, "CodeUri")).rstrip("/")
    roots = [str(root) for root in (*extra_roots, code, ROOT / "shared")]
    return run_as(function_id, PROBE, [roots, "app", run_hooks, SNAPSHOT_SEED])


def unsafe(found: list[list[str]]) -> list[list[str]]:
    """What may not be in a snapshot: any connection or AWS client; anything our modules do;
    anything a library does that is not known and harmless."""
    problems = []
    for kind, what, module, phase in found:
        known = any(kind == known_kind and module.endswith("/" + file) for known_kind, file in LIBRARIES)
        if kind in ("network", "aws client") or module.startswith(OURS) or not known:
            problems.append([kind, what, module, phase])
    return problems


@pytest.fixture(scope="module")
def runtime_hooks(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("lambda-runtime")
    (folder / "snapshot_restore_py.py").write_text(FAKE_RUNTIME_HOOKS)
    return folder


@pytest.mark.parametrize("function_id", sorted(Template().of_type("AWS::Serverless::Function")))
def test_handlers_make_nothing_at_import_that_each_copy_of_a_snapshot_would_share(function_id: str) -> None:
    assert unsafe(probe(function_id)["found"]) == []


@pytest.mark.parametrize("function_id", sorted(SNAPSHOT_FUNCTIONS))
def test_a_copy_restored_from_the_snapshot_has_its_routes_and_draws_its_own_random_numbers(
    function_id: str, runtime_hooks: Path
) -> None:
    """Before the snapshot the function loads the routes it serves, and nothing per copy; after
    the restore it re-seeds: without that, every copy would draw the snapshot's next number, and
    retries' jitter (tracker/services/retry.py) would be the same sequence in all of them."""
    restored = probe(function_id, runtime_hooks, run_hooks=True)
    assert unsafe(restored["found"]) == []
    assert SNAPSHOT_FUNCTIONS[function_id] <= set(restored["loaded"])
    assert restored["draw"] != random.Random(SNAPSHOT_SEED).random()


def test_the_probe_catches_a_handler_that_seeds_or_reads_the_clock_as_it_loads(tmp_path: Path) -> None:
    """The check above can fail: a handler doing all of it at import is caught on each count."""
    (tmp_path / "app.py").write_text(
        "import random, time\n"
        "from datetime import datetime\n"
        "import boto3\n"
        "STARTED = datetime.now()\n"
        "BOOT = time.time()\n"
        "random.seed(7)\n"
        "SECRETS = boto3.client('secretsmanager')\n"
        "def lambda_handler(event, context):\n"
        "    return None\n"
    )
    found = probe("ApiFunction", code=tmp_path)["found"]
    kinds = {kind for kind, _, module, _ in found if module == str(tmp_path / "app.py")}
    assert {"clock", "random", "aws client"} <= kinds


def snap_start(setting: str) -> dict[str, tuple[Any, Any]]:
    """Each function's SnapStart and alias as deployed with the parameter SnapStart=setting."""
    template = Template()
    resolver = Resolver.for_template(template)
    resolver.refs["SnapStart"] = setting
    conditions = template.document["Conditions"]
    resolver.conditions = {name: bool(resolver(spec)) for name, spec in conditions.items()}
    return {
        function_id: (
            resolver(spec["Properties"].get("SnapStart", {})).get("ApplyOn", "None"),
            spec["Properties"].get("AutoPublishAlias"),
        )
        for function_id, spec in template.of_type("AWS::Serverless::Function").items()
    }


def test_snapstart_is_off_unless_the_deployment_turns_it_on_for_the_http_functions() -> None:
    assert Template().parameter_defaults()["SnapStart"] == "off"
    assert {applied for applied, _ in snap_start("off").values()} == {"None"}
    deployed = snap_start("on")
    assert {function_id for function_id, (applied, _) in deployed.items() if applied != "None"} == set(
        SNAPSHOT_FUNCTIONS
    )
    # Snapshots are of published versions: the HTTP API calls an alias that always names the latest.
    assert all(deployed[function_id] == ("PublishedVersions", "live") for function_id in SNAPSHOT_FUNCTIONS)
