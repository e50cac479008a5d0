"""The committed client is the one the document makes: regenerated into a temporary folder
by the same command (`make client`), it is byte for byte what is committed."""

from __future__ import annotations

import filecmp
import importlib.util
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
COMMITTED = ROOT / "clients" / "python" / "keel_client" / "generated"


def _generator():  # the script is not a package of the repository: loaded from its path
    spec = importlib.util.spec_from_file_location("generate", ROOT / "clients/python/generate.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _files(folder: Path) -> set[str]:
    return {
        str(path.relative_to(folder))
        for path in folder.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }


def test_the_committed_client_is_the_one_the_document_generates(tmp_path: Path):
    fresh = _generator().generate(tmp_path / "generated")
    committed, generated = _files(COMMITTED), _files(fresh)
    assert committed == generated, (
        f"only committed: {sorted(committed - generated)}; "
        f"only generated: {sorted(generated - committed)}: run `make client`"
    )
    _, differ, errors = filecmp.cmpfiles(COMMITTED, fresh, sorted(committed), shallow=False)
    assert not differ and not errors, f"{differ + errors} differ: run `make client`"


def test_every_operation_of_the_document_has_its_function():
    """Each operation is a module of keel_client.generated.api (only Stripe's webhook,
    which takes Stripe's raw bytes, is left out, and named so by the generator's script)."""
    generate = _generator()
    document = generate.document()
    names = {path.stem for path in (COMMITTED / "api").rglob("*.py")}
    missing = []
    for route, operations in document["paths"].items():
        for method, operation in operations.items():
            if not isinstance(operation, dict) or "operationId" not in operation:
                continue
            module = _snake(operation["operationId"])
            if module not in names and f"{method.upper()} {route}" not in generate.SKIPPED:
                missing.append(f"{method.upper()} {route} ({module})")
    assert not missing


def _snake(operation_id: str) -> str:
    from openapi_python_client.strings import snake_case

    return snake_case(operation_id)


def test_the_command_fails_when_the_generator_leaves_something_out():
    """The generator's own log of a document it could not take whole (its first run on ours,
    before the enum titles): each operation and schema it dropped is named, Stripe's
    webhook is not."""
    log = (
        "WARNING parsing POST /v1/agents within agent_service. Endpoint will not be generated."
        "\n\nCould not find reference in parsed models or enums\n\n"
        "WARNING parsing GET /v1/agents within agent_service.\n\nCannot parse response for "
        "status code 200 (Could not find reference), response will be omitted\n\n"
        "WARNING parsing POST /v1/webhooks/stripe within stripe_webhook_service. Endpoint "
        "will not be generated.\n\nMissing schema\n\n"
        "Unable to process schema /components/schemas/keel.catalog.v1.Tool:\n\n"
        "Found conflicting enums named KeelCatalogV1ToolKind with incompatible values.\n"
    )
    assert _generator().problems(log) == [
        "GET /v1/agents", "POST /v1/agents", "/components/schemas/keel.catalog.v1.Tool",
    ]  # fmt: skip


def test_enum_components_named_like_a_property_enum_are_titled_apart():
    generate = _generator()
    document: dict[str, Any] = {"components": {"schemas": {
        "keel.catalog.v1.Tool": {"type": "object", "properties": {
            "kind": {"type": "string", "enum": ["TOOL_KIND_BUILTIN", "TOOL_KIND_MCP"]}}},
        "keel.catalog.v1.ToolKind": {"type": "string", "enum": [
            "TOOL_KIND_UNSPECIFIED", "TOOL_KIND_BUILTIN", "TOOL_KIND_MCP"]},
        "keel.catalog.v1.Category": {"type": "string", "enum": ["A"]},
    }}}  # fmt: skip
    schemas = generate.adapted(document)["components"]["schemas"]
    assert schemas["keel.catalog.v1.ToolKind"]["title"] == "KeelCatalogV1ToolKindEnum"
    assert "title" not in schemas["keel.catalog.v1.Category"]
    assert "title" not in document["components"]["schemas"]["keel.catalog.v1.ToolKind"]
