"""Storage: SQLAlchemy schema, integer-pence columns, migrations, engines and repositories.

ORM objects never leave this package: repositories return frozen dataclasses.
"""
