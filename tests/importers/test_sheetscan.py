"""The sheet scan's quick way through canonical cell references finds the same farthest cell
as reading every reference, wherever in a chunk (or in which chunk) that cell is."""

from __future__ import annotations

import random

import pytest

from importers.limits import Limits
from importers.sheetscan import RESTART, SheetScan, column_letters, column_number


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


def _cut(xml: bytes, size: int) -> list[bytes]:
    """``xml`` in the chunks the zip check feeds: read ``size`` bytes at a time, each chunk
    ending at its last ``>`` (the rest waits for the next)."""
    chunks, tail = [], b""
    for i in range(0, len(xml), size):
        data = tail + xml[i : i + size]
        cut = data.rfind(b">") + 1
        chunks.append(data[:cut])
        tail = data[cut:]
    assert tail == b""
    return [c for c in chunks if c]


def _ways(chunks: list[bytes]) -> tuple[SheetScan, list[str]]:
    """Feed ``chunks`` as the zip check does (the part again from the start the exact way,
    when asked): the scan that answered, and the way each chunk went."""
    scan, ways = SheetScan(), list[str]()
    for chunk in chunks:
        found = scan.feed(chunk)
        if found == RESTART:
            return _scan(chunks, True), [*ways, "exact"]
        assert found is None
        ways.append("quick" if scan.quick else "canonical")
    return scan, ways


def _sheet(rows: int, cols: int, odd: dict[int, str] | None = None) -> bytes:
    """``rows`` rows of ``cols`` canonical cells (a style, a number; a type and an inline
    string), as the common writers write them; ``odd`` replaces row n's markup."""
    out = []
    for r in range(1, rows + 1):
        if odd and r in odd:
            out.append(odd[r])
            continue
        cells = "".join(
            f'<c r="{column_letters(c)}{r}" s="1"><v>{r * c}</v></c>'
            if c % 2
            else f'<c r="{column_letters(c)}{r}" t="inlineStr"><is><t>x {r}</t></is></c>'
            for c in range(1, cols + 1)
        )
        out.append(f'<row r="{r}">{cells}</row>')
    return "".join(out).encode()


SIZES = [37, 61, 200, 1_000, 100_000]


def _quick_where_cells_start(chunks: list[bytes], ways: list[str]) -> bool:
    """Every chunk with a cell start tag went the quick way (one without places nothing)."""
    return all(w == "quick" for c, w in zip(chunks, ways, strict=True) if b"<c " in c)


def test_canonical_chunks_all_go_the_quick_way() -> None:
    xml = _sheet(400, 6)
    for size in SIZES:
        scan, ways = _ways(_cut(xml, size))
        assert _quick_where_cells_start(_cut(xml, size), ways), (size, ways)
        assert _facts(scan) == _facts(_scan(_cut(xml, size), True)) == (400, 6, 2_400, 2_400)


@pytest.mark.parametrize("far", ["XFD5", "G7", "AA9", "F1048576", "A401", "D10000"])
@pytest.mark.parametrize("row", [1, 2, 150, 399, 400])
def test_a_farther_cell_anywhere_is_found(far: str, row: int) -> None:
    """One cell past the others, in the first, a middle or the last row, at every offset of
    a chunk (chunk sizes that cut cells and rows everywhere): the same farthest cell as the
    exact scan, whichever way each chunk went."""
    near = _sheet(row, 6).decode().rpartition(f'<row r="{row}">')[2].removesuffix("</row>")
    middle = near.index(f'<c r="D{row}"')
    odd = f'<row r="{row}">{near[:middle]}<c r="{far}"><v>1</v></c>{near[middle:]}</row>'
    xml = _sheet(400, 6, {row: odd})
    expected = _scan(_cut(xml, 100_000), True)
    for size in SIZES:
        scan, ways = _ways(_cut(xml, size))
        assert _facts(scan) == _facts(expected), (size, ways)
    assert (expected.max_row, expected.max_col) == (
        max(400, int(far.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))),
        max(6, column_number(far.rstrip("0123456789").encode())),
    )


@pytest.mark.parametrize(
    ("markup", "way", "far"),
    [
        ('<row><c r="C3"><v>1</v></c></row>', "quick", (400, 6)),
        ('<row r="3" spans="1:9"><c r="C3"><v>1</v></c></row>', "quick", (400, 6)),
        ('<row r="3"><c r="xfd3"><v>1</v></c></row>', "exact", (400, 16_384)),
        ('<row r="3"><c r="A01048576"><v>1</v></c></row>', "exact", (1_048_576, 6)),
        ("<row r=\"3\"><c r='XFD3'><v>1</v></c></row>", "exact", (400, 16_384)),
        ('<row r="3"><c\tr="XFD3"><v>1</v></c></row>', "exact", (400, 16_384)),
        ('<row r="3"><c s="1" r="XFD3"><v>1</v></c></row>', "exact", (400, 16_384)),
        ('<row r="3"><c r="A3"><v>1</v></c><c><v>1</v></c></row>', "exact", (400, 6)),
        ('<row r="3"><c/><c/></row>', "exact", (400, 6)),
        ('<row r="3"><x:c r="XFD3"><x:v>1</x:v></x:c></row>', "exact", (400, 16_384)),
    ],
    ids=[
        "row-no-r",
        "row-attrs",
        "lower",
        "zero",
        "quote",
        "tab",
        "not-first",
        "no-r",
        "empty",
        "prefix",
    ],
)
def test_unusual_markup_in_the_middle_of_a_part(
    markup: str, way: str, far: tuple[int, int]
) -> None:
    """Markup the quick way does not vouch for sends the part the way that reads it; rows
    (even without ``r``) do not place cells that have references, so they stay quick."""
    xml = _sheet(400, 6, {3: markup})
    for size in SIZES:
        scan, ways = _ways(_cut(xml, size))
        chunks = _cut(xml, size)
        assert ways[-1] == "exact" if way == "exact" else _quick_where_cells_start(chunks, ways)
        assert (scan.max_row, scan.max_col) == far
        assert _facts(scan) == _facts(_scan(_cut(xml, size), True))


def test_values_are_counted_by_cell_end_tags_however_spaced() -> None:
    """A cell's value counts once, however its tags are spaced (``<v >`` and ``</v >`` are
    values to the reader too); a blank self-closing cell holds none."""
    odd = {2: '<row r="2"><c r="A2"><v >1</v ></c ><c r="B2" s="1"/><c r="C2"><v>2</v></c\n></row>'}
    xml = _sheet(10, 3, odd)
    for size in SIZES:
        scan, _ways_taken = _ways(_cut(xml, size))
        assert (scan.values, scan.elements) == (29, 30)
        assert _facts(scan) == _facts(_scan(_cut(xml, size), True))
