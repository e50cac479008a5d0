"""OpenAPI links: what a create answers feeds the operations on what it created.

Keel's resources follow one naming rule: a create (POST) answers `{"<resource>": {"id":
…}}`, and the routes on that resource name it `{<resource>_id}` in their path. So a link
goes from every such create to every operation whose path variables are that id and
variables the create's own path has (`{org_id}` of the create, `$request.path.org_id`).
Clients and schemathesis's stateful tests follow them: create, then read, update, delete.
Event streams are left out: they last as long as the run they follow.
"""

from __future__ import annotations

import re
from typing import Any

Json = dict[str, Any]
_VARIABLE = re.compile(r"\{([^}]+)\}")
SCHEMAS = "#/components/schemas/"


def add_links(document: Json) -> None:
    """Give every create's 200 response its links, in place."""
    operations = [
        (path, operation)
        for path, item in document["paths"].items()
        for operation in item.values()
        if not _streams(operation)
    ]
    for path, item in document["paths"].items():
        create = item.get("post")
        if create is None:
            continue
        links = {}
        for resource in _created(document, create):
            for target_path, target in operations:
                parameters = _parameters(resource, path, target_path)
                if parameters and target is not create:
                    links[target["operationId"]] = {
                        "operationId": target["operationId"],
                        "parameters": parameters,
                        "description": f"The `{resource}` this call created.",
                    }
        if links:
            create["responses"]["200"]["links"] = links


def _streams(operation: Json) -> bool:
    """Server-Sent Events: they last as long as what they follow, not a step to link to."""
    return "text/event-stream" in operation["responses"]["200"].get("content", {})


def _created(document: Json, operation: Json) -> list[str]:
    """The response fields that are a message with an `id`: the resources it answers."""
    schemas = document["components"]["schemas"]
    content = operation["responses"]["200"].get("content", {}).get("application/json", {})
    response = schemas.get(content.get("schema", {}).get("$ref", "").removeprefix(SCHEMAS), {})
    created = []
    for name, schema in response.get("properties", {}).items():
        target = schemas.get(schema.get("$ref", "").removeprefix(SCHEMAS), {})
        if "id" in target.get("properties", {}):
            created.append(name)
    return created


def _parameters(resource: str, source_path: str, target_path: str) -> Json | None:
    """The target's path variables: the created id and the source's own, else None."""
    variables = _VARIABLE.findall(target_path)
    own = set(_VARIABLE.findall(source_path))
    if f"{resource}_id" not in variables or not set(variables) - {f"{resource}_id"} <= own:
        return None
    return {
        name: f"$response.body#/{resource}/id"
        if name == f"{resource}_id"
        else f"$request.path.{name}"
        for name in variables
    }
