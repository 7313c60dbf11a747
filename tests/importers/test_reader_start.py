"""The reading side starts lean (issue 23): importing the importers does not bring in
``urllib.request``, ``http`` or ``email`` (``xml.sax.saxutils`` did, for a few entity
replacements); the workbook reader's own replacements say what saxutils said."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from xml.sax.saxutils import escape, unescape

import pytest

from importers.workbook import _attribute, _text

ROOT = Path(__file__).resolve().parents[2]
TEXTS = [
    "plain",
    "a &amp; b",
    "&lt;&gt;&quot;&apos;&amp;",
    "&amp;lt; stays &lt; once",
    "x &amp;amp; y",
    "&#39; and &#x27; are left",
    "£1,000 – “quoted” ‘text’",
    "raw \" and ' and > too",
]


@pytest.mark.parametrize("raw", TEXTS)
def test_cell_text_unescapes_as_saxutils_did(raw: str) -> None:
    assert _text(raw.encode()) == unescape(raw, {"&quot;": '"', "&apos;": "'"})


@pytest.mark.parametrize("value", [*TEXTS, "a&b<c>\"d'", "/xl/worksheets/sheet1.xml"])
def test_attribute_escapes_as_saxutils_did(value: str) -> None:
    assert _attribute(value) == escape(value, {'"': "&quot;"})


def test_importing_the_importers_brings_no_http_or_email() -> None:
    probe = (
        "import json, sys\n"
        "import importers.api, importers.kinds\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('urllib', 'http', 'email') and m != 'urllib.parse' and m != 'urllib')))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert json.loads(proc.stdout.splitlines()[-1]) == []
