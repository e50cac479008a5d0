"""The README's agents walk-through, run as written against the mesh and a worker."""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
from pathlib import Path

from tests.agents.support import Org

README = Path(__file__).resolve().parents[2] / "README.md"
PICK = """pick() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }"""
TEMPLATE = "0a6f3e55-7c1d-4a8e-9b2f-000000000001"  # the Customer Service Agent


def _agents_block() -> str:
    section = README.read_text().split("### Agents and runs", 1)[1]
    match = re.search(r"```sh\n(.*?)```", section, re.S)
    assert match, "the README lost its agents walk-through"
    return match.group(1)


async def test_the_readme_walk_through_works(edge, runner, org: Org):
    env = {**os.environ, "GW": edge.url, "TOKEN": org.owner.access_token, "ORG": org.id,
           "T": TEMPLATE}  # fmt: skip
    script = "set -euo pipefail\n" + PICK + "\n" + _agents_block()
    run = await asyncio.to_thread(
        subprocess.run, ["bash", "-c", script], env=env, capture_output=True, text=True,
        timeout=60, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    lines = run.stdout.strip().splitlines()
    events = [line for line in lines if line.startswith("event:")]
    assert events[:2] == ["event: run.queued", "event: run.started"]
    assert "event: message.delta" in events and events[-1] == "event: run.completed"
    assert "You said: Where is my order 1234?" in lines
    assert "5.0000" in lines
    assert '"role":"assistant"' in lines[-1].replace(" ", "")
