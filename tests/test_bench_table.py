"""The bench table: paired ratios with their spread and whether each target is met (no timings)."""

from bench.proc import Timing, compare, spread
from bench.run import fmt


def test_compare_pairs_cpu_ratios_run_by_run_and_fmt_says_met() -> None:
    ours = [Timing(wall=3.0, cpu=0.9), Timing(wall=2.0, cpu=1.2), Timing(wall=4.0, cpu=1.0)]
    ref = [Timing(wall=1.5, cpu=0.3), Timing(wall=1.0, cpu=0.6), Timing(wall=2.0, cpu=0.5)]
    row = compare("job", ours, ref, 2.5, "reference")
    assert (row["ratio"], row["ratio_low"], row["ratio_high"]) == (2.0, 2.0, 3.0)
    assert row["ours_s"] == 1.0 and row["floor_s"] == 0.5
    assert "wall ratio 2.00 [2.00–2.00]" in str(row["note"])
    table = fmt([row, {**row, "name": "strict", "target": 1.5}])
    assert "2.00 [2.00–3.00]" in table
    lines = table.splitlines()
    assert " yes " in lines[2] and " NO " in lines[3] and "process" in lines[2]


def test_spread_is_median_low_high() -> None:
    assert str(spread([3.0, 1.0, 2.0, 10.0])) == "2.50 [1.00–10.00]"


def test_without_libreoffice_the_row_is_shown_not_measured_and_not_met() -> None:
    from bench.bench_import_process import NO_LIBREOFFICE, rows

    t = [Timing(wall=2.0, cpu=1.0)]
    out = rows({"rows": 100, "times": {"ours": t, "floor": t}})
    assert [r["name"] for r in out][1] == "import 100 rows vs LibreOffice opening it"
    line = fmt(out).splitlines()[3]
    assert " NO " in line and NO_LIBREOFFICE in line
