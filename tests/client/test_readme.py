"""The client's README quickstart (clients/python/README.md, the root README's too), run as
written against the live gateway and a worker: only the gateway's address and the e-mail
address (a new one each time) are changed."""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import sys
from pathlib import Path

from tests.identity.people import unique_email

README = Path(__file__).resolve().parents[2] / "clients" / "python" / "README.md"


def quickstart() -> str:
    match = re.search(r"```python\n(.*?)```", README.read_text(), re.S)
    assert match, "the client's README lost its quickstart"
    return match.group(1)


def test_the_quickstart_is_what_the_root_readme_shows_too():
    """Where the root README quotes the quickstart, it quotes it as tested here."""
    root = (README.parents[2] / "README.md").read_text()
    if "keel_client" in root:
        assert quickstart() in root


async def test_the_quickstart_runs_as_written(edge, runner):
    script = quickstart()
    assert 'GW = "http://127.0.0.1:8080"' in script and "ann@example.com" in script
    script = script.replace("http://127.0.0.1:8080", edge.url).replace(
        "ann@example.com", unique_email("ann")
    )
    run = await asyncio.to_thread(
        subprocess.run, [sys.executable, "-c", script], env=dict(os.environ),
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    lines = run.stdout.strip().splitlines()
    types = [line.split(" ", 1)[0] for line in lines[:-3]]
    assert types[:2] == ["run.queued", "run.started"] and types[-1] == "run.completed", lines
    said = "".join(line.split(" ", 1)[1] for line in lines if line.startswith("message.delta "))
    assert said == "You said: Where is my order 1234?"
    assert lines[-3:] == [said, "['Acme support']", "404 NOT_FOUND RUN_NOT_FOUND"]
