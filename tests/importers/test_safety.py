"""Hostile and broken files are refused before any parser sees them, with exact messages."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from importers import zipcheck
from importers.api import parse_file
from importers.safety import Limits, check_workbook_file, inspect_workbook_file
from tests.importers import hostile
from tests.importers.builders import Build, replace_member

SHEET = "xl/worksheets/sheet1.xml"
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def _messages(path: Path, limits: Limits | None = None) -> list[str]:
    return [str(p) for p in check_workbook_file(path, limits or Limits())]


def _sheet_xml(body: str, dimension: str = "A1:A1", prolog: str = "") -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{prolog}<worksheet {NS}>'
        f'<dimension ref="{dimension}"/><sheetData>{body}</sheetData></worksheet>'
    ).encode()


def test_sample_like_workbook_is_safe(build: Build) -> None:
    assert _messages(build([["Date", "Amount"], ["01/04/2025", 1]])) == []


def test_missing_file(tmp_path: Path) -> None:
    assert _messages(tmp_path / "gone.xlsx") == ["gone.xlsx: file not found"]


def test_not_a_zip(tmp_path: Path) -> None:
    path = tmp_path / "notes.xlsx"
    path.write_text("Date,Amount\n01/04/2025,1\n")
    assert _messages(path) == ["notes.xlsx: not an .xlsx workbook (it is not a zip file)"]
    rows, problems, info = parse_file("transactions", path)
    assert (rows, info) == ([], None)
    assert [str(p) for p in problems] == [
        "notes.xlsx: not an .xlsx workbook (it is not a zip file)"
    ]


def test_truncated_file(build: Build, tmp_path: Path) -> None:
    good = build([["Date", "Amount"], ["01/04/2025", 1]]).read_bytes()
    path = tmp_path / "cut.xlsx"
    path.write_bytes(good[: len(good) // 2])
    assert _messages(path) == [
        "cut.xlsx: the workbook is damaged or truncated (its zip directory cannot be read)"
    ]


def test_ole_file_is_password_protected_or_legacy(tmp_path: Path) -> None:
    path = tmp_path / "locked.xlsx"
    path.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 2048)
    assert _messages(path) == [
        "locked.xlsx: password-protected or legacy .xls workbook: "
        "save it as .xlsx without a password"
    ]


def test_zip_that_is_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "letter.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("word/document.xml", "<document/>")
    assert _messages(path) == ["letter.xlsx: not an .xlsx workbook (it has no xl/workbook.xml)"]


def test_entity_declaration_is_refused(build: Build, tmp_path: Path) -> None:
    src = build([["Date", "Amount"]])
    bomb = _sheet_xml(
        '<row r="1"><c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c></row>',
        prolog='<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>',
    )
    path = replace_member(src, tmp_path / "lol.xlsx", SHEET, bomb)
    expected = [
        "lol.xlsx: xl/worksheets/sheet1.xml: "
        "XML entity declarations are not allowed (possible entity-expansion attack)"
    ]
    assert _messages(path) == expected
    rows, problems, info = parse_file("transactions", path)
    assert [str(p) for p in problems] == expected and rows == [] and info is None


def test_entity_declaration_in_utf16_is_refused(build: Build, tmp_path: Path) -> None:
    src = build([["Date", "Amount"]])
    text = (
        '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        f"<worksheet {NS}><sheetData/></worksheet>"
    )
    path = replace_member(src, tmp_path / "u16.xlsx", SHEET, text.encode("utf-16"))
    assert _messages(path) == [
        "u16.xlsx: xl/worksheets/sheet1.xml: "
        "XML entity declarations are not allowed (possible entity-expansion attack)"
    ]


def test_entity_in_workbook_xml_is_refused(build: Build, tmp_path: Path) -> None:
    src = build([["Date", "Amount"]])
    with zipfile.ZipFile(src) as zf:
        workbook = zf.read("xl/workbook.xml")
    assert not workbook.startswith(b"<?xml")
    evil = b'<!DOCTYPE w [<!ENTITY a "b">]>' + workbook
    path = replace_member(src, tmp_path / "wb.xlsx", "xl/workbook.xml", evil)
    assert _messages(path) == [
        "wb.xlsx: xl/workbook.xml: "
        "XML entity declarations are not allowed (possible entity-expansion attack)"
    ]


def test_zip_bomb_ratio(build: Build, tmp_path: Path) -> None:
    src = build([["Date", "Amount"]])
    padding = b" " * (2 * 1024 * 1024)
    path = replace_member(src, tmp_path / "bomb.xlsx", SHEET, _sheet_xml("") + padding)
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo(SHEET)
    ratio = info.file_size / info.compress_size
    assert ratio > 200
    assert _messages(path) == [
        f"bomb.xlsx: xl/worksheets/sheet1.xml: expands {ratio:.0f} times (possible zip bomb)"
    ]


def test_zip_bomb_total_size(build: Build) -> None:
    path = build([["Date", "Amount"]], name="big.xlsx")
    limits = Limits(max_total_uncompressed=1000)
    with zipfile.ZipFile(path) as zf:
        total = sum(i.file_size for i in zf.infolist())
    assert _messages(path, limits) == [
        f"big.xlsx: would expand to {total:,} bytes, over the 1,000 bytes limit (possible zip bomb)"
    ]


def test_too_many_members(build: Build) -> None:
    path = build([["Date", "Amount"]], name="parts.xlsx")
    with zipfile.ZipFile(path) as zf:
        count = len(zf.infolist())
    assert _messages(path, Limits(max_members=3)) == [
        f"parts.xlsx: has {count} parts, over the limit of 3 (possible zip bomb)"
    ]


def test_file_over_size_limit(build: Build) -> None:
    path = build([["Date", "Amount"]], name="large.xlsx")
    size = path.stat().st_size
    assert _messages(path, Limits(max_file_bytes=1000)) == [
        f"large.xlsx: file is {size:,} bytes, over the 1,000 bytes limit"
    ]


def test_declared_dimension_is_not_judged_the_cells_are(build: Build, tmp_path: Path) -> None:
    """The reader allocates the cells present, not the <dimension> a sheet declares (some
    writers declare the whole sheet): one cell under a huge declared dimension is safe."""
    src = build([["Date", "Amount"]])
    xml = _sheet_xml('<row r="1"><c r="A1"><v>1</v></c></row>', dimension="A1:XFD1048576")
    path = replace_member(src, tmp_path / "wide.xlsx", SHEET, xml)
    assert _messages(path) == []
    xml = _sheet_xml('<row r="1"><c r="A1"><v>1</v></c></row>', dimension="A1:A2000000")
    assert _messages(replace_member(src, tmp_path / "tall.xlsx", SHEET, xml)) == []


def test_absurd_cells_behind_a_small_dimension(build: Build, tmp_path: Path) -> None:
    src = build([["Date", "Amount"]])
    body = (
        '<row r="1"><c r="A1"><v>1</v></c></row>'
        '<row r="1048576"><c r="XFD1048576"><v>2</v></c></row>'
    )
    path = replace_member(src, tmp_path / "liar.xlsx", SHEET, _sheet_xml(body, "A1:A1"))
    assert _messages(path) == [
        "liar.xlsx: xl/worksheets/sheet1.xml: sheet dimensions are absurd: its cells span "
        "1,048,576 rows × 16,384 columns, over the limit of 5,000,000 cells"
    ]


def test_cells_beyond_excel(build: Build, tmp_path: Path) -> None:
    src = build([["Date", "Amount"]])
    body = '<row r="2000000"><c r="A2000000"><v>2</v></c></row>'
    path = replace_member(src, tmp_path / "tall.xlsx", SHEET, _sheet_xml(body))
    assert _messages(path) == [
        "tall.xlsx: xl/worksheets/sheet1.xml: sheet dimensions are absurd: its cells span "
        "2,000,000 rows × 1 columns, beyond Excel's 1,048,576 × 16,384"
    ]


def test_a_rectangle_under_the_limit_is_read(build: Build, tmp_path: Path) -> None:
    """Cells from A1 to Z150000 (3.9 million cells, only the corners filled) pass; Z200000
    (5.2 million) does not, however the references are quoted."""
    src = build([["Date", "Amount"]])
    ok = _sheet_xml(
        '<row r="1"><c r="A1"><v>1</v></c></row><row r="150000"><c r="Z150000"><v>2</v></c></row>'
    )
    assert _messages(replace_member(src, tmp_path / "ok.xlsx", SHEET, ok)) == []
    big = _sheet_xml(
        "<row r='1'><c r='A1'><v>1</v></c></row><row r='200000'><c r='Z200000'><v>2</v></c></row>"
    )
    assert _messages(replace_member(src, tmp_path / "big.xlsx", SHEET, big)) == [
        "big.xlsx: xl/worksheets/sheet1.xml: sheet dimensions are absurd: its cells span "
        "200,000 rows × 26 columns, over the limit of 5,000,000 cells"
    ]


@pytest.mark.parametrize("cell", ["c", "x:c"])
def test_self_closing_cells_without_references_are_counted(
    build: Build, tmp_path: Path, cell: str
) -> None:
    """``<c/>`` is a cell element (openpyxl makes an object of each, placed in turn along its
    row): under rows with ``r``, 2,000 of them count against the cell-element limit, written
    with the sheet's namespace prefix or without."""
    src = build([["Date", "Amount"]])
    body = "".join(f'<row r="{r}">' + f"<{cell}/>" * 100 + "</row>" for r in range(1, 21))
    prefix = NS.replace("xmlns=", "xmlns:x=")
    path = replace_member(
        src,
        tmp_path / "blanks.xlsx",
        SHEET,
        _sheet_xml(body).replace(b"<worksheet ", f"<worksheet {prefix} ".encode()),
    )
    assert _messages(path, Limits(max_cell_elements=1_999)) == [
        "blanks.xlsx: xl/worksheets/sheet1.xml: holds 2,000 cells, over the limit of 1,999"
    ]
    assert _messages(path, Limits(max_cell_elements=2_000)) == []


@pytest.mark.parametrize("chunk", [7, 29, 64, 1 << 20])
def test_checks_hold_wherever_the_chunks_fall(
    build: Build, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunk: int
) -> None:
    """Read a few bytes at a time, so that a declaration, a far cell and what the reader's
    flags stand for fall across chunk boundaries: the scan finds what it finds read whole."""
    monkeypatch.setattr(zipcheck, "CHUNK", chunk)
    src = build([["Date", "Amount"]])
    rows = "".join(f'<row r="{r}"><c r="A{r}" s="1"><v>{r}</v></c></row>' for r in range(1, 60))
    entity = (
        "xl/worksheets/sheet1.xml: "
        "XML entity declarations are not allowed (possible entity-expansion attack)"
    )
    dtd = '<!DOCTYPE x [<!ENTITY e "e">]>'
    path = replace_member(src, tmp_path / "dtd.xlsx", SHEET, _sheet_xml(rows, prolog=dtd))
    assert _messages(path) == [f"dtd.xlsx: {entity}"]
    text = f'<?xml version="1.0" encoding="UTF-16"?>{dtd}<worksheet {NS}><sheetData>{rows}'
    path = replace_member(
        src, tmp_path / "u16.xlsx", SHEET, (text + "</sheetData></worksheet>").encode("utf-16")
    )
    assert _messages(path) == [f"u16.xlsx: {entity}"]
    far = rows.replace('<c r="A30" s="1"><v>30</v></c>', '<c r="XFD1048576"><v>30</v></c>')
    path = replace_member(src, tmp_path / "far.xlsx", SHEET, _sheet_xml(far))
    assert _messages(path) == [
        "far.xlsx: xl/worksheets/sheet1.xml: sheet dimensions are absurd: its cells span "
        "1,048,576 rows × 16,384 columns, over the limit of 5,000,000 cells"
    ]
    flagged = rows.replace(
        '<c r="A30" s="1"><v>30</v></c>',
        '<c r="A30" t="e"><v>#N/A</v></c><c r="B30"><f>1+1</f><v>2</v></c>',
    )
    xml = _sheet_xml(flagged).replace(
        b"</sheetData>", b'</sheetData><mergeCells count="1"><mergeCell ref="A1:B1"/></mergeCells>'
    )
    path = replace_member(src, tmp_path / "flags.xlsx", SHEET, xml)
    assert inspect_workbook_file(path) == ([], {SHEET: frozenset({"formula", "error", "merge"})})
    path = replace_member(src, tmp_path / "plain.xlsx", SHEET, _sheet_xml(rows))
    assert inspect_workbook_file(path) == ([], {SHEET: frozenset()})


def _patch_header(path: Path, member: str, size: int | None, crc: int | None) -> Path:
    """Rewrite what the zip's headers (central and local) declare of ``member``."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        local = zf.getinfo(member).header_offset
    central = data.index(b"PK\x01\x02")
    while data[central + 46 : central + 46 + len(member)] != member.encode():
        central = data.index(b"PK\x01\x02", central + 4)
    for crc_at, size_at in ((central + 16, central + 24), (local + 14, local + 22)):
        if size is not None:
            data[size_at : size_at + 4] = size.to_bytes(4, "little")
        if crc is not None:
            data[crc_at : crc_at + 4] = crc.to_bytes(4, "little")
    path.write_bytes(bytes(data))
    return path


def test_a_part_that_expands_beyond_or_short_of_its_declared_size(
    build: Build, tmp_path: Path
) -> None:
    """The headers' sizes and CRC are checked against the bytes themselves: a part that
    inflates past its declared size is stopped there; one that falls short of it, or whose
    CRC differs, is damaged."""
    rows = "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>' for r in range(1, 3_000))
    src = replace_member(build([["Date"]]), tmp_path / "src.xlsx", SHEET, _sheet_xml(rows))
    with zipfile.ZipFile(src) as zf:
        info = zf.getinfo(SHEET)
    beyond = f"{SHEET}: expands beyond its declared size (possible zip bomb)"
    damaged = "the workbook is damaged or truncated (its zip directory cannot be read)"
    cases = [
        ("over.xlsx", info.file_size // 2, None, beyond),
        ("short.xlsx", info.file_size + 10, None, damaged),
        ("crc.xlsx", None, info.CRC ^ 1, damaged),
    ]
    for name, size, crc, expected in cases:
        path = tmp_path / name
        path.write_bytes(src.read_bytes())
        assert _messages(_patch_header(path, SHEET, size, crc)) == [f"{name}: {expected}"]


@pytest.mark.parametrize(
    ("ref", "span"),
    [
        ('r="A' + "1" * 5_000 + '"', "1,000,000,000,000 rows × 1 columns"),
        ("r='A" + "1" * 5_000 + "'", "1,000,000,000,000 rows × 1 columns"),
        ('r="' + "A" * 4_000 + '1"', "1 rows × 1,000,000,000,000 columns"),
    ],
    ids=["digits", "digits-exact", "letters"],
)
def test_a_reference_too_long_to_convert_is_refused(tmp_path: Path, ref: str, span: str) -> None:
    """A reference of thousands of digits or letters (Python will not make an int of over
    4,300 digits, nor print one) is refused as past any sheet, not raised."""
    body = hostile.HEADER + f'<row r="2"><c {ref}><v>1</v></c></row>'
    path = hostile.write_xlsx(tmp_path / "long.xlsx", [hostile.sheet_xml(body)])
    assert _messages(path) == [
        f"long.xlsx: xl/s/sheet1.xml: sheet dimensions are absurd: its cells span {span}, "
        "beyond Excel's 1,048,576 × 16,384"
    ]


def test_a_repeat_too_long_to_convert_is_refused(tmp_path: Path) -> None:
    from importers.package import check_package

    src = hostile.repeated_ods(tmp_path / "src.ods", 2, 3)
    with zipfile.ZipFile(src) as zf:
        content = zf.read("content.xml")
    path = tmp_path / "long.ods"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr(
            "content.xml",
            content.replace(b'rows-repeated="2"', b'rows-repeated="' + b"9" * 5_000 + b'"'),
        )
    assert [str(p) for p in check_package(path, Limits(), "OpenDocument spreadsheet")] == [
        "long.ods: content.xml: sheet dimensions are absurd: its cells span "
        "1,000,000,000,000 rows × 3 columns, beyond Excel's 1,048,576 × 16,384"
    ]
