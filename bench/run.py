"""Run every benchmark and print ratios against the raw library doing the same work.

Usage: ``.venv/bin/python -m bench.run [NAME ...] [--quick]``  (or ``./run-bench``)

Each ``bench/bench_<name>.py`` exposes ``run(quick: bool = False) -> list[dict]`` whose rows
have ``name``, ``rows``, ``ours_s``, ``floor_s``, ``ratio``, ``target`` and ``note`` (and
optionally ``kind`` — "process" for whole processes — and ``ratio_low``/``ratio_high``, the
spread of the paired ratios); the floor
is measured in the same run on the same machine, so ratios are comparable across machines.
Results are also written to ``bench/out/results.json``.
"""

from __future__ import annotations

import argparse
import importlib
import inspect
import json
import pkgutil
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"


def discover() -> list[str]:
    return sorted(
        m.name.removeprefix("bench_")
        for m in pkgutil.iter_modules([str(HERE)])
        if m.name.startswith("bench_")
    )


def run_one(name: str, quick: bool) -> list[dict[str, Any]]:
    module = importlib.import_module(f"bench.bench_{name}")
    fn = module.run
    kwargs = {"quick": quick} if "quick" in inspect.signature(fn).parameters else {}
    started = time.perf_counter()
    rows: list[dict[str, Any]] = fn(**kwargs)
    for r in rows:
        r.setdefault("bench", name)
    print(f"  ({name}: {time.perf_counter() - started:.1f} s)", file=sys.stderr)
    return rows


def fmt(rows: list[dict[str, Any]]) -> str:
    """One table: job, whole process or in-process, fundledger, reference, ratio [spread],
    target and whether it is met (on the median ratio)."""
    head = (
        f"{'job':46} {'how':>7} {'rows':>9} {'fundledger s':>12} {'reference s':>12} "
        f"{'ratio [spread]':>19} {'target':>7} {'met?':>5}  note"
    )
    lines = [head, "-" * len(head)]
    for r in rows:
        target = r.get("target")
        met = "" if target is None else ("yes" if r["ratio"] <= target else "NO")
        ratio = f"{r['ratio']:.2f}"
        if "ratio_low" in r:
            ratio += f" [{r['ratio_low']:.2f}–{r['ratio_high']:.2f}]"
        lines.append(
            f"{r['name'][:46]:46} {r.get('kind', 'in-proc'):>7} {r.get('rows', ''):>9} "
            f"{r['ours_s']:>12.3f} {r['floor_s']:>12.3f} {ratio:>19} "
            f"{'' if target is None else f'{target:.2f}':>7} {met:>5}  {r.get('note', '')}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help=f"benchmarks to run (default all: {discover()})")
    parser.add_argument("--quick", action="store_true", help="smaller sizes, for a smoke run")
    args = parser.parse_args(argv)
    rows: list[dict[str, Any]] = []
    for name in args.names or discover():
        rows.extend(run_one(name, args.quick))
    print(fmt(rows))
    OUT.mkdir(exist_ok=True)
    (OUT / "results.json").write_text(json.dumps(rows, indent=2, default=str))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
