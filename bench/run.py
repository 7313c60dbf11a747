"""Run every benchmark and print ratios against the raw library doing the same work.

Usage: ``.venv/bin/python -m bench.run [NAME ...] [--quick]``  (or ``./run-bench``)

Each ``bench/bench_<name>.py`` exposes ``run(quick: bool = False) -> list[dict]`` whose rows
have ``name``, ``rows``, ``ours_s``, ``floor_s``, ``ratio``, ``target`` and ``note``; the floor
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
    head = f"{'benchmark':44} {'rows':>9} {'ours s':>9} {'floor s':>9} {'ratio':>7} {'target':>7}  note"
    lines = [head, "-" * len(head)]
    for r in rows:
        target = r.get("target")
        ok = "" if target is None else ("  ok" if r["ratio"] <= target else "  OVER")
        lines.append(
            f"{r['name'][:44]:44} {r.get('rows', ''):>9} {r['ours_s']:>9.3f} {r['floor_s']:>9.3f} "
            f"{r['ratio']:>7.2f} {'' if target is None else f'{target:.2f}':>7}{ok}  {r.get('note', '')}"
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
