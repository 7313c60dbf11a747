"""Import problems said for the app in the wizard and for the command line on the CLI: a
missing stream is ‘set “Stream” (…)’ in the app and ‘give --stream (…)’ on the command line
(issue 21); the CLI's JSON, its printed problems and ``str()`` keep the flags."""

from __future__ import annotations

from pathlib import Path

from db.ledger import Ledger
from importers.problems import ImportProblem
from ui.usecases.import_errors import problem_lines
from ui.usecases.import_kinds.cost_centres import UNKNOWN, UNKNOWN_REASON
from ui.usecases.imports import format_problem, import_file

SAMPLE = "opcc-csp-allocations-2025-26.xlsx"


def test_a_missing_stream_is_asked_for_by_its_field_in_the_app_and_its_flag_on_the_cli(
    ledger: Ledger, samples: Path
) -> None:
    result = import_file(ledger, "budget-lines", samples / SAMPLE, year="2025-26", dry_run=True)
    [p] = [e for e in result.errors if "needs the stream" in e.reason]
    assert p.reason.startswith("a budget-lines import needs the stream it is for: set “Stream” (")
    assert p.cli_text.startswith(
        "a budget-lines import needs the stream it is for: give --stream ("
    )
    assert "DA" in p.reason and "OPCC" in p.cli_text  # the streams the ledger holds
    assert "--" not in p.reason and "“Stream”" not in p.cli_text
    assert format_problem(p).endswith(p.cli_text) and str(p).endswith(p.cli_text)
    assert format_problem(p, app=True).endswith(p.reason)
    assert problem_lines([p], app=True) == [format_problem(p, app=True)]
    assert problem_lines([p]) == [format_problem(p)]
    json_reasons = [e["reason"] for e in result.to_json()["errors"]]
    assert p.cli_text in json_reasons and p.reason not in json_reasons


def test_an_as_at_that_is_no_date_is_named_as_the_field_or_the_option(
    ledger: Ledger, samples: Path
) -> None:
    result = import_file(
        ledger, "budget-lines", samples / SAMPLE, stream="OPCC", as_at="31/02/2026", dry_run=True
    )
    [p] = result.errors
    assert p.reason.startswith("As at: '31/02/2026' is not a date (")
    assert p.cli_text.startswith("--as-at: '31/02/2026' is not a date (")
    assert p.reason.endswith("e.g. 12/06/2026)") and p.cli_text.endswith("e.g. 12/06/2026)")
    assert not result.imported


def test_unknown_cost_centres_are_grouped_with_the_way_out_for_each() -> None:
    assert UNKNOWN.app == UNKNOWN_REASON and UNKNOWN.app != UNKNOWN.cli
    assert UNKNOWN.app.endswith("(tick “Skip the rows…”)")
    assert UNKNOWN.cli.endswith("(--outside skip)")
    one = ImportProblem.said("gl.xlsx", "GL", "B2", 2, "Cost Centre", "LC9999", UNKNOWN)
    assert one.reason == UNKNOWN_REASON  # the wizard's “skip these” check finds it
    [app] = problem_lines([one], app=True)
    [cli] = problem_lines([one])
    assert app == "gl.xlsx: GL!B2 (Cost Centre): 'LC9999': " + UNKNOWN.app
    assert cli == "gl.xlsx: GL!B2 (Cost Centre): 'LC9999': " + UNKNOWN.cli
    two = [one, ImportProblem.said("gl.xlsx", "GL", "B3", 3, "Cost Centre", "LC9998", UNKNOWN)]
    [grouped_app] = problem_lines(two, app=True)
    [grouped_cli] = problem_lines(two)
    assert "2 unknown cost centres in 2 rows of column B (Cost Centre): B2, B3" in grouped_app
    assert grouped_app.endswith(
        "(tick “Skip the rows…” above), or map the cost centre to another column (Back, to “Map "
        "the columns”)"
    )
    assert grouped_cli.endswith(
        "(--outside skip), or read the cost centre from another column (--map cost_centre=COLUMN)"
    )


def test_a_plain_reason_is_the_same_in_both() -> None:
    p = ImportProblem("a.xlsx", "S", "C7", 7, "Amount", "12.345", "more than two decimal places")
    assert p.cli_reason is None and p.cli_text == p.reason
    assert format_problem(p) == format_problem(p, app=True)


def test_a_column_choice_is_said_by_the_field_in_the_app_and_by_map_on_the_cli(
    ledger: Ledger, samples: Path
) -> None:
    result = import_file(
        ledger,
        "budget-lines",
        samples / SAMPLE,
        stream="OPCC",
        year="2025-26",
        columns={"colour": "A", "budget": "No such heading"},
        dry_run=True,
    )
    reasons = {p.cli_text: p.reason for p in result.errors}
    [cli_field] = [c for c in reasons if c.startswith("--map colour=…: ")]
    assert reasons[cli_field].startswith("column for colour: budget-lines has no field 'colour'")
    [cli_col] = [c for c in reasons if c.startswith("--map budget=No such heading: ")]
    assert reasons[cli_col].startswith("budget → No such heading: ")
    assert not any("--map" in r for r in reasons.values())
    assert not result.imported


def test_chosen_rows_are_named_as_the_mapping_page_names_them(
    ledger: Ledger, samples: Path
) -> None:
    far = import_file(ledger, "budget-lines", samples / SAMPLE, header_row=9999, dry_run=True)
    [p] = far.errors
    assert p.reason.startswith("Header row 9999: the sheet's rows are 1–")
    assert p.cli_text.startswith("--header-row 9999: the sheet's rows are 1–")
    above = import_file(
        ledger, "budget-lines", samples / SAMPLE, header_row=5, last_row=3, dry_run=True
    )
    [q] = above.errors
    assert (q.reason, q.cli_text) == (
        "Last data row 3 is not below the header row 5",
        "--last-row 3 is not below the header row 5",
    )
