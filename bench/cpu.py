"""Where the CPU went during a measured run, as % of one core per group of processes.

On a 2-core machine the service, its database, Envoy, the load generator and the OTLP
receiver all share two cores; these figures say which of them was the bottleneck.
"""

from __future__ import annotations

import resource
import time
from collections.abc import Mapping

import psutil

LOADGEN = "loadgen"
COLLECTOR = "otlp"
OTHER = "other"  # everything else on the machine: noise from neighbours
_MACHINE = "_machine"


def _tree_seconds(pid: int) -> float:
    """CPU seconds of `pid` and all its descendants, live or reaped (0 when gone).

    A reaped child's time moves into its parent's `children_*` times, so the total only
    grows even as PostgreSQL backends come and go."""
    try:
        root = psutil.Process(pid)
        processes = [root, *root.children(recursive=True)]
    except psutil.Error:
        return 0.0
    total = 0.0
    for process in processes:
        try:
            times = process.cpu_times()
        except psutil.Error:
            continue  # a backend that just exited
        total += times.user + times.system + times.children_user + times.children_system
    return total


def _children_seconds() -> float:
    """CPU seconds of our reaped children: the load generators, once they have finished."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def snapshot(pids: Mapping[str, int]) -> dict[str, float]:
    """CPU seconds so far per group. Our own process time is the in-process OTLP
    receiver's: the benchmark itself only waits on the load generator meanwhile."""
    seconds = {name: _tree_seconds(pid) for name, pid in pids.items()}
    seconds[LOADGEN] = _children_seconds()
    seconds[COLLECTOR] = time.process_time()
    machine = psutil.cpu_times()
    busy = ("user", "nice", "system", "irq", "softirq")  # guest time is already in user
    seconds[_MACHINE] = sum(getattr(machine, field, 0.0) for field in busy)
    return seconds


def usage(before: Mapping[str, float], after: Mapping[str, float], wall: float) -> dict[str, float]:
    """% of one core used per group between two snapshots `wall` seconds apart, and by
    every other process on the machine (`other`)."""
    used = {name: 100.0 * (after[name] - before[name]) / wall for name in after}
    machine = used.pop(_MACHINE)
    used[OTHER] = max(0.0, machine - sum(used.values()))
    return {name: round(value, 1) for name, value in used.items()}
