"""The registers the app shows: transactions, allocations, budget lines and the audit log.

Each is a :class:`db.queries.registers.Register` — columns as SQL expressions, so sorting,
search and filters run in the database.  Revised budget = original + approved virements and
carry-forwards (in − out), computed in SQL (never stored).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import func, select, type_coerce
from sqlalchemy.orm import aliased

from db.schema import (
    Allocation,
    AuditEntry,
    BudgetLine,
    CarryForward,
    ContractLine,
    Organisation,
    Stream,
    Transaction,
    Virement,
)
from db.types import Pence

from .reference import name_in_force
from .registers import Column, Register

_ZERO = Decimal("0.00")

# --------------------------------------------------------------------------- transactions

_ts = aliased(Stream, name="t_stream")
_tl = aliased(BudgetLine, name="t_line")
_tc = aliased(ContractLine, name="t_contract")
_T = Transaction

TRANSACTIONS = Register(
    name="transactions",
    table=Transaction.__table__,
    id_expr=_T.id,
    default_sort="date",
    default_desc=True,
    stream_expr=_T.stream_id,
    year_expr=_T.year,
    joins={
        "stream": (_ts, _ts.id == _T.stream_id),
        "line": (_tl, _tl.id == _T.budget_line_id),
        "contract": (_tc, _tc.id == _T.contract_line_id),
    },
    columns=(
        Column("id", "No.", "int", _T.id, width=70, tooltip="Ledger transaction number"),
        Column("date", "Date", "date", _T.txn_date, width=90),
        Column("year", "Year", "year", _T.year, width=70, tooltip="Financial year charged to"),
        Column("period", "Period", "period", _T.period, width=55, tooltip="Period charged to"),
        Column("stream", "Stream", "text", _ts.code, ("stream",), True, 60),
        Column("line", "Budget line", "text", _tl.name, ("line",), True, 180),
        Column("counterparty", "Counterparty", "text", _T.counterparty, (), True, 190),
        Column("amount", "Amount", "money", _T.amount, width=110, total=True, nil=_T.reported_nil),
        Column("reference", "Reference", "text", _T.reference, (), True, 110),
        Column("description", "Description", "text", _T.description, (), True, 260),
        Column("kind", "Kind", "text", _T.kind, (), False, 80),
        Column("cost_centre", "Cost centre", "text", _T.cost_centre, (), True, 90),
        Column("gl_ref", "GL ref", "text", _T.gl_ref, (), True, 100),
        Column("contract", "Contract line", "text", _tc.service, ("contract",), True, 180),
        Column(
            "coded_by",
            "Coded by",
            "text",
            _T.coded_by,
            (),
            True,
            150,
            tooltip="What coded the row to its lines: a rule, a suggestion, or by hand",
        ),
        Column("batch", "Batch", "int", _T.batch_id, width=60, tooltip="Import batch"),
        Column("reverses", "Reverses", "int", _T.reverses_id, width=70),
    ),
)

# --------------------------------------------------------------------------- allocations

_as = aliased(Stream, name="a_stream")
_af = aliased(Organisation, name="a_funder")
_A = Allocation

ALLOCATIONS = Register(
    name="allocations",
    table=Allocation.__table__,
    id_expr=_A.id,
    default_sort="year_from",
    default_desc=False,
    stream_expr=_A.stream_id,
    year_expr=_A.year_from,
    year_to_expr=_A.year_to,
    joins={
        "stream": (_as, _as.id == _A.stream_id),
        "funder": (_af, _af.id == _A.funder_org_id),
    },
    columns=(
        Column("id", "No.", "int", _A.id, width=55),
        Column("stream", "Stream", "text", _as.code, ("stream",), True, 60),
        # the name in force in the allocation's last year (DLUHC for 2021-22 to 2023-24)
        Column(
            "funder",
            "Funder",
            "text",
            name_in_force(_A.funder_org_id, _A.year_to, _af.name),
            ("funder",),
            True,
            220,
        ),
        Column("year_from", "From", "year", _A.year_from, width=70),
        Column("year_to", "To", "year", _A.year_to, width=70),
        Column("amount", "Amount", "money", _A.amount, width=120, total=True),
        Column("amount_text", "As printed", "text", _A.amount_text, (), True, 140),
        Column("mechanism", "Mechanism", "text", _A.mechanism, (), True, 90),
        Column("status", "Status", "text", _A.status, (), True, 80),
        Column("label", "Label", "text", _A.label, (), True, 240),
        Column("split", "Split into", "text", _A.split_into, (), False, 100),
        Column("superseded", "Superseded", "bool", _A.superseded, width=80),
    ),
)

# --------------------------------------------------------------------------- budget lines

_bs = aliased(Stream, name="b_stream")
_bo = aliased(Organisation, name="b_org")
_B = BudgetLine


def _moved(cls: Any, direction: str) -> Any:
    """Approved virements or carry-forwards into (``in``) or out of a line, in SQL."""
    col = cls.to_line_id if direction == "in" else cls.from_line_id
    total = func.coalesce(func.sum(cls.amount), type_coerce(_ZERO, Pence()))
    return (
        select(total).where(col == _B.id, cls.status == "approved").correlate(_B).scalar_subquery()
    )


_V_IN, _V_OUT = _moved(Virement, "in"), _moved(Virement, "out")
_C_IN, _C_OUT = _moved(CarryForward, "in"), _moved(CarryForward, "out")
VIREMENTS_NET = type_coerce(_V_IN - _V_OUT, Pence())
CARRIED_NET = type_coerce(_C_IN - _C_OUT, Pence())
#: revised = original + virements (in − out) + carry-forwards (in − out), approved only
REVISED = type_coerce(_B.original + _V_IN - _V_OUT + _C_IN - _C_OUT, Pence())

BUDGET_LINES = Register(
    name="budget_lines",
    table=BudgetLine.__table__,
    id_expr=_B.id,
    default_sort="stream",
    default_desc=False,
    then=(_B.year, _B.sort_order),
    stream_expr=_B.stream_id,
    year_expr=_B.year,
    joins={
        "stream": (_bs, _bs.id == _B.stream_id),
        "org": (_bo, _bo.id == _B.org_id),
    },
    columns=(
        Column("order", "#", "int", _B.sort_order, width=40, tooltip="Order on the budget"),
        Column("stream", "Stream", "text", _bs.code, ("stream",), True, 62),
        Column("year", "Year", "year", _B.year, width=62),
        Column("code", "Code", "text", _B.code, (), True, 45),
        Column("name", "Budget line", "text", _B.name, (), True, 208),
        Column("category", "Category", "text", _B.category, (), True, 85),
        Column("org", "Organisation", "text", _bo.name, ("org",), True, 145),
        Column("original", "Original", "money", _B.original, width=110, total=True),
        Column("virements", "Virements", "money", VIREMENTS_NET, width=95, total=True),
        Column(
            "carried",
            "Carried fwd",
            "money",
            CARRIED_NET,
            width=95,
            total=True,
            tooltip="Approved carry-forwards in less out",
        ),
        Column("revised", "Revised", "money", REVISED, width=110, total=True),
        Column("eligible", "Eligible", "bool", _B.eligible, width=85),
        Column("id", "No.", "int", _B.id, width=55),
    ),
)

# --------------------------------------------------------------------------- audit log

_E = AuditEntry

AUDIT = Register(
    name="audit",
    table=AuditEntry.__table__,
    id_expr=_E.id,
    default_sort="id",
    default_desc=True,
    columns=(
        Column("id", "No.", "int", _E.id, width=60),
        Column("at", "When", "datetime", _E.at, width=140),
        Column("user", "User", "text", _E.user, (), True, 90),
        # the database login behind the change (PostgreSQL; blank on a single-user file)
        Column("login", "Login", "text", _E.login, (), True, 90),
        Column("action", "Action", "text", _E.action, (), True, 110),
        Column("table", "Table", "text", _E.table_name, (), True, 110),
        Column("row", "Row", "text", _E.row_id, (), True, 60),
        Column("reason", "Reason", "text", _E.reason, (), True, 200),
        Column("old", "Old values", "text", _E.old, (), True, 260),
        Column("new", "New values", "text", _E.new, (), True, 320),
        Column("batch", "Batch", "int", _E.batch_id, width=60),
    ),
)

REGISTERS = {r.name: r for r in (TRANSACTIONS, ALLOCATIONS, BUDGET_LINES, AUDIT)}
