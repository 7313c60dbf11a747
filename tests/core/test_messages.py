"""A problem with what someone typed is said for the app and, with option names, for the CLI."""

from __future__ import annotations

from fundledger.messages import Field, InputProblem, Wording, about, ask, cli_text, named, tick


def test_the_app_names_the_field_and_the_cli_its_option() -> None:
    p = InputProblem("ZZ: no such stream (streams: DA, YJ)", Field.STREAM)
    assert str(p) == "Stream: ZZ: no such stream (streams: DA, YJ)"
    assert p.for_cli() == "--stream: ZZ: no such stream (streams: DA, YJ)"
    assert cli_text(InputProblem("31/02/2026: not a date", Field.AS_AT)) == (
        "--as-at: 31/02/2026: not a date"
    )
    by = InputProblem("must be one of line, period, not 'week'", Field.BY)
    assert (str(by), by.for_cli()) == (
        "Level must be one of line, period, not 'week'",
        "--by must be one of line, period, not 'week'",
    )


def test_a_problem_of_no_field_is_the_same_in_both() -> None:
    p = InputProblem("unknown return 'nope'")
    assert str(p) == p.for_cli() == cli_text(p) == "unknown return 'nope'"
    assert cli_text(ValueError("plain")) == "plain"


def test_the_returns_page_sees_the_app_wording() -> None:
    from ui.usecases.returns.base import ExportInputError
    from ui.usecases.variance import VarianceInputError

    assert issubclass(ExportInputError, InputProblem)
    assert issubclass(VarianceInputError, InputProblem)


def test_a_way_out_is_said_with_the_field_in_the_app_and_the_option_on_the_cli() -> None:
    assert ask(Field.STREAM, known="DA, YJ") == Wording(
        "set “Stream” (DA, YJ)", "give --stream (DA, YJ)"
    )
    assert ask(Field.YEAR, example="2025-26") == Wording(
        "set “Financial year” (e.g. 2025-26)", "give --year (e.g. --year 2025-26)"
    )
    assert named(Field.YEAR) == Wording("(Financial year)", "(--year)")
    assert tick(Field.OUTSIDE, "skip") == Wording("tick “Skip the rows…”", "--outside skip")
    assert about(Field.AS_AT, "'x' is not a date") == Wording(
        "As at: 'x' is not a date", "--as-at: 'x' is not a date"
    )
    said = "no year: " + ask(Field.YEAR) + "."
    assert (str(said), said.cli) == ("no year: set “Financial year”.", "no year: give --year.")
