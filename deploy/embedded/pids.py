"""The stack's processes by pid, so that `keel down` finds and ends every one of them.

supervisord knows its programs, but not their children (postgres' backends, Envoy's
workers), and not at all once it died; so `keel up` records the pids it saw and `down`
waits for those, and kills what is left.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import psutil

from deploy.embedded.postgres import EmbeddedPostgres
from deploy.embedded.supervisor import Supervisord


def live(supervisord: Supervisord, pg: EmbeddedPostgres) -> list[psutil.Process]:
    """supervisord, its programs with all their children, and the postmaster."""
    pids = [supervisord.pid(), pg.pid()]
    if supervisord.is_running():
        pids += [info["pid"] for info in supervisord.processes().values()]
    processes: dict[int, psutil.Process] = {}
    for pid in {p for p in pids if p}:
        try:
            process = psutil.Process(pid)
            family = [process, *process.children(recursive=True)]
        except psutil.NoSuchProcess:
            continue
        processes.update((p.pid, p) for p in family)
    return list(processes.values())


def record(pids_file: Path, processes: list[psutil.Process]) -> None:
    """Remember `processes` (pid and start time: a reused pid is not ours)."""
    pids_file.write_text(json.dumps([[p.pid, p.create_time()] for p in processes]))


def tracked(pids_file: Path, found: list[psutil.Process]) -> list[psutil.Process]:
    """`found` and the recorded processes that still run."""
    by_pid = {p.pid: p for p in found}
    try:
        records = json.loads(pids_file.read_text())
    except (FileNotFoundError, ValueError):
        records = []
    for pid, created in records:
        try:
            process = psutil.Process(pid)
            if abs(process.create_time() - created) < 0.01:  # the same process, not a reuse
                by_pid.setdefault(pid, process)
        except psutil.NoSuchProcess:
            pass
    return list(by_pid.values())


def running(process: psutil.Process) -> bool:
    """Alive and the same process (pid not reused); exited-but-unreaped counts as gone."""
    try:
        return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def reap(processes: list[psutil.Process], grace: float = 10.0) -> list[int]:
    """Wait for `processes` to exit; kill what is left after `grace`. Returns killed pids."""
    deadline = time.monotonic() + grace
    while (alive := [p for p in processes if running(p)]) and time.monotonic() < deadline:
        time.sleep(0.1)
    for process in alive:
        try:
            process.kill()
        except psutil.NoSuchProcess:
            pass
    return [p.pid for p in alive]
