"""The API describes itself: OpenAPI 3.1 at /openapi.json, Swagger UI at /docs, both public."""

from __future__ import annotations

from typing import Any

from local.template import Template
from tests.conftest import ApiClient, invoke


def public_get(api: ApiClient, path: str) -> Any:
    event = api.event("GET", path)
    del event["requestContext"]["authorizer"]  # the public routes have no authorizer
    return invoke(event)


def test_openapi_document_covers_every_route_with_the_error_shape(api: ApiClient, template: Template) -> None:
    reply = public_get(api, "/openapi.json")
    assert reply.status == 200
    document = reply.body
    assert document["openapi"].startswith("3.1")
    assert document["components"]["securitySchemes"]["cognito"] == {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "JWT",
        "description": "Cognito ID token",
    }
    assert document["security"] == [{"cognito": []}]
    documented = {
        f"{method.upper()} {path}" for path, operations in document["paths"].items() for method in operations
    }
    private = {route.route_key for route in template.http_routes() if not route.public}
    assert documented == private
    error_ref = "#/components/schemas/ErrorBody"
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            assert operation["responses"]["401"]["content"]["application/json"]["schema"]["$ref"] == error_ref
            assert operation.get("summary"), (method, path)
    assert "201" in document["paths"]["/contacts"]["post"]["responses"]
    assert "422" in document["paths"]["/contacts"]["post"]["responses"]
    contact = document["components"]["schemas"]["ContactCreate"]
    assert contact["required"] == ["name"]
    assert contact["additionalProperties"] is False


def test_swagger_ui_is_served_from_the_function_itself(api: ApiClient) -> None:
    reply = public_get(api, "/docs")
    assert reply.status == 200
    assert reply.headers["content-type"].startswith("text/html")
    assert "SwaggerUIBundle" in reply.body
    assert "Networking Tracker API" in reply.body
    assert "cdn." not in reply.body  # works offline: assets are inline
