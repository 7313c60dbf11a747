"""Synthetic provider invoices for the DA spend plan and monthly YJ payments (deterministic)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from fundledger.money import Money, split
from fundledger.years import FinancialYear

from .common import DEMO_YEAR, INVOICED_PERIODS, gbp
from .da import FREEVA_TEXT, SPEND_PLAN, ContractSpec, provider_keys
from .partners import YJ_SPEND, MonthlySpend

# --------------------------------------------------------------------------- synthetic invoices


@dataclass(frozen=True, slots=True)
class InvoiceSpec:
    """One synthetic 2025-26 payment against a spend-plan line."""

    contract_seq: int
    period: int
    txn_date: date
    supplier: str
    supplier_key: str
    reference: str
    description: str
    amount: Money
    kind: str = "spend"
    account: str = "5210"


def _invoice_day(seq: int, period: int) -> int:
    return 3 + (seq * 7 + period * 5) % 23


def _prefix(name: str) -> str:
    return "".join(ch for ch in name.upper() if ch.isalpha())[:3]


def _monthly_parts(spec: ContractSpec, payees: int) -> list[Money]:
    months = spec.term.base_months or 12
    return split(spec.value, [1] * (months * payees))


def _payees(spec: ContractSpec) -> tuple[tuple[str, str], ...]:
    if spec.invoice_names:
        return spec.invoice_names
    keys = provider_keys(spec)
    return tuple((k, spec.provider_text) for k in keys[:1])


def _line_invoices(spec: ContractSpec, counter: list[int]) -> list[InvoiceSpec]:
    fy = FinancialYear(DEMO_YEAR)
    payees = _payees(spec)
    parts = _monthly_parts(spec, len(payees))
    quarterly = spec.billing == "quarterly"
    out: list[InvoiceSpec] = []
    for p in INVOICED_PERIODS:
        if quarterly and p % 3:
            continue
        start = fy.period_start(p)
        when = start.replace(day=_invoice_day(spec.seq, p))
        month = start.strftime("%B %Y")
        for i, (key, name) in enumerate(payees):
            counter[0] += 1
            amount = parts[i] * (3 if quarterly else 1)
            if spec.billing == "payroll":
                ref = f"PAY-2025-P{p:02d}-{spec.seq:02d}"
                desc, account = f"{spec.service} – salary recharge {month}", "1100"
            else:
                ref = f"INV-{_prefix(name)}-{start:%Y%m}-{5000 + counter[0]:04d}"
                desc, account = f"{spec.service} – {month}", "5210"
            out.append(InvoiceSpec(spec.seq, p, when, name, key, ref, desc, Money(amount),
                                   account=account))  # fmt: skip
    return out


def da_invoices() -> list[InvoiceSpec]:
    """Payments P1–P8 2025-26 for every spend-plan line still running, plus one credit note."""
    counter = [0]
    out: list[InvoiceSpec] = []
    for spec in SPEND_PLAN:
        out.extend(_line_invoices(spec, counter))
    out.append(
        InvoiceSpec(
            8,
            5,
            date(2025, 8, 22),
            FREEVA_TEXT,
            "FREEVA",
            "CRN-FRE-202508-9001",
            "Credit – BAME advisor hours not delivered, July 2025",
            gbp("-250.00"),
            kind="credit",
        )
    )
    return out


def yj_payments() -> list[tuple[MonthlySpend, int, date, str]]:
    """Monthly YJ payments P1–P8: (spend, period, date, reference)."""
    fy = FinancialYear(DEMO_YEAR)
    out: list[tuple[MonthlySpend, int, date, str]] = []
    for n, spend in enumerate(YJ_SPEND, 1):
        for p in INVOICED_PERIODS:
            start = fy.period_start(p)
            when = start.replace(day=_invoice_day(n + 20, p))
            out.append((spend, p, when, f"{spend.prefix}-YJ-{start:%Y%m}-{n:02d}"))
    return out
