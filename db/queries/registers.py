"""Register read queries: lazy, SQL-sorted and SQL-filtered lists behind the app's big tables.

A :class:`Register` declares its columns as SQL expressions.  Scope, search, column filters and
sort are all SQL (never Python).  :func:`page` returns one page of a view (``LIMIT``/``OFFSET``
off an index, so a million-row ledger shows its first rows at once), :func:`totals` counts the
view and sums its money columns, and :func:`row_ids` / :func:`rows_by_id` walk a whole view in
chunks (exports).
"""

from __future__ import annotations

from array import array
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, and_, func, not_, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from fundledger.amounts import parse_amount
from fundledger.dates import parse_date
from fundledger.money import NIL, Money
from fundledger.years import parse_period_label, parse_year

#: text | money | date | datetime | int | year | period | bool
KINDS = ("text", "money", "date", "datetime", "int", "year", "period", "bool")


@dataclass(frozen=True, slots=True, eq=False)
class Column:
    """One register column: a key, a header, a kind (how it is shown and filtered), SQL."""

    key: str
    header: str
    kind: str
    expr: Any
    joins: tuple[str, ...] = ()
    searchable: bool = False
    width: int = 100
    total: bool = False
    tooltip: str = ""
    #: SQL boolean, true where this (money) value was reported as "Nil" (shown "Nil", not £0.00)
    nil: Any = None


@dataclass(frozen=True, slots=True, eq=False)
class Register:
    """A table shown as a register: columns, the joins they need, and how it is scoped."""

    name: str
    table: Any
    id_expr: Any
    columns: tuple[Column, ...]
    default_sort: str
    default_desc: bool = False
    joins: Mapping[str, tuple[Any, Any]] = field(default_factory=dict)
    stream_expr: Any | None = None
    year_expr: Any | None = None
    year_to_expr: Any | None = None
    #: extra ORDER BY terms after the sort column (before the id tie-break)
    then: tuple[Any, ...] = ()

    def column(self, key: str) -> Column:
        for c in self.columns:
            if c.key == key:
                return c
        raise KeyError(f"register {self.name} has no column {key!r}")

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(c.key for c in self.columns)

    def selected(self) -> list[Any]:
        """What a row query selects: the id, every column, then each column's nil flag."""
        nils = [c.nil for c in self.columns if c.nil is not None]
        return [self.id_expr, *[c.expr for c in self.columns], *nils]

    def row(self, r: Sequence[Any]) -> RegisterRow:
        """A :class:`RegisterRow` from a row of :meth:`selected` (nil flags folded in)."""
        n = len(self.columns)
        values = list(r[1 : n + 1])
        flags = iter(r[n + 1 :])
        for i, c in enumerate(self.columns):
            if c.nil is not None and next(flags) and values[i] == 0:
                values[i] = NIL
        return RegisterRow(int(r[0]), tuple(values))


@dataclass(frozen=True, slots=True)
class RegisterQuery:
    """What the user asked to see: scope, search words, column filters and sort."""

    stream: str | None = None
    year: int | None = None
    search: str = ""
    filters: tuple[tuple[str, str], ...] = ()
    sort: str | None = None
    descending: bool = False


@dataclass(frozen=True, slots=True)
class FilterProblem:
    """A column filter that could not be understood (it is ignored, and shown to the user)."""

    column: str
    text: str
    reason: str


@dataclass(frozen=True, slots=True)
class RegisterRow:
    id: int
    values: tuple[Any, ...]


@dataclass(frozen=True, slots=True)
class RegisterTotals:
    rows: int
    sums: tuple[tuple[str, Money], ...]

    def sum(self, key: str) -> Money | None:
        return dict(self.sums).get(key)


@dataclass(frozen=True, slots=True)
class RegisterView:
    """The ids of a view in order, its totals, and any filter problems."""

    ids: array[int]
    totals: RegisterTotals
    problems: tuple[FilterProblem, ...]


# --------------------------------------------------------------------------- where clauses


def _like(expr: Any, text: str) -> ColumnElement[bool]:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return func.lower(expr).like(f"%{escaped.lower()}%", escape="\\")


def _split_range(text: str) -> tuple[str, str, str] | None:
    """``a..b`` → ("range", a, b); ``>=a`` → (">=", a, ""); plain ``a`` → ("=", a, "")."""
    t = text.strip()
    if ".." in t:
        lo, hi = t.split("..", 1)
        return "range", lo.strip(), hi.strip()
    for op in (">=", "<=", "!=", ">", "<", "="):
        if t.startswith(op):
            return op, t[len(op) :].strip(), ""
    return "=", t, ""


def _compare(expr: Any, op: str, a: Any, b: Any) -> ColumnElement[bool]:
    if op == "range":
        return and_(expr >= a, expr <= b)
    compare: dict[str, Any] = {
        ">=": expr.__ge__,
        "<=": expr.__le__,
        ">": expr.__gt__,
        "<": expr.__lt__,
        "!=": expr.__ne__,
    }
    return compare.get(op, expr.__eq__)(a)  # type: ignore[no-any-return]


def _money_value(text: str) -> Decimal | None:
    parsed, _err = parse_amount(text)
    return None if parsed is None else parsed.value


def _date_value(text: str) -> date | None:
    value, _err = parse_date(text)
    return value


def _int_value(kind: str, text: str) -> int | None:
    if kind == "year":
        fy = parse_year(text)
        return None if fy is None else fy.start_year
    if kind == "period":
        t = text.strip().upper().lstrip("P")
        if t.isdigit():
            return int(t)
        label = parse_period_label(text)
        return None if label is None else label[1]
    t = text.strip()
    return int(t) if t.lstrip("-").isdigit() else None


def _value_for(kind: str, text: str) -> Any:
    if kind == "money":
        return _money_value(text)
    if kind in ("date", "datetime"):
        return _date_value(text)
    return _int_value(kind, text)


def column_condition(col: Column, text: str) -> tuple[ColumnElement[bool] | None, str | None]:
    """The SQL condition for a filter typed on a column, or ``(None, reason)``.

    Text columns match "contains" (``=x`` exact, ``=`` alone blank, ``!x`` does not contain);
    money, dates, years and numbers take ``x``, ``>x``, ``>=x``, ``<x``, ``<=x``, ``!=x`` or ``a..b``.
    """
    t = text.strip()
    if not t:
        return None, None
    if col.kind == "text":
        if t == "=":
            return or_(col.expr.is_(None), col.expr == ""), None
        if t.startswith("="):
            return func.lower(col.expr) == t[1:].strip().lower(), None
        if t.startswith("!"):
            return or_(col.expr.is_(None), not_(_like(col.expr, t[1:].strip()))), None
        return _like(col.expr, t), None
    if col.kind == "bool":
        return _bool_condition(col, t)
    op, a_text, b_text = _split_range(t) or ("=", t, "")
    a = _value_for(col.kind, a_text)
    b = _value_for(col.kind, b_text) if op == "range" else None
    if a is None or (op == "range" and b is None):
        return None, f"not a {'amount' if col.kind == 'money' else col.kind} filter"
    if col.kind == "datetime":
        return _day_condition(col.expr, op, a, b), None
    return _compare(col.expr, op, a, b), None


def _bool_condition(col: Column, text: str) -> tuple[ColumnElement[bool] | None, str | None]:
    """``yes``, ``no`` or ``not known`` (a yes/no left open, e.g. a line's eligibility)."""
    word = text.lower()
    if word in ("yes", "y", "true", "1"):
        return col.expr.is_(True), None
    if word in ("no", "n", "false", "0"):
        return col.expr.is_(False), None
    if word in ("not known", "unknown", "?", "blank"):
        return col.expr.is_(None), None
    return None, "not a yes / no / not known filter"


def _day_condition(expr: Any, op: str, a: date, b: date | None) -> ColumnElement[bool]:
    """A timestamp compared by whole (UTC) days, as half-open ranges (works on every backend)."""

    def start(d: date) -> datetime:
        return datetime(d.year, d.month, d.day, tzinfo=UTC)

    day_after = start(a) + timedelta(days=1)
    if op == "range":
        assert b is not None
        return and_(expr >= start(a), expr < start(b) + timedelta(days=1))
    ranges: dict[str, ColumnElement[bool]] = {
        ">=": expr >= start(a),
        ">": expr >= day_after,
        "<=": expr < day_after,
        "<": expr < start(a),
        "!=": or_(expr < start(a), expr >= day_after),
    }
    return ranges.get(op, and_(expr >= start(a), expr < day_after))


def _search_condition(reg: Register, words: Sequence[str]) -> ColumnElement[bool] | None:
    searchable = [c for c in reg.columns if c.searchable]
    money = [c for c in reg.columns if c.kind == "money"]
    parts = []
    for word in words:
        alts: list[ColumnElement[bool]] = [_like(c.expr, word) for c in searchable]
        value = _money_value(word) if any(ch.isdigit() for ch in word) else None
        if value is not None:
            alts += [c.expr == value for c in money]
            alts += [c.expr == -value for c in money]
        if alts:
            parts.append(or_(*alts))
    return and_(*parts) if parts else None


def _scope_conditions(reg: Register, q: RegisterQuery) -> list[ColumnElement[bool]]:
    from db.schema import Stream

    conds: list[ColumnElement[bool]] = []
    if q.stream and reg.stream_expr is not None:
        sid = select(Stream.id).where(Stream.code == q.stream).scalar_subquery()
        conds.append(reg.stream_expr == sid)
    if q.year is not None and reg.year_expr is not None:
        if reg.year_to_expr is not None:
            conds.append(and_(reg.year_expr <= q.year, reg.year_to_expr >= q.year))
        else:
            conds.append(reg.year_expr == q.year)
    return conds


def conditions(
    reg: Register, q: RegisterQuery
) -> tuple[list[ColumnElement[bool]], set[str], list[FilterProblem]]:
    """WHERE conditions for a view, the joins they need, and the filters that were refused."""
    conds = _scope_conditions(reg, q)
    joins: set[str] = set()
    problems: list[FilterProblem] = []
    words = q.search.split()
    search = _search_condition(reg, words)
    if search is not None:
        conds.append(search)
        for c in reg.columns:
            if c.searchable or c.kind == "money":
                joins.update(c.joins)
    for key, text in q.filters:
        try:
            col = reg.column(key)
        except KeyError:
            problems.append(FilterProblem(key, text, "no such column"))
            continue
        cond, reason = column_condition(col, text)
        if reason:
            problems.append(FilterProblem(key, text, reason))
        elif cond is not None:
            conds.append(cond)
            joins.update(col.joins)
    return conds, joins, problems


def _from(reg: Register, joins: set[str]) -> Any:
    source = reg.table
    for name, (target, onclause) in reg.joins.items():
        if name in joins:
            source = source.outerjoin(target, onclause)
    return source


# --------------------------------------------------------------------------- queries


def _sort_column(reg: Register, q: RegisterQuery) -> tuple[Column, bool]:
    key = q.sort or reg.default_sort
    try:
        col = reg.column(key)
    except KeyError:
        col = reg.column(reg.default_sort)
    desc = q.descending if q.sort else reg.default_desc
    return col, desc


def ids_statement(reg: Register, q: RegisterQuery) -> tuple[Select[Any], list[FilterProblem]]:
    """``SELECT id … WHERE … ORDER BY <sort>, id`` for a view."""
    conds, joins, problems = conditions(reg, q)
    col, desc = _sort_column(reg, q)
    joins.update(col.joins)
    order = [col.expr.desc() if desc else col.expr.asc()]
    order += [t.desc() if desc else t.asc() for t in reg.then]
    order.append(reg.id_expr.desc() if desc else reg.id_expr.asc())
    stmt = select(reg.id_expr).select_from(_from(reg, joins)).where(*conds).order_by(*order)
    return stmt, problems


def row_ids(
    session: Session, reg: Register, q: RegisterQuery
) -> tuple[array[int], list[FilterProblem]]:
    """The ids of every row in the view, in display order (a compact int array)."""
    stmt, problems = ids_statement(reg, q)
    result = session.connection().execute(stmt)
    ids: array[int] = array("q")
    while chunk := result.fetchmany(50_000):
        ids.extend(r[0] for r in chunk)
    return ids, problems


def totals(session: Session, reg: Register, q: RegisterQuery) -> RegisterTotals:
    """Row count and the sum of each money column marked ``total`` over the view."""
    conds, joins, _problems = conditions(reg, q)
    money = [c for c in reg.columns if c.total]
    for c in money:
        joins.update(c.joins)
    stmt = select(func.count(), *[func.sum(c.expr) for c in money]).select_from(_from(reg, joins))
    row = session.connection().execute(stmt.where(*conds)).one()
    sums = tuple(
        (c.key, Money(v if v is not None else Decimal("0.00")))
        for c, v in zip(money, row[1:], strict=True)
    )
    return RegisterTotals(int(row[0]), sums)


def view(session: Session, reg: Register, q: RegisterQuery) -> RegisterView:
    """Ids, totals and filter problems for a view, in one read."""
    ids, problems = row_ids(session, reg, q)
    return RegisterView(ids, totals(session, reg, q), tuple(problems))


def page(
    session: Session, reg: Register, q: RegisterQuery, offset: int, limit: int
) -> tuple[list[RegisterRow], list[FilterProblem]]:
    """One page of the view in display order (``LIMIT``/``OFFSET``): the first rows of a
    million-row view come straight off an index, without touching the rest."""
    conds, joins, problems = conditions(reg, q)
    col, desc = _sort_column(reg, q)
    for c in reg.columns:
        joins.update(c.joins)
    order = [col.expr.desc() if desc else col.expr.asc()]
    order += [t.desc() if desc else t.asc() for t in reg.then]
    order.append(reg.id_expr.desc() if desc else reg.id_expr.asc())
    stmt = (
        select(*reg.selected())
        .select_from(_from(reg, joins))
        .where(*conds)
        .order_by(*order)
        .offset(offset)
        .limit(limit)
    )
    rows = [reg.row(r) for r in session.connection().execute(stmt)]
    return rows, problems


def rows_by_id(session: Session, reg: Register, ids: Sequence[int]) -> dict[int, RegisterRow]:
    """The column values of the given rows (one page), keyed by id."""
    if not ids:
        return {}
    joins: set[str] = set()
    for c in reg.columns:
        joins.update(c.joins)
    stmt = select(*reg.selected()).select_from(_from(reg, joins)).where(reg.id_expr.in_(list(ids)))
    rows = (reg.row(r) for r in session.connection().execute(stmt))
    return {row.id: row for row in rows}
