"""Figures for the export tests, shaped like the demo ledger (DOMAIN §1B, §1C), and readers."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from exports.data import ContractRow, CspRow, InKindStaff, PooledBudgetRow, Produced


def D(s: str) -> Decimal:
    return Decimal(s)


def demo_produced() -> Produced:
    return Produced(
        ledger_name="Leicestershire community safety ledger",
        as_at=date(2026, 6, 12),
        user="jsmith",
        produced_at=datetime(2026, 6, 15, 9, 30, tzinfo=UTC),
        version="0.1.0",
    )


def demo_yj_rows() -> list[PooledBudgetRow]:
    # deliberately out of template order and without Police / Welsh Government
    return [
        PooledBudgetRow("Other", other=D("75645")),
        PooledBudgetRow("Youth Justice Board", other=D("604659")),
        PooledBudgetRow("Local Authority", other=D("1032461")),
        PooledBudgetRow("Police and Crime Commissioner", staffing=D("91847"), other=D("77934")),
        PooledBudgetRow("Probation", staffing=D("73764"), other=D("37806")),
        PooledBudgetRow("Health", staffing=D("70945"), other=D("47588")),
    ]


def demo_yj_in_kind() -> list[InKindStaff]:
    return [
        InKindStaff("Probation", D("1.00"), "Full-time seconded Probation Officer"),
        InKindStaff("Police", D("2.00"), "Two warranted Police Constables"),
        InKindStaff(
            "Health",
            None,
            "Access to an Adverse Childhood Experiences Team from the Children and "
            "Adolescent Mental Health Services",
        ),
    ]


def demo_csp_rows() -> list[CspRow]:
    return [
        CspRow("Leicester", D("271818.47"), D("76546.00")),
        CspRow("Charnwood", D("89530.24"), D("89530.00")),
        CspRow("SNWLP", D("53776.10"), D("5807.80")),
        CspRow("Blaby", D("52665.76"), D("15566.64")),
        CspRow("Hinckley and Bosworth", D("51217.55"), D("31875.64")),
        CspRow("Harborough", D("37479.75"), D("0.00"), reported_nil=True),
        CspRow("Oadby and Wigston", D("32554.58"), D("0.00"), reported_nil=True),
        CspRow("Melton Mowbray", D("31335.75"), D("31335.75")),
        CspRow("Rutland", D("19296.80"), D("5400.00")),
    ]


# --------------------------------------------------------------------------- reading back


def sheet_xml(path: object, sheet_index: int) -> str:
    """The raw XML of worksheet ``sheet_index`` (1-based) inside the xlsx zip."""
    import zipfile

    with zipfile.ZipFile(str(path)) as z:
        return z.read(f"xl/worksheets/sheet{sheet_index}.xml").decode("utf-8")


def column(ws: object, col: str, first: int, last: int) -> list[object]:
    return [ws[f"{col}{r}"].value for r in range(first, last + 1)]  # type: ignore[index]


def demo_spend_plan() -> list[ContractRow]:
    """A slice of the DA Years 1–3 spend plan (DOMAIN §1A), with spend to date."""
    from exports.data import ContractRow, ExtensionOption

    ext = (ExtensionOption(12, "taken", date(2024, 2, 1)),)
    return [
        ContractRow(
            "Domestic Abuse Act Coordinator",
            "Leicestershire County Council",
            D("95062"),
            "2 years fixed term",
            date(2022, 4, 1),
            date(2024, 3, 31),
            invoiced=D("95062.00"),
            stream="DA",
        ),
        ContractRow(
            "Helpline support for male victims",
            "FreeVa",
            D("76544"),
            "2 years (+1 year extension)",
            date(2022, 4, 1),
            date(2025, 3, 31),
            ext,
            invoiced=D("50000.00"),
            stream="DA",
        ),
        ContractRow(
            "BAME advisor",
            "FreeVa",
            D("76544"),
            "2 years (+1 year extension)",
            date(2022, 4, 1),
            date(2025, 3, 31),
            (ExtensionOption(12),),
            invoiced=D("38272.00"),
            stream="DA",
        ),
        ContractRow(
            "Refuge and Dispersed Accommodation",
            "WALL Male, Generic and Accessible Units Panaghar BAME Units",
            D("250000"),
            "2 years (+1 year extension)",
            stream="DA",
        ),
        ContractRow(
            "Legal support to enable victims to remain in safe accommodation",
            "Chief Housing Officer Group",
            D("100000"),
            "2 years",
            value_text="£100k",
            stream="DA",
        ),
        ContractRow(
            "Counselling service for adults",
            "FreeVa",
            D("42982"),
            "1 year",
            stream="DA",
        ),
    ]
