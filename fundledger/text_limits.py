"""How much text the ledger keeps in each bounded text field — one figure for both back ends
(PostgreSQL enforces a column's length, SQLite does not, so the importers and the write layer
check it first and say which field and row is too long).  The schema declares its columns
with these figures."""

from __future__ import annotations

__all__ = ["ACCOUNT", "COST_CENTRE", "COUNTERPARTY", "REFERENCE"]

#: a supplier, customer or other counterparty's name as printed
COUNTERPARTY = 300
#: an invoice number, transaction number or other reference
REFERENCE = 100
#: a council's cost-centre code or service division's name
COST_CENTRE = 64
#: an account (subjective) code or account string
ACCOUNT = 64
