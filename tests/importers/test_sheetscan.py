"""The sheet scan's quick way through canonical cell references finds the same farthest cell
as reading every reference, wherever in a chunk (or in which chunk) that cell is."""

from __future__ import annotations

import random

import pytest

from importers.limits import Limits
from importers.sheetscan import SheetScan, column_letters, column_number


def _chunks(cells: list[tuple[int, int]], per_chunk: int) -> list[bytes]:
    """Canonical ``<row>``/``<c>`` markup for ``cells`` (in the order given), cut into chunks
    of ``per_chunk`` cells, each ending at a ``>`` as the zip check feeds them."""
    tags = [
        f'<row r="{r}"><c r="{column_letters(c)}{r}" s="1"><v>{r * c}</v></c></row>'.encode()
        for r, c in cells
    ]
    return [b"".join(tags[i : i + per_chunk]) for i in range(0, len(tags), per_chunk)]


def _scan(chunks: list[bytes], exact: bool) -> SheetScan:
    scan = SheetScan(exact)
    for chunk in chunks:
        assert scan.feed(chunk) is None
    return scan


def _facts(scan: SheetScan) -> tuple[int, int, int, int]:
    """What both ways must agree on (the quick way counts the rectangle from A1)."""
    return (scan.max_row, scan.max_col, scan.values, scan.elements)


def test_column_letters_round_trip() -> None:
    assert column_letters(0) == ""
    assert [column_letters(n) for n in (1, 26, 27, 52, 702, 703, 16384)] == [
        "A", "Z", "AA", "AZ", "ZZ", "AAA", "XFD",
    ]  # fmt: skip
    assert all(column_number(column_letters(n).encode()) == n for n in range(1, 20_000))


@pytest.mark.parametrize(
    "far",
    [(9_999, 3), (10_000, 3), (99_999, 2), (123_456, 1), (5, 26), (5, 27), (7, 703), (12, 16384)],
    ids=lambda f: f"{column_letters(f[1])}{f[0]}",
)
@pytest.mark.parametrize("where", ["first", "middle", "last"])
def test_farthest_cell_anywhere_in_a_chunk(far: tuple[int, int], where: str) -> None:
    cells = [(r, 1 + r % 3) for r in range(1, 3_001)]
    at = {"first": 0, "middle": 1_500, "last": len(cells)}[where]
    cells.insert(at, far)
    chunks = _chunks(cells, 1_000)
    quick, exact = _scan(chunks, False), _scan(chunks, True)
    assert not quick.exact, "canonical references take the quick way"
    assert _facts(quick) == _facts(exact)
    assert (quick.max_row, quick.max_col) == (max(far[0], 3_000), max(far[1], 3))


def test_references_in_any_order_agree_with_the_exact_scan() -> None:
    rng = random.Random(14)
    for _ in range(40):
        cells = [(rng.randint(1, 10 ** rng.randint(1, 6)), rng.randint(1, 800)) for _ in range(300)]
        chunks = _chunks(cells, rng.randint(1, 120))
        quick, exact = _scan(chunks, False), _scan(chunks, True)
        assert _facts(quick) == _facts(exact)
        assert (quick.max_row, quick.max_col) == (
            max(r for r, _ in cells),
            max(c for _, c in cells),
        )


def test_a_far_cell_in_the_middle_is_refused_with_its_span() -> None:
    cells = [(r, 6) for r in range(1, 2_001)]
    cells.insert(700, (1_000_000, 26))
    scan = _scan(_chunks(cells, 500), False)
    assert scan.refusal(Limits()) == (
        "sheet dimensions are absurd: its cells span 1,000,000 rows × 26 columns, "
        "over the limit of 5,000,000 cells"
    )
