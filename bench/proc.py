"""Whole processes timed side by side: wall seconds and CPU seconds (user + system of the child),
alternating the jobs each round so every job sees the same machine load; median and spread.

CPU time is what the ratio uses by default: on a shared machine a process waits for a core as
long as it runs, so wall time mostly measures the neighbours; CPU time is the work done.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True, slots=True)
class Timing:
    wall: float
    cpu: float


def env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}


def timed(
    cmd: Sequence[str], cwd: Path = ROOT, extra_env: Mapping[str, str] | None = None
) -> Timing:
    """Run ``cmd`` to the end; its wall and CPU seconds (fails loudly on a non-zero exit).
    ``extra_env`` is added to the child's environment."""
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    proc = subprocess.run(
        list(cmd),
        cwd=cwd,
        env={**env(), **(extra_env or {})},
        capture_output=True,
        text=True,
        timeout=900,
    )
    wall = time.perf_counter() - t0
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise RuntimeError(f"{list(cmd)[:6]} failed ({proc.returncode}): {proc.stderr[-2000:]}")
    cpu = (r1.ru_utime - r0.ru_utime) + (r1.ru_stime - r0.ru_stime)
    return Timing(wall, cpu)


def alternate(jobs: Mapping[str, Callable[[], Timing]], runs: int) -> dict[str, list[Timing]]:
    """Each job ``runs`` times, the order rotated each round, after one untimed warm-up each."""
    for job in jobs.values():
        job()  # page cache, bytecode
    names = list(jobs)
    out: dict[str, list[Timing]] = {k: [] for k in names}
    for i in range(runs):
        for name in names[i % len(names) :] + names[: i % len(names)]:
            out[name].append(jobs[name]())
    return out


@dataclass(frozen=True, slots=True)
class Spread:
    median: float
    low: float
    high: float

    def __str__(self) -> str:
        return f"{self.median:.2f} [{self.low:.2f}–{self.high:.2f}]"


def spread(xs: Sequence[float]) -> Spread:
    return Spread(statistics.median(xs), min(xs), max(xs))


def compare(
    name: str, ours: list[Timing], ref: list[Timing], target: float, reference: str, rows: int = 0
) -> dict[str, object]:
    """One row of the bench table: ratio of CPU seconds paired run by run, wall in the note."""
    cpu = spread([o.cpu / r.cpu for o, r in zip(ours, ref, strict=True)])
    wall = spread([o.wall / r.wall for o, r in zip(ours, ref, strict=True)])
    o_cpu, r_cpu = spread([t.cpu for t in ours]), spread([t.cpu for t in ref])
    o_wall, r_wall = spread([t.wall for t in ours]), spread([t.wall for t in ref])
    return {
        "name": name,
        "rows": rows,
        "kind": "process",
        "ours_s": o_cpu.median,
        "floor_s": r_cpu.median,
        "ratio": cpu.median,
        "ratio_low": cpu.low,
        "ratio_high": cpu.high,
        "target": target,
        "runs": len(ours),
        "note": f"CPU s: ours {o_cpu}, {reference} {r_cpu}; wall s: ours {o_wall}, "
        f"ref {r_wall}, wall ratio {wall}",
    }
