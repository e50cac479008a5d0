"""The README's templates walk-through, run as written against the mesh."""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
from pathlib import Path

from tests.catalog.support import Org

README = Path(__file__).resolve().parents[2] / "README.md"
PICK = """pick() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }"""


def _templates_block() -> str:
    section = README.read_text().split("### Templates", 1)[1]
    match = re.search(r"```sh\n(.*?)```", section, re.S)
    assert match, "the README lost its templates walk-through"
    return match.group(1)


async def test_the_readme_walk_through_works(org: Org, edge):
    env = {**os.environ, "GW": edge.url, "TOKEN": org.owner.access_token, "ORG": org.id}
    script = "set -euo pipefail\n" + PICK + "\n" + _templates_block()
    run = await asyncio.to_thread(
        subprocess.run, ["bash", "-c", script], env=env, capture_output=True, text=True,
        timeout=60, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    lines = run.stdout.strip().splitlines()
    assert lines[0] == "Customer Service Agent"
    assert "data-analysis" in run.stdout and "Data Analyst Agent" in run.stdout
    assert any("escalate" in line.lower() for line in lines)
    assert lines[-1] == "2"
