"""What `keel up` asks supervisord to run, read back by supervisord's own config parser; and
how `up` tells that the agents worker, which serves no port, is ready. Nothing starts here.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from supervisor.datatypes import RestartWhenExitUnexpected
from supervisor.options import ServerOptions

from deploy.embedded import health
from deploy.embedded.programs import GATEWAY, INFRA, WORKER, with_worker
from deploy.embedded.settings import REPO_ROOT, StackSettings
from deploy.embedded.stack import Stack
from deploy.embedded.supervisor import Program, SupervisorError
from keel_runtime.config import SERVICES


@pytest.fixture
def stack(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Stack:
    """A stack in `tmp_path`, with none of the caller's KEEL_*/OTEL_* settings."""
    for name in list(os.environ):
        if name.startswith(("KEEL_", "OTEL_")):
            monkeypatch.delenv(name)
    monkeypatch.setenv("KEEL_HOME", str(tmp_path / "keel"))
    return Stack(StackSettings.from_env())


def supervisord_programs(stack: Stack) -> dict[str, Any]:
    """The conf `keel up` writes, as supervisord parses it: program name → its config."""
    for folder in (stack.settings.logs_dir, stack.settings.run_dir):
        folder.mkdir(parents=True, exist_ok=True)
    stack.supervisord.write_conf(stack.programs())
    options = ServerOptions()
    options.environ_expansions = {}
    options.here = str(stack.settings.home)
    options.read_config(str(stack.supervisord.conf))
    groups = options.configroot.supervisord.process_group_configs
    return {p.name: p for group in groups for p in group.process_configs}


def test_the_worker_is_a_supervised_program_of_the_stack(stack: Stack) -> None:
    programs = supervisord_programs(stack)
    assert sorted(programs) == sorted([*INFRA, *SERVICES, WORKER, GATEWAY])
    worker, agents = programs[WORKER], programs["agents"]
    assert worker.command.split()[1:] == ["-m", "services.agents", "worker"]
    assert worker.command.split()[0] == agents.command.split()[0]  # the same interpreter
    assert worker.directory == agents.directory == str(REPO_ROOT)
    # The agents service's environment (both inherit supervisord's) plus the built-in
    # model for every model id: there are no provider keys here.
    assert worker.environment == {"KEEL_AGENTS_BUILTIN_FOR_ALL": "true"}
    assert agents.environment == {}
    # Restarted when it dies (any exit but 0, which it gives on SIGTERM), like the services.
    assert worker.autorestart is agents.autorestart is RestartWhenExitUnexpected
    assert worker.exitcodes == [0] and worker.startretries == agents.startretries
    assert worker.stdout_logfile == str(stack.settings.log_file(WORKER))
    assert Path(worker.stdout_logfile).parent == Path(agents.stdout_logfile).parent
    # supervisord stops higher priorities first: the worker before the services it calls.
    assert agents.priority < worker.priority < programs[GATEWAY].priority
    assert worker.stopsignal == agents.stopsignal  # SIGTERM
    assert worker.killasgroup and worker.stopasgroup
    assert worker.autostart is False  # `keel up` starts it, after the migrations


def test_the_callers_choice_of_model_wins(stack: Stack, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KEEL_AGENTS_BUILTIN_FOR_ALL", "false")
    programs = supervisord_programs(Stack(stack.settings))
    assert programs[WORKER].environment == {"KEEL_AGENTS_BUILTIN_FOR_ALL": "false"}


def test_the_worker_listens_on_nothing_and_comes_with_agents(stack: Stack) -> None:
    assert stack.listen_ports(WORKER) == []
    assert with_worker(SERVICES) == [WORKER]
    assert with_worker(["catalog", "identity"]) == []


def test_a_value_supervisord_cannot_quote_is_refused(tmp_path: Path) -> None:
    program = Program("x", ["true"], tmp_path, priority=1, environment={"A": 'say "hi"'})
    with pytest.raises(SupervisorError, match="cannot pass A="):
        program.section(tmp_path / "x.log")


def test_ready_once_it_logged_working_since_this_start(tmp_path: Path) -> None:
    log = tmp_path / "agents-worker.log"
    assert health.logged(log, "working") == (False, "no log yet")
    line = {"level": "INFO", "service": "agents", "msg": "working", "concurrency": 8}
    log.write_text(json.dumps(line) + "\n")
    earlier = log.stat().st_size  # where the next start begins writing
    assert health.logged(log, "working")[0]
    assert health.logged(log, "working", earlier) == (False, "not yet 'working'")
    with log.open("a") as out:
        out.write("Traceback (most recent call last): not JSON\n")
        out.write(json.dumps({"msg": "working soon"}) + "\n")
    assert health.logged(log, "working", earlier)[0] is False
    with log.open("a") as out:
        out.write(json.dumps(line) + "\n")
    assert health.logged(log, "working", earlier) == (True, "logged 'working'")
    # Rotated by supervisord meanwhile (a shorter file): all of it is new.
    log.write_text(json.dumps(line) + "\n")
    assert health.logged(log, "working", earlier + 10_000)[0]


def test_its_health_is_supervisords_state() -> None:
    assert health.supervised("RUNNING") == (True, "running (no health port)")
    assert health.supervised("BACKOFF") == (False, "BACKOFF")
    assert health.supervised(None) == (False, "-")
