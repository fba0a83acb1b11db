"""Timing and peak-memory helpers, and the launcher for measurement subprocesses."""

from __future__ import annotations

import gc
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

HERE = Path(__file__).resolve().parent

# A first run slower than this is kept as a timed repeat: warm-up effects (loading the plugin,
# compiling a regex) are noise next to it, and re-running a slow baseline would cost minutes.
WARMUP_KEEP_SECONDS = 0.5


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    """Seconds for one call of ``fn`` and its result, with the cyclic GC collected beforehand
    and paused during the call (as ``timeit`` does), so one method's garbage is not billed to
    the next."""
    gc.collect()
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        start = time.perf_counter()
        result = fn()
        seconds = time.perf_counter() - start
    finally:
        if was_enabled:
            gc.enable()
    return seconds, result


@dataclass
class Timing:
    seconds: list[float] = field(default_factory=list)
    result: Any = None

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)


def time_round_robin(calls: dict[str, Callable[[], Any]], repeats: int) -> dict[str, Timing]:
    """Median-ready timings of several calls on the same data.

    The first call of each is a warm-up whose result is kept for the correctness check. The
    repeats then go round-robin over the calls, so a burst of load from a neighbour on this
    shared machine lands on all methods alike instead of on one method's five runs.
    """
    timings: dict[str, Timing] = {}
    for name, call in calls.items():
        seconds, result = timed(call)
        timings[name] = Timing(result=result)
        if seconds > WARMUP_KEEP_SECONDS:
            timings[name].seconds.append(seconds)
    for _ in range(repeats):
        for name, call in calls.items():
            if len(timings[name].seconds) < repeats:
                timings[name].seconds.append(timed(call)[0])
    return timings


# --- memory ----------------------------------------------------------------------------------


def proc_status_kb(key: str) -> int | None:
    """A ``VmRSS``/``VmHWM``-style field of /proc/self/status in KiB (None off Linux)."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def reset_peak_rss() -> bool:
    """Resets this process's peak RSS to its current RSS (Linux >= 4.0: ``clear_refs`` 5).

    Without this the peak would still hold the transient memory of building the data, which
    can exceed what the measured method adds on top of the steady state.
    """
    try:
        with open("/proc/self/clear_refs", "w") as clear_refs:
            clear_refs.write("5")
    except OSError:
        return False
    return True


def peak_rss_kb() -> int:
    """Peak RSS of this process in KiB: ``VmHWM``, which ``reset_peak_rss`` resets.

    ``ru_maxrss`` (RUSAGE_SELF) is the fallback off Linux. It cannot be used after a reset:
    the kernel folds the peak into it for good whenever a thread exits, and the thread pools
    of Polars, pyarrow and DuckDB start and stop threads while the data is built.
    """
    hwm = proc_status_kb("VmHWM")
    if hwm is not None:
        return hwm
    peak = int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    return peak // 1024 if sys.platform == "darwin" else peak  # macOS reports bytes


# --- subprocesses ----------------------------------------------------------------------------


def run_child(args: list[str], env: dict[str, str] | None = None) -> dict[str, Any]:
    """Runs ``child.py`` with ``args`` in a fresh interpreter and returns its JSON report.

    The child is started by script path with this directory as cwd: its ``sys.path[0]`` is
    then ``benchmarks/``, never the repository root, whose uninstalled source package (no
    compiled extension) would shadow the installed ``wordcount_polars``.
    """
    full_env = dict(os.environ)
    full_env.update(env or {})
    proc = subprocess.run(
        [sys.executable, str(HERE / "child.py"), *args],
        capture_output=True,
        text=True,
        env=full_env,
        cwd=HERE,
        check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(
            f"benchmark child {args} failed ({proc.returncode}):\n{proc.stderr[-4000:]}"
        )
    return json.loads(proc.stdout.strip().splitlines()[-1])
