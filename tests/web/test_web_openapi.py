"""/api/openapi.json promises a shape for every answer: each /api route's success response is
a typed JSON schema (a named model, a list of them, or one of them or null), or a file of a
declared media type."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from reviewdesk.record import open_store
from reviewdesk.web import create_app


def typed(schema: dict[str, Any]) -> bool:
    """Whether a JSON schema names its fields: a reference to a component, an object with
    properties, a list of typed items, or a choice of typed schemas and null."""
    if "$ref" in schema:
        return True
    if "anyOf" in schema:
        return all(typed(x) or x == {"type": "null"} for x in schema["anyOf"])
    if schema.get("type") == "array":
        return typed(schema.get("items", {}))
    return schema.get("type") == "object" and bool(schema.get("properties"))


def untyped_responses(spec: dict[str, Any]) -> list[str]:
    """'METHOD path status media' of every success response without a typed schema."""
    found = []
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            for status, response in operation["responses"].items():
                if not status.startswith("2") or status == "204":
                    continue
                content = response.get("content") or {}
                if not content:
                    found.append(f"{method.upper()} {path} {status} (no content)")
                for media, body in content.items():
                    if media == "application/json" and not typed(body.get("schema", {})):
                        found.append(f"{method.upper()} {path} {status} {media}")
    return found


def test_every_api_route_declares_a_typed_response(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "record.sqlite"))
    spec = TestClient(create_app(store)).get("/api/openapi.json").json()
    store.close()
    api = [p for p in spec["paths"] if p.startswith("/api/")]
    assert len(api) >= 30
    assert untyped_responses(spec) == []


def test_an_untyped_dict_is_caught() -> None:
    loose = {"type": "object", "additionalProperties": True, "title": "Response"}
    spec = {
        "paths": {
            "/api/x": {
                "get": {"responses": {"200": {"content": {"application/json": {"schema": loose}}}}}
            }
        }
    }
    assert untyped_responses(spec) == ["GET /api/x 200 application/json"]
    assert typed({"type": "array", "items": {"$ref": "#/components/schemas/Hit"}})
    assert not typed({"type": "array", "items": loose})
