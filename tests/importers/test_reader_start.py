"""The reading side starts lean (issue 23): importing the importers does not bring in
``urllib.request``, ``http`` or ``email`` (``xml.sax.saxutils`` did, for a few entity
replacements); the workbook reader's own replacements say what saxutils said."""

from __future__ import annotations

from xml.sax.saxutils import escape, unescape

import pytest

from importers.workbook import _attribute, _text
from tests.probe import loaded_modules

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
    found = loaded_modules("import importers.api, importers.kinds", ("urllib", "http", "email"))
    assert found - {"urllib", "urllib.parse"} == set()
