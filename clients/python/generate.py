"""Regenerate keel_client.generated from the protos: `make client` (or `python
clients/python/generate.py [--out DIR]`).

1. The OpenAPI 3.1 document is rendered from the descriptor set (gen/keel.binpb) by the
   gateway's own code, as the gateway serves it at /openapi.json.
2. One adaptation for the generator's naming (the document itself stays as it is): an enum
   property's inline schema is named <Message><Field>, which for a message named like the
   enum's prefix (`Tool.kind`, with the proto enum `ToolKind` as its own component) is the
   component's name too, and openapi-python-client then drops both. The component (the proto
   enum with every value, `*_UNSPECIFIED` included) is titled `<Name>Enum`; the property
   (its values as the services accept them) keeps the plain name.
3. openapi-python-client (pinned in pyproject.toml's dev extras) with generator.yaml.
4. ruff with fixed options (not the repository's configuration), so the same document gives
   the same bytes.

Operations the generator skips fail the command, except those in SKIPPED (Stripe's
webhook, which takes Stripe's raw bytes and is not for API clients), so an RPC added later
cannot silently go missing from the client.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
CONFIG = HERE / "generator.yaml"
DEFAULT_OUT = HERE / "keel_client" / "generated"
PACKAGE = "keel_client.generated"
SKIPPED = frozenset({"POST /v1/webhooks/stripe"})
RUFF = ["--isolated", "--line-length", "100", "--target-version", "py311"]

sys.path.insert(0, str(ROOT))


def document(descriptor: Path | None = None) -> dict[str, Any]:
    """The OpenAPI document the gateway serves, from `descriptor` (gen/keel.binpb)."""
    from gateway.openapi import openapi_document
    from gateway.settings import DEFAULT_DESCRIPTOR

    return openapi_document(descriptor or DEFAULT_DESCRIPTOR)


def adapted(doc: dict[str, Any]) -> dict[str, Any]:
    """`doc` with the enum components whose class name an enum property's would take
    titled `<Name>Enum` (see the module's docstring)."""
    from openapi_python_client.strings import ClassName, pascal_case

    doc = json.loads(json.dumps(doc))
    schemas: dict[str, Any] = doc.get("components", {}).get("schemas", {})
    by_class = {ClassName(name, ""): name for name in schemas}
    for name, schema in sorted(schemas.items()):
        for prop, value in sorted((schema.get("properties") or {}).items()):
            if "enum" not in value or "title" in value:
                continue
            taken = by_class.get(ClassName(f"{pascal_case(name)}{pascal_case(prop)}", ""))
            if taken is not None and "enum" in schemas[taken] and "title" not in schemas[taken]:
                schemas[taken]["title"] = f"{ClassName(taken, '')}Enum"
    return doc


def problems(log: str) -> list[str]:
    """What the generator's output says it left out, beyond SKIPPED: an operation it warned
    about (skipped whole, or its response omitted) or a schema it could not process."""
    warned = set(re.findall(r"WARNING parsing (\w+ \S+) within", log)) - SKIPPED
    dropped = set(re.findall(r"Unable to process schema (\S+?):", log))
    return sorted(warned) + sorted(dropped)


def generate(out: Path, descriptor: Path | None = None) -> Path:
    """Write the generated package to `out` (replaced whole); returns `out`."""
    with tempfile.TemporaryDirectory(prefix="keel-client-") as tmp:
        spec = Path(tmp) / "openapi.json"
        spec.write_text(json.dumps(adapted(document(descriptor)), indent=2, sort_keys=True))
        built = Path(tmp) / "generated"
        result = subprocess.run(
            [sys.executable, "-m", "openapi_python_client", "generate", "--path", str(spec),
             "--output-path", str(built), "--meta", "none", "--config", str(CONFIG)],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        log = result.stdout + result.stderr
        if result.returncode != 0 or not built.is_dir():
            raise SystemExit(f"openapi-python-client failed:\n{log}")
        if problems(log):
            raise SystemExit(f"openapi-python-client left out {problems(log)}:\n{log}")
        ruff = [sys.executable, "-m", "ruff"]
        subprocess.run([*ruff, "check", *RUFF, "--fix-only", "--select", "I,F401", "--quiet",
                        str(built)], check=True)  # fmt: skip
        subprocess.run([*ruff, "format", *RUFF, "--quiet", str(built)], check=True)
        if out.exists():
            shutil.rmtree(out)
        shutil.copytree(built, out)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="the package's folder")
    parser.add_argument("--descriptor", type=Path, help="the descriptor set (gen/keel.binpb)")
    args = parser.parse_args(argv)
    print(generate(args.out, args.descriptor))
    return 0


if __name__ == "__main__":
    sys.exit(main())
