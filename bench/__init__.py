"""Benchmarks: each ``bench/bench_*.py`` has ``run() -> list[dict]`` comparing us to a floor."""
