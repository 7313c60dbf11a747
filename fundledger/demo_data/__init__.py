"""The demo ledger as pure data: every ledger figure of DOMAIN.md §1A–1F, plus deterministic
synthetic 2025-26 activity so that every screen has something to show.

**From the source papers (exact):**

- DA duty allocations 2021-22 … 2024-25 (grant) and the unsplit range "2025 – 2026/ 2026-2027"
  £1,463,965 (settlement) held as ONE allocation ``year_from=2025, year_to=2026``.
- The DA "Years 1, 2 and 3 Funding Spend Plan": 17 contract lines with cost, provider and term
  text as printed; cost basis unknown; "WALL … Panaghar" names two providers.
- The YJ pooled budget 2025-26: nine cash contributions by agency and heading (Police and Welsh
  Government contribute nothing) and the in-kind staff the text describes without a value: two
  warranted Police Constables (FTE 2.00) and a seconded Probation Officer (FTE 1.00).
- OPCC CSP allocations 2025-26 (nine areas; £639,675.00 in all) with expenditure "as of
  12/06/2026" (£256,061.83; two areas "Nil").
- PMT: the £60,000 council revenue contribution, seven commercial agreements in calendar 2025
  (£8,994), district partnership work in calendar 2025 (£38,227), group-travel-guide listings
  (£4,650) — the same items as ``samples/pmt-income-2025.xlsx``.
- DHR: £5,000 a year invoiced to each of the seven districts and Rutland (2026-27: £40,000).
- Gambling harms levy: £121,110 for 2026/2027 from OHID.

**How the PMT figures fit together (the paper's ROI, DOMAIN.md §2.6).**  "In 2025/26, the PMT
leveraged £45,400 in private funding from a £12,650 council investment … 259%".  The £60,000
revenue contribution (dated 1 April 2025, so in 2025-26) is recorded as two items that add up
to £60,000: £12,650 earmarked for marketing and promotional spend (``is_council_investment``:
the ROI's "council investment") and £47,350 for the team's core costs.  Private leverage is the
income from private businesses (categories in :data:`PRIVATE_CATEGORIES`); in 2025-26 it is

====================================================  =========
commercial packages Apr–Dec 2025 (3,225+500+500+300+225)  4,750
paid listings, Nov 2025                                   4,650
Team Leicester memberships, 8 × £2,000 (synthetic)       16,000
sponsorship: UKREiiF pre-launch £12,000, networking
forum £6,500 (synthetic amounts; the paper says "100%
privately sponsored")                                    18,500
Partnership Package sold Feb 2026 (synthetic)             1,500
====================================================  =========
total                                                    45,400

so ROI = (45,400 − 12,650) / 12,650 = 258.9 % ("259%").  Calendar 2025 is untouched by the
synthetic items: commercial packages Jan–Dec 2025 = £8,994 (the two Feb/Mar 2025 sales fall in
2024-25), district work = £38,227, together £47,221.  District work is public money (district
councils' UKSPF), so it is not private leverage.

**Synthetic 2025-26 activity (deterministic, no randomness):** the spend-plan services are
treated as (re)commissioned from 1 April 2025 for their printed term so that they have a
2025-26 profile (the paper gives no start dates; each line's note says so); DA budget lines
2025-26 (one per spend-plan line at its annual cost, plus onward funding to districts) inside
the unsplit range allocation; provider invoices P1–P8 at value ÷ term months; YJ budget lines by
heading and monthly YJ spend; one approved and one pending virement; forecasts with commentary
at P8; one extension taken and the others pending; periods P1–P6 of 2025-26 closed for all
streams.  ``fundledger demo --transactions N`` adds bulk rows only in open periods.

The data lives in modules by stream (``common``, ``da``, ``partners``, ``invoices``); import it
from here.
"""

from __future__ import annotations

from .common import (
    DEMO_START,
    DEMO_VERSION,
    DEMO_YEAR,
    FORECAST_PERIOD,
    INVOICED_PERIODS,
    LOCKED_YEAR,
    OPCC_AS_AT,
    USERS,
    UserSpec,
    gbp,
)
from .da import (
    ALLOCATIONS,
    DISTRICT_LINE,
    DISTRICT_LINE_ORIGINAL,
    EXTENSION_DECISIONS,
    FORECASTS,
    FREEVA_TEXT,
    LCC_TEXT,
    LWA_TEXT,
    SPEND_PLAN,
    VIREMENTS,
    WALL_PANAGHAR,
    AllocationSpec,
    ContractSpec,
    ForecastSpec,
    VirementSpec,
    eligible,
    provider_keys,
)
from .invoices import (
    InvoiceSpec,
    da_invoices,
    yj_payments,
)
from .partners import (
    DHR_AMOUNT,
    DHR_DESCRIPTION,
    DHR_RECHARGES,
    DHR_YEAR,
    OPCC_AREAS,
    PMT_INCOME,
    PMT_TARGETS,
    PRIVATE_CATEGORIES,
    YJ_CONTRIBUTIONS,
    YJ_LINES,
    YJ_SPEND,
    ContributionSpec,
    CspSpec,
    IncomeSpec,
    MonthlySpend,
    RechargeSpec,
)

__all__ = [
    "ALLOCATIONS",
    "DEMO_START",
    "DEMO_VERSION",
    "DEMO_YEAR",
    "DHR_AMOUNT",
    "DHR_DESCRIPTION",
    "DHR_RECHARGES",
    "DHR_YEAR",
    "DISTRICT_LINE",
    "DISTRICT_LINE_ORIGINAL",
    "EXTENSION_DECISIONS",
    "FORECASTS",
    "FORECAST_PERIOD",
    "FREEVA_TEXT",
    "INVOICED_PERIODS",
    "LCC_TEXT",
    "LOCKED_YEAR",
    "LWA_TEXT",
    "OPCC_AREAS",
    "OPCC_AS_AT",
    "PMT_INCOME",
    "PMT_TARGETS",
    "PRIVATE_CATEGORIES",
    "SPEND_PLAN",
    "USERS",
    "VIREMENTS",
    "WALL_PANAGHAR",
    "YJ_CONTRIBUTIONS",
    "YJ_LINES",
    "YJ_SPEND",
    "AllocationSpec",
    "ContractSpec",
    "ContributionSpec",
    "CspSpec",
    "ForecastSpec",
    "IncomeSpec",
    "InvoiceSpec",
    "MonthlySpend",
    "RechargeSpec",
    "UserSpec",
    "VirementSpec",
    "da_invoices",
    "eligible",
    "gbp",
    "provider_keys",
    "yj_payments",
]
