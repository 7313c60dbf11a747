"""Screen logic that needs no widget: inline form checks, which options a form offers, which
buttons are enabled and why (moneyGuru's toolkit-free controllers).

The Qt dialogs read their widgets into a plain record (e.g. :class:`transaction.TransactionEntry`),
ask a controller what is wrong with it and what would be written, and show the answer; tests drive
the controllers directly, without Qt or a database.  Nothing here imports PySide6, SQLAlchemy or
``db`` (import-linter holds it): checks that need the ledger are use cases in ``ui.usecases``.
"""
