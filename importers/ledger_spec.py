"""The tables of the ledger-shaped kinds (``transactions``, ``gl``): their fields and the header
names that mean each, including the names real council extracts use (``Trans No``,
``Beneficiary Name``, ``Expenditure Code``, ``paid_date``…)."""

from __future__ import annotations

from .headers import FieldSpec, TableSpec

__all__ = ["GL_SPEC", "TRANSACTION_SPEC"]

_COMMON = (
    FieldSpec(
        "cost_centre",
        (
            "cost centre",
            "cost center",
            "cost centre code",
            "cost center code",
            "cc",
            "cost code",
            "expenditure code",
            "cost centre number",
        ),
    ),
    FieldSpec(
        "cost_centre_name", ("cost centre name", "cost center name", "cost centre description")
    ),
    FieldSpec(
        "account",
        (
            "account",
            "account code",
            "account string",
            "gl account",
            "gl code",
            "nominal",
            "nominal code",
            "subjective",
            "subjective code",
            "code combination",
            "ledger code",
        ),
    ),
    FieldSpec(
        "account_name",
        ("subjective name", "account name", "account description", "subjective description"),
    ),
    FieldSpec(
        "supplier",
        (
            "supplier",
            "supplier name",
            "vendor",
            "vendor name",
            "payee",
            "payee name",
            "counterparty",
            "creditor",
            "beneficiary",
            "beneficiary name",
            "merchant name",
        ),
    ),
    FieldSpec(
        "reference",
        (
            "reference",
            "ref",
            "invoice no",
            "invoice number",
            "invoice",
            "invoice ref",
            "document no",
            "document number",
            "doc no",
            "transaction reference",
            "voucher",
            "journal",
            "trans no",
            "trans id",
            "trans ref",
            "transaction no",
            "transaction number",
            "transaction id",
            "payment reference",
            "payment ref",
            "document reference",
        ),
    ),
    FieldSpec(
        "description",
        (
            "description",
            "line description",
            "narrative",
            "details",
            "item description",
            "memo",
            "expenditure category",
            "expenditure type",
            "expense type",
            "purpose",
        ),
    ),
    FieldSpec(
        "amount",
        (
            "amount",
            "net amount",
            "value",
            "net",
            "net value",
            "total amount",
            "amount gbp",
            "amount paid",
        ),
        money=True,
    ),
    FieldSpec("debit", ("debit", "dr", "debits", "debit amount"), money=True),
    FieldSpec("credit", ("credit", "cr", "credits", "credit amount"), money=True),
    FieldSpec(
        "period",
        (
            "period",
            "accounting period",
            "fiscal period",
            "gl period",
            "period label",
            "posting period",
        ),
    ),
)
_NEEDS = (("date",), ("cost_centre", "account"), ("amount", "debit", "credit"))

TRANSACTION_SPEC = TableSpec(
    "transactions",
    (
        FieldSpec(
            "date",
            (
                "date",
                "transaction date",
                "invoice date",
                "document date",
                "payment date",
                "posting date",
                "posted date",
                "gl date",
                "paid date",
                "date paid",
                "date of payment",
            ),
        ),
        *_COMMON,
    ),
    _NEEDS,
    one_amount=True,
)
GL_SPEC = TableSpec(
    "gl",
    (
        FieldSpec(
            "date",
            ("posting date", "posted date", "posted", "gl date", "date", "transaction date"),
        ),
        *_COMMON,
    ),
    _NEEDS,
    one_amount=True,
)
