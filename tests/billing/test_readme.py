"""The README's credits and Stripe-webhook walk-through, run as written against the mesh."""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
from pathlib import Path

from tests.billing.conftest import Org

README = Path(__file__).resolve().parents[2] / "README.md"
PICK = """pick() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }"""


def _billing_block() -> str:
    section = README.read_text().split("### Credits and billing", 1)[1]
    match = re.search(r"```sh\n(.*?)```", section, re.S)
    assert match, "the README lost its credits walk-through"
    return match.group(1)


async def test_the_readme_walk_through_works(org: Org, edge, webhook_secret):
    env = {
        **os.environ,
        "GW": edge.url,
        "TOKEN": org.owner.access_token,
        "ORG": org.id,
        "WHSEC": webhook_secret,
    }
    script = "set -euo pipefail\n" + PICK + "\n" + _billing_block()
    run = await asyncio.to_thread(
        subprocess.run,
        ["bash", "-c", script],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    lines = run.stdout.strip().splitlines()
    assert lines[0] == "16.5"
    assert lines[-1] == "116.5"
    assert lines.count('{"received":true}') == 3
