"""Read template.yaml the way CloudFormation would, enough to stand the stack up locally.

The local stack and the tests build every resource from this file, so the schema the code
runs against locally is the one that deploys (no second copy to drift).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE_PATH = ROOT / "template.yaml"

ACCOUNT_ID = "123456789012"
REGION = "us-east-1"

_FN = "GetAtt Sub Join If Equals Not And Or Select Split FindInMap Base64 ImportValue GetAZs Cidr"
_FUNCTIONS = ("Ref", "Condition", *(f"Fn::{name}" for name in _FN.split()))


class _CfnLoader(yaml.SafeLoader):
    """A YAML loader that understands CloudFormation's short-form tags (!Ref, !Sub, ...)."""


def _construct_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> dict[str, Any]:
    key = suffix if suffix in ("Ref", "Condition") else f"Fn::{suffix}"
    if key not in _FUNCTIONS:
        raise yaml.constructor.ConstructorError(None, None, f"unknown tag !{suffix}", node.start_mark)
    value: Any
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
        if key == "Fn::GetAtt":
            value = str(value).split(".", 1)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)  # type: ignore[arg-type]
    return {key: value}


_CfnLoader.add_multi_constructor("!", _construct_tag)


def load(path: Path = TEMPLATE_PATH) -> dict[str, Any]:
    with path.open(encoding="utf-8") as stream:
        document: dict[str, Any] = yaml.load(stream, Loader=_CfnLoader)  # noqa: S506 - SafeLoader subclass
    return document


@dataclass(frozen=True)
class HttpRoute:
    method: str
    path: str
    function_id: str
    public: bool

    @property
    def route_key(self) -> str:
        return f"{self.method} {self.path}"

    def match(self, method: str, path: str) -> dict[str, str] | None:
        """Path parameters if this route serves the request, else None."""
        if self.method not in ("ANY", method):
            return None
        pattern = "^" + re.sub(r"\\\{([A-Za-z0-9_]+)\\\+\\\}", r"(?P<\1>.+)", re.escape(self.path)) + "$"
        pattern = re.sub(r"\\\{([A-Za-z0-9_]+)\\\}", r"(?P<\1>[^/]+)", pattern)
        found = re.match(pattern, path)
        return found.groupdict() if found else None


@dataclass
class Template:
    document: dict[str, Any] = field(default_factory=load)

    @property
    def resources(self) -> dict[str, dict[str, Any]]:
        resources: dict[str, dict[str, Any]] = self.document["Resources"]
        return resources

    def of_type(self, *types: str) -> dict[str, dict[str, Any]]:
        return {name: spec for name, spec in self.resources.items() if spec["Type"] in types}

    @property
    def function_globals(self) -> dict[str, Any]:
        function_globals: dict[str, Any] = self.document.get("Globals", {}).get("Function", {})
        return function_globals

    def function_property(self, function_id: str, name: str) -> Any:
        properties = self.resources[function_id]["Properties"]
        return properties.get(name, self.function_globals.get(name))

    def parameter_defaults(self) -> dict[str, str]:
        return {
            name: str(spec.get("Default", "")) for name, spec in self.document.get("Parameters", {}).items()
        }

    def function_variables(self, function_id: str) -> dict[str, Any]:
        """Globals' environment variables overlaid with the function's own, unresolved."""
        variables = dict(self.function_globals.get("Environment", {}).get("Variables", {}))
        own = self.resources[function_id]["Properties"].get("Environment", {})
        variables.update(own.get("Variables", {}))
        # A function drops a global variable with !Ref AWS::NoValue, as CloudFormation does.
        return {name: value for name, value in variables.items() if value != {"Ref": "AWS::NoValue"}}

    def example_environment(self, function_id: str) -> dict[str, str]:
        """A function's environment as a deployment would give it, with made-up resource ids:
        for importing a handler outside the stack (import checks, cold-start measurements)."""
        resolver = Resolver.for_template(self)
        resolver.refs.update(
            TrackerTable="networking-tracker-TrackerTable-EXAMPLE",
            LinkSigningSecret=f"arn:aws:secretsmanager:{REGION}:{ACCOUNT_ID}:secret:link-signing-AbCdEf",
            ReminderQueue=f"https://sqs.{REGION}.amazonaws.com/{ACCOUNT_ID}/networking-tracker-reminders",
            DispatchPages=f"https://sqs.{REGION}.amazonaws.com/{ACCOUNT_ID}/networking-tracker-dispatch-pages",
            UserPool=f"{REGION}_AbCdEf123",
            UserPoolClient="1example23456789abcdefghij",
            EmailConfigurationSet="networking-tracker-email",
            HttpApi="example123",
        )
        variables = self.function_variables(function_id)
        return {name: str(resolver(value)) for name, value in variables.items()}

    def http_routes(self) -> list[HttpRoute]:
        """Every HttpApi event of every function. A route is public only when it says so."""
        routes = []
        for function_id, spec in self.of_type("AWS::Serverless::Function").items():
            for event in (spec["Properties"].get("Events") or {}).values():
                if event["Type"] != "HttpApi":
                    continue
                properties = event.get("Properties") or {}
                authorizer = (properties.get("Auth") or {}).get("Authorizer")
                routes.append(
                    HttpRoute(
                        method=str(properties.get("Method", "ANY")).upper(),
                        path=properties.get("Path", "/{proxy+}"),
                        function_id=function_id,
                        public=authorizer == "NONE",
                    )
                )
        # API Gateway prefers the most specific route: literal paths before parameters.
        return sorted(routes, key=lambda r: (r.path.count("{"), -len(r.path), r.method == "ANY"))


def references(value: Any) -> set[str]:
    """Logical ids a property value refers to (Ref, GetAtt, and ${...} inside Sub)."""
    found: set[str] = set()
    if isinstance(value, dict):
        for key, inner in value.items():
            if key == "Ref" and isinstance(inner, str):
                found.add(inner)
            elif key == "Fn::GetAtt":
                found.add(inner[0] if isinstance(inner, list) else str(inner).split(".")[0])
            elif key == "Fn::Sub":
                text = inner[0] if isinstance(inner, list) else inner
                found.update(name.split(".")[0] for name in re.findall(r"\$\{([^}!]+)\}", text))
                if isinstance(inner, list):
                    found.update(references(inner[1]))
            else:
                found.update(references(inner))
    elif isinstance(value, list):
        for inner in value:
            found.update(references(inner))
    return found


@dataclass
class Resolver:
    """Evaluates intrinsic functions against what has been provisioned so far."""

    refs: dict[str, str]
    attributes: dict[tuple[str, str], str]
    conditions: Mapping[str, bool] = field(default_factory=dict)

    @classmethod
    def for_template(cls, template: Template) -> Resolver:
        refs = {
            "AWS::Region": REGION,
            "AWS::AccountId": ACCOUNT_ID,
            "AWS::Partition": "aws",
            "AWS::URLSuffix": "amazonaws.com",
            "AWS::StackName": "networking-tracker-local",
            "AWS::NoValue": "",
            **template.parameter_defaults(),
        }
        resolver = cls(refs=refs, attributes={})
        resolver.conditions = {
            name: bool(resolver(spec)) for name, spec in template.document.get("Conditions", {}).items()
        }
        return resolver

    def __call__(self, value: Any) -> Any:
        if isinstance(value, list):
            return [self(item) for item in value]
        if not isinstance(value, dict):
            return value
        if len(value) == 1:
            ((key, inner),) = value.items()
            handler = self._functions().get(key)
            if handler is not None:
                return handler(inner)
        return {key: self(inner) for key, inner in value.items()}

    def _functions(self) -> dict[str, Callable[[Any], Any]]:
        return {
            "Ref": lambda name: self.refs[name],
            "Fn::GetAtt": lambda spec: self.attributes[(spec[0], spec[1])],
            "Fn::Sub": self._sub,
            "Fn::Join": lambda spec: str(spec[0]).join(str(self(item)) for item in self(spec[1])),
            "Fn::If": lambda spec: self(spec[1]) if self.conditions[spec[0]] else self(spec[2]),
            "Fn::Equals": lambda spec: self(spec[0]) == self(spec[1]),
            "Fn::Not": lambda spec: not self(spec[0]),
            "Fn::And": lambda spec: all(self(item) for item in spec),
            "Fn::Or": lambda spec: any(self(item) for item in spec),
            "Fn::Select": lambda spec: self(spec[1])[int(self(spec[0]))],
            "Fn::Split": lambda spec: str(self(spec[1])).split(spec[0]),
            "Condition": lambda name: self.conditions[name],
        }

    def _sub(self, spec: Any) -> str:
        text, variables = (spec[0], self(spec[1])) if isinstance(spec, list) else (spec, {})

        def replace(found: re.Match[str]) -> str:
            name = found.group(1)
            if name in variables:
                return str(variables[name])
            if "." in name and not name.startswith("AWS::"):
                logical, attribute = name.split(".", 1)
                return self.attributes[(logical, attribute)]
            return self.refs[name]

        return re.sub(r"\$\{([^}!]+)\}", replace, str(text))
