"""The forms' screen logic, driven without Qt or a database (ui.controllers)."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from ui.controllers import budget, contract, partners, transaction, user
from ui.controllers.fields import parse_money_field

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Org:
    id: int
    code: str  # the organisation's kind, as the use cases give it
    name: str


def test_the_controllers_load_no_qt_and_no_database() -> None:
    code = (
        "import sys, ui.controllers.transaction, ui.controllers.budget, "
        "ui.controllers.contract, ui.controllers.partners, ui.controllers.user\n"
        "print(sorted(m for m in ('PySide6', 'sqlalchemy', 'db') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"


def test_money_fields_take_one_exact_amount() -> None:
    assert parse_money_field("£1,234.50") == (Decimal("1234.50"), None)
    assert parse_money_field("12.345") == (None, "Amount “12.345”: more than two decimal places")
    assert parse_money_field("") == (None, "Amount is required")
    assert parse_money_field("about £5,000", "Original budget") == (
        None,
        "Original budget “about £5,000”: give one exact amount",
    )


# ---------------------------------------------------------------------- transaction


def entry(**kw: object) -> transaction.TransactionEntry:
    base: dict[str, object] = dict(
        stream_id=3, txn_date=date(2025, 7, 15), year=2025, period=4, amount="£1,234.50"
    )
    return transaction.TransactionEntry(**{**base, **kw})  # type: ignore[arg-type]


def test_a_transaction_date_charges_its_year_and_period() -> None:
    assert transaction.charged(date(2025, 7, 15)) == (2025, 4)
    assert transaction.charged(date(2026, 3, 31)) == (2025, 12)
    assert transaction.first_date(date(2026, 11, 23), 2025) == date(2025, 4, 1)
    assert transaction.first_date(date(2026, 11, 23), 2026) == date(2026, 11, 23)
    assert transaction.year_choices(date(2025, 7, 15)) == range(2019, 2027)


def test_a_clean_transaction_gives_what_is_written() -> None:
    checked = transaction.check_transaction(entry(counterparty=" Panahghar ", reference=""))
    assert checked.problems == [] and checked.invalid == frozenset()
    assert checked.value is not None
    assert (checked.value["amount"], checked.value["counterparty"]) == (
        Decimal("1234.50"),
        "Panahghar",
    )
    assert (checked.value["reference"], checked.value["reported_nil"]) == (None, False)
    nil = transaction.check_transaction(entry(amount="Nil"))
    assert nil.value is not None and (nil.value["amount"], nil.value["reported_nil"]) == (0, True)
    assert transaction.amount_text(Decimal("0.00"), True) == "Nil"
    assert transaction.amount_text(Decimal("1250"), False) == "1,250.00"


def test_transaction_problems_are_found_inline() -> None:
    checked = transaction.check_transaction(entry(stream_id=None, amount="12.345"))
    assert checked.problems == [
        "Amount “12.345”: more than two decimal places",
        "Choose a stream",
    ]
    assert checked.invalid == frozenset({"amount"}) and checked.value is None
    far = transaction.check_transaction(entry(year=2023))
    assert far.problems == [
        "charged to 2023-24 P04 but dated 15/07/2025 (2025-26): more than a year apart"
    ]
    assert transaction.accrual_note(date(2026, 4, 2), 2025) == (
        "Dated 02/04/2026, outside 2025-26: it will be saved as charged to that year (an accrual)."
    )
    assert transaction.accrual_note(date(2025, 4, 2), 2025) is None


# ---------------------------------------------------------------------- budget


def test_an_allocation_is_checked_inline() -> None:
    bad = budget.check_allocation(
        budget.AllocationEntry(stream_id=1, funder=" ", year_from=2026, year_to=2025, amount="-5")
    )
    assert bad.problems == [
        "An allocation cannot be negative",
        "The last year is before the first year",
        "Name the funder",
    ]
    ok = budget.check_allocation(
        budget.AllocationEntry(1, "DLUHC", 2025, 2027, "£1,463,965", mechanism=" grant ")
    )
    assert ok.value == {
        "stream_id": 1,
        "year_from": 2025,
        "year_to": 2027,
        "amount": Decimal("1463965.00"),
        "status": "confirmed",
        "mechanism": "grant",
        "label": None,
        "source_ref": None,
    }
    assert budget.year_choices(date(2026, 1, 5)) == range(2017, 2029)


def test_a_budget_line_needs_a_name_and_an_exact_budget() -> None:
    bad = budget.check_budget_line(budget.BudgetLineEntry(name="", original="£0.5m-£1m"))
    assert bad.problems == [
        "Original budget “£0.5m-£1m”: give one exact amount",
        "Name the budget line",
    ]
    assert bad.invalid == frozenset({"original"})
    ok = budget.check_budget_line(budget.BudgetLineEntry(" Refuge ", "£0.5m", category="post"))
    assert ok.value == {
        "name": "Refuge",
        "code": None,
        "category": "post",
        "original": Decimal("500000.00"),
        "eligible": None,  # a new line's eligibility is not known until someone decides
        "sort_order": 0,
    }
    assert budget.ELIGIBILITY == (
        ("Not known", None), ("Yes — eligible", True), ("No — not eligible", False)
    )  # fmt: skip


# ---------------------------------------------------------------------- contract

ORGS = [
    Org(1, "vcse", "Women's Aid Leicestershire"),
    Org(2, "county", "Leicestershire County Council"),
    Org(3, "pcc", "OPCC"),
    Org(4, "business", "Sponsors Ltd"),
    Org(5, "csp_area", "Charnwood CSP"),
    Org(6, "district", "Blaby District Council"),
    Org(7, "police", "Leicestershire Police"),
]


def test_contract_pickers_offer_providers_and_commissioners() -> None:
    assert [o.id for o in contract.providers(ORGS)] == [1, 2, 4, 6]
    assert [o.id for o in contract.commissioners(ORGS)] == [2, 3, 6]


def test_a_contract_line_is_checked_inline() -> None:
    bad = contract.check_contract(
        contract.ContractEntry(
            service="", provider_text="", value="lots", term_text="a while", extensions="12, twelve"
        )
    )
    assert bad.problems == [
        "Service is required",
        "Provider is required (as printed)",
        "Value “lots”: not an amount",
        "Extension options are whole months separated by commas",
        "Term “a while”: no term length found; give the base term in months",
    ]
    ok = contract.check_contract(
        contract.ContractEntry(
            "Outreach",
            "Women's Aid",
            value="£97,054",
            cost_basis="whole_term",
            term_text="2 years (+1 year extension)",
            extensions="12",
        )
    )
    assert ok.value is not None
    assert (ok.value.base_term_months, ok.value.extensions) == (None, (12,))
    assert (ok.value.fields["value"], ok.value.fields["reference"]) == (Decimal("97054.00"), None)


def test_a_profile_offers_three_years_at_least_and_totals_what_is_typed() -> None:
    assert contract.profile_years({}, date(2025, 4, 1)) == range(2025, 2028)
    assert contract.profile_years({2022: 1, 2023: 1, 2024: 1, 2025: 1}, date(2023, 1, 1)) == (
        range(2022, 2026)
    )
    texts = {2022: "70,000", 2023: "90,000", 2024: "not yet"}
    assert contract.profile_total(texts) == Decimal("160000.00")
    checked = contract.check_profile(texts)
    assert checked.problems == ["2024-25 “not yet”: not an amount"]
    assert contract.check_profile({2022: "70,000", 2023: ""}).value == {2022: Decimal("70000.00")}


# ---------------------------------------------------------------------- partners


def test_contributions_offer_partners_and_need_an_amount_unless_in_kind() -> None:
    assert [o.id for o in partners.contribution_partners(ORGS)] == [1, 2, 3, 6, 7]
    cash = partners.check_contribution(partners.ContributionEntry("", False, ""))
    assert cash.problems == ["A cash contribution needs an amount"]
    kind = partners.check_contribution(partners.ContributionEntry("", True, ""))
    assert kind.problems == [
        "Describe the in-kind contribution (e.g. a seconded Probation Officer)"
    ]
    ok = partners.check_contribution(partners.ContributionEntry("", True, "A seconded officer"))
    assert ok.problems == [] and ok.value is None


def test_recharges_tick_the_dhr_debtors_first_on_dhr() -> None:
    from fundledger.reference import DHR_DEBTORS, by_key

    debtors = [Org(10 + i, "district", by_key(k).name) for i, k in enumerate(DHR_DEBTORS)]
    orgs = [Org(1, "county", "Aardvark County"), *debtors, Org(2, "vcse", "A charity")]
    on_dhr = partners.recharge_partners(orgs, recharge=True)
    assert [o.name for o, ticked in on_dhr if ticked] == sorted(o.name for o in debtors)
    assert [o.name for o, _t in on_dhr][-1] == "Aardvark County"  # the rest after, unticked
    assert not any(t for _o, t in partners.recharge_partners(orgs, recharge=False))
    assert partners.recharge_description(2027) == "Domestic Homicide Review contribution 2027-28"
    bad = partners.check_recharges(
        partners.RechargeEntry("5,000", 0, " ", date(2026, 10, 1), date(2026, 9, 30))
    )
    assert bad.problems == [
        "Tick at least one partner",
        "A description is required",
        "The due date is before the date raised",
    ]
    assert partners.recharges_note(8, Decimal("5000.00")) == (  # type: ignore[arg-type]
        "8 recharges of £5,000.00 = £40,000.00"
    )


def test_receipts_and_income_are_checked_inline() -> None:
    assert partners.check_receipt("income", "anything").problems == []
    assert partners.check_receipt("recharge", "2,500").value == Decimal("2500.00")
    bad = partners.check_income(partners.IncomeEntry(" ", "", list_price="x"))
    assert bad.problems == [
        "Amount is required",
        "List price “x”: not an amount",
        "A customer is required",
    ]
    ok = partners.check_income(
        partners.IncomeEntry("Acme", "£1,225", list_price="1,500", discount="275")
    )
    assert ok.value == {
        "amount": Decimal("1225.00"),
        "list_price": Decimal("1500.00"),
        "discount": Decimal("275.00"),
        "description": None,
    }


# ---------------------------------------------------------------------- user


def valid(name: str) -> bool:
    return name.islower() and " " not in name


def test_a_new_user_is_checked_inline() -> None:
    bad = user.check_user(
        user.UserEntry(
            "Jo Smith", "", "budget_holder", (), new=True, password="a", password_again="b"
        ),
        valid,
    )
    assert bad.problems == [
        "Login name “Jo Smith”: use lower-case letters, digits, '_', '.' or '-', starting with "
        "a letter, at most 63 characters",
        "A budget holder holds at least one stream: tick theirs",
        "The two passwords differ",
    ]
    assert bad.invalid == frozenset({"username", "password_again"})
    ok = user.check_user(user.UserEntry("jo.smith", "Jo  Smith ", "viewer", (), new=True), valid)
    assert ok.problems == []
    assert ok.value == user.UserForm("jo.smith", "Jo Smith", "viewer", ())
    scoped = user.check_user(user.UserEntry("jo", "", "viewer", ("YJ",), new=False), valid)
    assert scoped.problems == ["Only budget holders are scoped to streams: untick them"]


def test_only_a_budget_holder_holds_streams() -> None:
    assert user.streams_state("viewer", ["YJ"], ["YJ"]) == user.StreamsState(
        False, "Only budget holders are scoped to streams", frozenset()
    )
    assert user.streams_state("budget_holder", [], ["YJ", "DA"]) == user.StreamsState(
        True, "Tick each stream this budget holder holds", frozenset({"YJ", "DA"})
    )
    assert user.streams_state("budget_holder", ["DA"], ["YJ"]).tick is None
    assert user.role_change_note("m.price", "finance", "viewer") == [
        "m.price's new role applies the next time they open the ledger."
    ]
    assert user.role_change_note("m.price", None, "viewer") == []
