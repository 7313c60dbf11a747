"""The schema is Core tables (``db.schema.<subject>``); the ORM classes over them
(``db.schema.mapped``) carry one ``Mapped[...]`` annotation per column for typing.  Here they
must agree: every column annotated, nothing annotated that is not a column, ``| None`` exactly
where the column is nullable; and importing the tables defines no mapper (issue 23)."""

from __future__ import annotations

import inspect
import typing
from pathlib import Path

import db.schema.mapped
from db import schema
from db.schema import Base, Transaction, metadata
from db.schema.mapped.actuals import Transaction as DefinedTransaction
from db.schema.names import ORM_NAMES
from tests.probe import loaded_modules

ROOT = Path(__file__).resolve().parents[2]


def _annotations(cls: type) -> dict[str, object]:
    out: dict[str, object] = {}
    for klass in reversed(cls.__mro__):
        if klass.__module__.startswith("db."):
            out.update(inspect.get_annotations(klass))
    return {k: v for k, v in out.items() if not k.startswith("__")}


def _optional(annotation: object) -> bool:
    (inner,) = typing.get_args(annotation)  # Mapped[X]
    return type(None) in typing.get_args(inner)


def test_every_table_has_one_class_annotated_column_for_column() -> None:
    mapped = {m.persist_selectable.description: m.class_ for m in Base.registry.mappers}
    assert sorted(mapped) == sorted(metadata.tables)
    problems = []
    for name, table in metadata.tables.items():
        cls = mapped[name]
        notes = _annotations(cls)
        if set(notes) != set(table.columns.keys()):
            problems.append(
                f"{cls.__name__}: annotated {sorted(set(notes) ^ set(table.columns.keys()))}"
            )
            continue
        for column in table.columns:
            if column.primary_key:
                continue
            if _optional(notes[column.name]) != bool(column.nullable):
                problems.append(f"{cls.__name__}.{column.name}: nullable={column.nullable}")
    assert problems == []


def test_the_orm_classes_are_the_schema_names() -> None:
    assert {m.class_.__name__ for m in Base.registry.mappers} | {"Base", "Tracked"} == schema.MAPPED


def test_the_names_are_listed_once_and_the_lists_derived_from_them() -> None:
    """``db.schema.names`` is the one list: ``MAPPED`` and both ``__all__`` come from it, and it
    names exactly the classes ``db.schema.mapped`` defines."""
    defined = {
        name
        for name, value in vars(db.schema.mapped).items()
        if isinstance(value, type) and value.__module__.startswith("db.schema.mapped.")
    }
    assert set(ORM_NAMES) == defined and len(ORM_NAMES) == len(defined)
    assert frozenset(ORM_NAMES) == schema.MAPPED
    assert vars(db.schema.mapped)["__all__"] == list(ORM_NAMES)
    assert set(ORM_NAMES) <= set(schema.__all__)
    assert all(getattr(schema, name) is getattr(db.schema.mapped, name) for name in schema.MAPPED)
    assert all(hasattr(schema, name) for name in schema.__all__)


def test_mypy_sees_the_classes_through_db_schema() -> None:
    """Checked by ``mypy tests`` (strict): were ``db.schema.Transaction`` typed ``Any`` (the
    module's ``__getattr__``), this ``assert_type`` would fail the type check."""
    typing.assert_type(Transaction, type[DefinedTransaction])
    assert Transaction is DefinedTransaction


def test_importing_the_tables_defines_no_mapper() -> None:
    """Importing the tables — and reading the schema's name lists — loads neither the mapped
    classes nor the ORM."""
    code = "import db.schema, db.queries.core; names = (db.schema.MAPPED, db.schema.__all__)"
    assert loaded_modules(code, ("db.schema.mapped", "sqlalchemy.orm")) == set()
    assert loaded_modules("import db.schema", ("sqlalchemy.orm",)) == set()
