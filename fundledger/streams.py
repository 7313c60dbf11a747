"""Streams (funds), cost centres and organisations as data a ledger can change: the rules that
say what a valid code, kind or name is, as pure functions returning a problem or ``None``.

A stream's **fund type** says what the fund is — a ``grant`` from a funder, a ``pooled`` budget
partners contribute to, ``allocations`` passed on to partners or areas, or ``income`` raised —
and fixes its accounting nature (``streams.kind``: expenditure, pooled or income), which the
variance and returns read.
"""

from __future__ import annotations

import re

from . import text_limits

__all__ = [
    "CC_MAX",
    "DEFAULT_LINE_CATEGORY",
    "FUND_TYPES",
    "LINE_CATEGORIES",
    "ORG_KINDS",
    "ORG_KIND_WORDS",
    "code_problem",
    "cost_centre_code",
    "cost_centre_problem",
    "fund_type_problem",
    "mechanisms_text",
    "nature",
    "org_kind",
    "parse_mechanisms",
]

#: fund type → accounting nature (``streams.kind``)
FUND_TYPES: dict[str, str] = {
    "grant": "expenditure",
    "pooled": "pooled",
    "allocations": "expenditure",
    "income": "income",
}
#: the usual category of a stream's budget lines (``budget_lines.category``)
LINE_CATEGORIES = ("service", "cost_heading", "csp_area", "agency", "income_category", "post")
#: the line category a new stream of each fund type gets unless told otherwise
DEFAULT_LINE_CATEGORY = {
    "grant": "cost_heading",
    "pooled": "agency",
    "allocations": "csp_area",
    "income": "income_category",
}

#: stored organisation kinds (``organisations.kind``)
ORG_KINDS = (
    "funder",
    "partner_agency",
    "provider",
    "csp_area",
    "district",
    "customer",
    "county",
    "unitary",
    "police",
    "pcc",
    "probation",
    "health",
    "government",
    "vcse",
    "business",
    "group",
    "internal",
    "other",
)
#: the words a user types (``org add --kind partner``) → the stored kind
ORG_KIND_WORDS = {
    "partner": "partner_agency",
    "csp": "csp_area",
    "csp area": "csp_area",
    "csp-area": "csp_area",
    "area": "csp_area",
    "supplier": "provider",
}

_CODE = re.compile(r"^[A-Z][A-Z0-9_-]{0,15}$")
#: a council's code (``LC4410``) or a service division's name (``PARKS & COUNTRYSIDE``)
_CC = re.compile(r"^[A-Z0-9](?:[A-Z0-9 &._/,'()+-]*[A-Z0-9.)])?$")
CC_MAX = text_limits.COST_CENTRE
_CC_CHAR = re.compile(r"[A-Z0-9 &._/,'()+-]")
_CC_CHAR_FIRST = re.compile(r"[A-Z0-9]")


def code_problem(code: str, what: str = "stream code") -> str | None:
    """Why ``code`` cannot be a stream code (upper-case letters, digits, ``_ -``; ≤ 16)."""
    if not _CODE.match(code):
        return (
            f"{what} {code!r} must start with a capital letter and use capital letters, digits, "
            "'_' or '-' (at most 16 characters)"
        )
    return None


def cost_centre_code(text: str) -> str:
    """A cost-centre code as kept: spaces around and repeated inside removed, capitals."""
    return " ".join(text.split()).upper()


def cost_centre_problem(code: str) -> str | None:
    """Why ``code`` (as :func:`cost_centre_code` gives it) cannot be a cost-centre code:
    capitals, digits, spaces and ``& . _ / - , ' ( ) +``, starting with a capital or digit,
    at most :data:`CC_MAX` characters — a council's code or a service division's name."""
    if len(code) <= CC_MAX and _CC.match(code):
        return None
    return (
        f"cost centre {code!r} {_cc_fault(code)}: a cost centre must start with a capital "
        "letter or digit and use capital letters, digits, spaces and & . _ / - , ' ( ) + (at "
        f"most {CC_MAX} characters)"
    )


def _cc_fault(code: str) -> str:
    """What exactly breaks the rule: the characters it may not have, its length, its ends."""
    bad = sorted({c for c in code if not _CC_CHAR.match(c)}, key=code.index)
    faults = ["has " + ", ".join(repr(c) for c in bad)] if bad else []
    if len(code) > CC_MAX:
        faults.append(f"is {len(code)} characters long")
    if faults:
        return " and ".join(faults)
    if not code:
        return "is empty"
    if not _CC_CHAR_FIRST.match(code[0]):
        return f"starts with {code[0]!r}"
    return f"ends with {code[-1]!r}"


def fund_type_problem(fund_type: str) -> str | None:
    if fund_type not in FUND_TYPES:
        return f"kind {fund_type!r} is not one of {', '.join(FUND_TYPES)}"
    return None


def nature(fund_type: str) -> str:
    """The accounting nature of a fund type (``streams.kind``)."""
    return FUND_TYPES[fund_type]


def org_kind(word: str) -> str | None:
    """The stored organisation kind a user's word names, or None if it names none."""
    w = " ".join(word.strip().lower().replace("_", " ").split())
    if w in ORG_KIND_WORDS:
        return ORG_KIND_WORDS[w]
    stored = w.replace(" ", "_")
    return stored if stored in ORG_KINDS else None


def parse_mechanisms(text: str) -> tuple[tuple[tuple[int, str], ...], list[str]]:
    """A stream's funding mechanism by year, as typed in the stream form.

    ``"2021-22 grant; 2025-26 settlement"`` (or ``2021: grant, 2025: settlement``) gives
    ``((2021, "grant"), (2025, "settlement"))``: each mechanism applies from that year on.
    Returns the pairs (by year) and what is wrong with the text (empty when nothing is).
    """
    from .reference.streams import MECHANISMS
    from .years import FinancialYear, parse_year

    pairs: dict[int, str] = {}
    problems: list[str] = []
    for part in re.split(r"[;,\n]", text):
        item = part.strip()
        if not item:
            continue
        m = re.match(r"^(.*?)[\s:]+([A-Za-z_ ]+)$", item)
        when = m.group(1).strip().rstrip(":").strip() if m else ""
        fy = FinancialYear(int(when)) if re.fullmatch(r"20\d\d", when) else parse_year(when)
        if m is None or fy is None:
            problems.append(f"{item!r}: give a year and a mechanism, e.g. 2025-26 settlement")
            continue
        mech = m.group(2).strip().lower().replace(" ", "_")
        if mech not in MECHANISMS:
            problems.append(f"{item!r}: {mech!r} is not a mechanism ({', '.join(MECHANISMS)})")
        elif fy.start_year in pairs and pairs[fy.start_year] != mech:
            problems.append(f"{fy.code} is given two mechanisms")
        else:
            pairs[fy.start_year] = mech
    return tuple(sorted(pairs.items())), problems


def mechanisms_text(pairs: tuple[tuple[int, str], ...]) -> str:
    """``"2021-22 grant; 2025-26 settlement"`` (what :func:`parse_mechanisms` reads back)."""
    from .years import year_label

    return "; ".join(f"{year_label(y)} {m}" for y, m in pairs)
