"""The 100k-row paths' constructor makes the very instances the dataclass's own ``__init__``
makes: same type, fields, equality, hash and immutability."""

from __future__ import annotations

import dataclasses
import pickle
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest

from fundledger.money import Money
from fundledger.years import FinancialYear
from importers.rows import GlRow, TransactionRow, fast_constructor

FIELDS = (7, date(2025, 4, 2), FinancialYear(2025), 1, Money(Decimal("12.50")), "LC4410", None,
          "Acme", "INV-1", "Widgets", None)  # fmt: skip


@pytest.mark.parametrize("cls", [TransactionRow, GlRow])
def test_the_instance_is_the_dataclass_own(cls: type[TransactionRow] | type[GlRow]) -> None:
    made, own = fast_constructor(cls)(*FIELDS), cls(*FIELDS)
    assert type(made) is cls
    assert made == own and hash(made) == hash(own) and repr(made) == repr(own)
    assert tuple(getattr(made, f.name) for f in dataclasses.fields(made)) == FIELDS
    assert pickle.loads(pickle.dumps(made)) == own
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.row = 8  # type: ignore[misc]
    assert not hasattr(made, "__dict__")


def test_a_class_it_cannot_build_is_refused() -> None:
    @dataclass(frozen=True)
    class Loose:
        a: int

    @dataclass(frozen=True, slots=True)
    class Checked:
        a: int

        def __post_init__(self) -> None:
            assert self.a >= 0

    for cls in (Loose, Checked):
        with pytest.raises(TypeError, match="not a slotted dataclass"):
            fast_constructor(cls)
