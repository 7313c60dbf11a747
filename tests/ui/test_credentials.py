"""Shared-ledger passwords come from the OS keyring when there is one, else from a prompt."""

from __future__ import annotations

from collections.abc import Iterator

import keyring
import pytest
from keyring.backend import KeyringBackend

from ui.usecases import credentials

URL = "postgresql+psycopg://bea@db.example:5432/fundledger"


class MemoryKeyring(KeyringBackend):
    priority = 1

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.items.pop((service, username), None)


@pytest.fixture
def memory() -> Iterator[MemoryKeyring]:
    before = keyring.get_keyring()
    ring = MemoryKeyring()
    keyring.set_keyring(ring)
    yield ring
    keyring.set_keyring(before)


def test_prompted_once_then_from_the_keyring(memory: MemoryKeyring) -> None:
    asked: list[str] = []

    def ask(message: str) -> str:
        asked.append(message)
        return "s3cret"

    url, pw = credentials.with_password(URL, ask)
    assert (url, pw) == ("postgresql+psycopg://bea:s3cret@db.example:5432/fundledger", "s3cret")
    assert asked == ["Password for bea@db.example:5432/fundledger"]
    assert credentials.remember(URL, "s3cret")
    assert memory.items == {("fundledger", "bea@db.example:5432/fundledger"): "s3cret"}
    url, _ = credentials.with_password(URL, lambda m: pytest.fail("asked again"))
    assert url.endswith("bea:s3cret@db.example:5432/fundledger")


def test_sqlite_and_urls_with_a_password_are_left_alone(memory: MemoryKeyring) -> None:
    for url in ("sqlite:////tmp/l.sqlite", "postgresql+psycopg://bea:given@h/db"):
        assert credentials.with_password(url, lambda m: pytest.fail(m)) == (url, None)
    assert memory.items == {}
