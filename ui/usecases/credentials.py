"""Database passwords for a shared (PostgreSQL) ledger: never stored in plain text.

The password for ``user@host:port/database`` is kept in the operating system's keyring
(``keyring``: Windows Credential Manager, macOS Keychain, Secret Service) when a real backend
is available; otherwise it is asked for every time (``prompt``) and kept only in memory.  A
password in the URL itself is used as given and never saved.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.engine import make_url

SERVICE = "fundledger"

Prompt = Callable[[str], str | None]


def _key(url: str) -> str | None:
    u = make_url(url)
    if u.get_backend_name() != "postgresql" or not u.username:
        return None
    return f"{u.username}@{u.host or 'localhost'}:{u.port or 5432}/{u.database}"


def keyring_usable() -> bool:
    """Whether a real (not the 'fail' or plaintext) keyring backend is available."""
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:
        return False
    backend = keyring.get_keyring()
    name = type(backend).__module__ + "." + type(backend).__name__
    return not isinstance(backend, fail.Keyring) and "plaintext" not in name.lower()


def stored_password(url: str) -> str | None:
    key = _key(url)
    if key is None or not keyring_usable():
        return None
    import keyring

    try:
        return keyring.get_password(SERVICE, key)
    except Exception:  # a locked or broken keyring: ask instead
        return None


def remember(url: str, password: str) -> bool:
    """Keep ``password`` in the keyring (after a successful connection); False if there is none."""
    key = _key(url)
    if key is None or not keyring_usable():
        return False
    import keyring

    try:
        keyring.set_password(SERVICE, key, password)
    except Exception:
        return False
    return True


def with_password(url: str, prompt: Prompt) -> tuple[str, str | None]:
    """``url`` with the user's password filled in (keyring, else ``prompt``); and the password.

    SQLite URLs and URLs that already carry a password come back unchanged.
    """
    u = make_url(url)
    key = _key(url)
    if key is None or u.password:
        return url, None
    password = stored_password(url) or prompt(f"Password for {key}")
    if not password:
        return url, None
    return u.set(password=password).render_as_string(hide_password=False), password
