"""The hostile workbooks of issue 16, built in code, and a runner that opens one in a child
process under a memory ceiling (so a reader that aborts fails the test, not the suite)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import zipfile
from dataclasses import dataclass
from pathlib import Path

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
HEADER = '<row r="1"><c r="A1" t="inlineStr"><is><t>Date</t></is></c></row>'


def sheet_xml(body: str, dimension: str = "A1") -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet {NS}>'
        f'<dimension ref="{dimension}"/><sheetData>{body}</sheetData></worksheet>'
    ).encode()


def _rels(items: list[tuple[str, str, str]]) -> str:
    rows = "".join(
        f'<Relationship Id="{i}" Type="{_REL_NS}/{kind}" Target="{target}"/>'
        for i, kind, target in items
    )
    return f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PKG_NS}">{rows}</Relationships>'


_SML = "application/vnd.openxmlformats-officedocument.spreadsheetml"


def _types(workbook: str, folder: str, sheets: int) -> str:
    over = f'<Override PartName="/{workbook}" ContentType="{_SML}.sheet.main+xml"/>' + "".join(
        f'<Override PartName="/{folder}/s/sheet{i}.xml" ContentType="{_SML}.worksheet+xml"/>'
        for i in range(1, sheets + 1)
    )
    return (
        '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="xml" ContentType="application/xml"/>'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        f'relationships+xml"/>{over}</Types>'
    )


def write_xlsx(
    path: Path,
    sheets: list[bytes],
    *,
    workbook: str = "xl/workbook.xml",
    extra: dict[str, bytes] | None = None,
    level: int = 6,
) -> Path:
    """A workbook of ``sheets`` (XML parts) written part by part, its workbook part at
    ``workbook`` (found through ``_rels/.rels``)."""
    folder, base = workbook.rsplit("/", 1)
    listed = "".join(
        f'<sheet name="S{i}" sheetId="{i}" r:id="rId{i}"/>' for i in range(1, len(sheets) + 1)
    )
    book = (
        f'<?xml version="1.0" encoding="UTF-8"?><workbook {NS} xmlns:r="{_REL_NS}">'
        f"<sheets>{listed}</sheets></workbook>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as zf:
        zf.writestr("[Content_Types].xml", _types(workbook, folder, len(sheets)))
        zf.writestr("_rels/.rels", _rels([("rId1", "officeDocument", workbook)]))
        zf.writestr(workbook, book)
        zf.writestr(
            f"{folder}/_rels/{base}.rels",
            _rels([(f"rId{i}", "worksheet", f"s/sheet{i}.xml") for i in range(1, len(sheets) + 1)]),
        )
        for i, xml in enumerate(sheets, start=1):
            zf.writestr(f"{folder}/s/sheet{i}.xml", xml)
        for name, data in (extra or {}).items():
            zf.writestr(name, data)
    return path


def far_corner(path: Path, tag: str) -> Path:
    """A 5 KB workbook: a header, and a cell at XFD1048576 whose reference is written
    ``tag`` (e.g. ``r='XFD1048576'``) so a byte search for ``r="`` misses it."""
    body = HEADER + f"<row {tag.replace('XFD', '')}><c {tag}><v>2</v></c></row>"
    return write_xlsx(path, [sheet_xml(body)])


def many_small_bombs(path: Path, parts: int = 1000, size: int = 1024 * 1024) -> Path:
    """``parts`` parts of ``size`` bytes each (no one part over 1 MiB) that compress about
    300 times: about 3.3 MB of file expanding to 1,000 MiB."""
    filler = b"<x>" + b"0" * (size - 7) + b"</x>"
    extra = {f"xl/media/pad{i}.xml": filler for i in range(parts)}
    return write_xlsx(path, [sheet_xml(HEADER)], extra=extra, level=1)


def many_sheets(path: Path, count: int = 900) -> Path:
    body = HEADER + '<row r="2"><c r="A2"><v>1</v></c></row>'
    return write_xlsx(path, [sheet_xml(body)] * count, level=1)


def many_values(path: Path, rows: int, cols: int = 6) -> Path:
    """A sheet of ``rows`` × ``cols`` number cells (each value distinct enough to compress
    like real data)."""
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[:cols]
    parts = [HEADER]
    for r in range(2, rows + 2):
        cells = "".join(
            f'<c r="{c}{r}"><v>{(r * 7919 + i) % 99991}</v></c>' for i, c in enumerate(letters)
        )
        parts.append(f'<row r="{r}">{cells}</row>')
    return write_xlsx(path, [sheet_xml("".join(parts))], level=1)


def blank_cells(path: Path, rows: int, cols: int = 20) -> Path:
    """A template-sized file of styled blank cells (openpyxl makes an object of each)."""
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[:cols]
    parts = [
        f'<row r="{r}">' + "".join(f'<c r="{c}{r}" s="0"/>' for c in letters) + "</row>"
        for r in range(1, rows + 1)
    ]
    return write_xlsx(path, [sheet_xml("".join(parts))], level=1)


@dataclass(frozen=True, slots=True)
class ChildRun:
    """What the child reported: the problems, its peak memory and CPU seconds."""

    returncode: int
    problems: list[str]
    peak_mb: float
    cpu_s: float
    stderr: str


_CHILD = textwrap.dedent(
    """
    import json, resource, sys
    from pathlib import Path
    ceiling = int(sys.argv[3]) * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (ceiling, ceiling))
    mode, path = sys.argv[1], Path(sys.argv[2])
    if mode == "import":
        from importers.api import parse_file
        rows, problems, _info = parse_file("transactions", path)
        found = [str(p) for p in problems]
    else:
        from importers.safety import TEMPLATE_LIMITS, check_workbook_file
        found = [str(p) for p in check_workbook_file(path, TEMPLATE_LIMITS)]
        if not found:
            from openpyxl import load_workbook
            load_workbook(path)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    peak_kb = usage.ru_maxrss  # kept across exec on Linux: VmHWM is this process's own
    with open("/proc/self/status") as fh:
        peak_kb = next((int(ln.split()[1]) for ln in fh if ln.startswith("VmHWM:")), peak_kb)
    print(json.dumps({"problems": found[:20], "peak_kb": peak_kb,
                      "cpu": usage.ru_utime + usage.ru_stime}))
    """
)


def run_child(path: Path, mode: str = "import", ceiling_mb: int = 3000) -> ChildRun:
    """Open ``path`` in a child Python (``import``: the import pipeline; ``template``: the
    template check, then openpyxl if it passes) under an address-space ceiling."""
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": str(root)}
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, mode, str(path), str(ceiling_mb)],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        cwd=root,
    )
    if done.returncode != 0:
        return ChildRun(done.returncode, [], 0.0, 0.0, done.stderr[-2000:])
    out = json.loads(done.stdout.strip().splitlines()[-1])
    return ChildRun(0, out["problems"], out["peak_kb"] / 1024, out["cpu"], done.stderr[-2000:])


def far_xlsb(path: Path, sheets: int = 1) -> Path:
    """A binary workbook (.xlsb) of two cells, A1 and XFD1048576, written record by record;
    its workbook part lists ``sheets`` sheets."""
    import struct

    from tests.importers import builders as b

    listed = b"".join(
        b._rec(156, struct.pack("<II", 0, i + 1) + b._wide("rId1") + b._wide(f"S{i}"))
        for i in range(sheets)
    )
    book = b._rec(131) + b._rec(143) + listed + b._rec(144) + b._rec(132)
    body = b._rec(129) + b._rec(148, struct.pack("<IIII", 0, 0, 0, 0)) + b._rec(145)
    for row, col in ((0, 0), (1_048_575, 16_383)):
        body += b._rec(0, struct.pack("<IIHHI", row, 0, 300, 0, 0))
        body += b._rec(5, struct.pack("<II", col, 0) + struct.pack("<d", 1.0))
    body += b._rec(146) + b._rec(130)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", b._XLSB_TYPES)
        zf.writestr("_rels/.rels", b._RELS.format(kind="officeDocument", target="xl/workbook.bin"))
        zf.writestr("xl/workbook.bin", book)
        zf.writestr(
            "xl/_rels/workbook.bin.rels",
            b._RELS.format(kind="worksheet", target="worksheets/sheet1.bin"),
        )
        zf.writestr("xl/worksheets/sheet1.bin", body)
    return path


_ODS_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
)


def repeated_ods(path: Path, rows: int, cols: int, tables: int = 1) -> Path:
    """An OpenDocument spreadsheet of one row holding a value repeated ``cols`` times,
    repeated ``rows`` times (a few hundred bytes standing for ``rows × cols`` cells), after
    LibreOffice's own trailing blank rows (a million, which are no refusal)."""
    body = (
        f'<table:table-row table:number-rows-repeated="{rows}"><table:table-cell '
        f'table:number-columns-repeated="{cols}" office:value-type="float" office:value="2"/>'
        '</table:table-row><table:table-row table:number-rows-repeated="1048000">'
        '<table:table-cell table:number-columns-repeated="1024"/></table:table-row>'
    )
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {_ODS_NS} '
        'office:version="1.2"><office:body><office:spreadsheet>'
        + "".join(f'<table:table table:name="S{i}">{body}</table:table>' for i in range(tables))
        + "</office:spreadsheet></office:body></office:document-content>"
    )
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("content.xml", content)
    return path
