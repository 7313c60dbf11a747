"""Reading what was typed into a form field: money, optional text, whole months."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from fundledger.amounts import parse_amount

if TYPE_CHECKING:
    from collections.abc import Mapping

    from fundledger.money import Money

V = TypeVar("V")


@dataclass(frozen=True, slots=True)
class Checked(Generic[V]):
    """A form's inline check: the problems (shown above Save), the fields to mark invalid, and
    what would be written (``value``, None while there are problems)."""

    problems: list[str]
    value: V | None = None
    invalid: frozenset[str] = field(default_factory=frozenset)

    @property
    def ok(self) -> bool:
        return not self.problems


def parse_money_field(text: str, what: str = "Amount") -> tuple[Money | None, str | None]:
    """One exact amount from what was typed (``£1,234.50``, ``(250)``, ``1.2k``) or a reason."""
    parsed, reason = parse_amount(text)
    if reason is not None or parsed is None:
        return None, f"{what} “{text.strip()}”: {reason or 'not an amount'}"
    if parsed.is_blank:
        return None, f"{what} is required"
    if parsed.is_range or parsed.approximate or parsed.minimum or parsed.value is None:
        return None, f"{what} “{text.strip()}”: give one exact amount"
    return parsed.value, None


def optional_money(text: str, what: str) -> tuple[Money | None, str | None]:
    """Like :func:`parse_money_field`, but a blank field is simply no amount."""
    return parse_money_field(text, what) if text.strip() else (None, None)


def text_or_none(text: str) -> str | None:
    t = text.strip()
    return t or None


def changes(seen: Mapping[str, Any], values: Mapping[str, Any]) -> dict[str, Any]:
    """The fields of ``values`` that differ from the row as the user saw it."""
    return {k: v for k, v in values.items() if seen.get(k) != v}


@dataclass(frozen=True, slots=True)
class LedgerCheck:
    """A form checked against the ledger (a use case, off the GUI thread): problems that
    refuse the save, warnings shown beside it, and fields to mark invalid."""

    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    invalid: frozenset[str] = field(default_factory=frozenset)
