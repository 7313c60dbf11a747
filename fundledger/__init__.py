"""fundledger domain core: money, years, organisations and ledger rules.

Standard library only.  Nothing here imports Qt, SQLAlchemy or openpyxl (a test enforces it).
"""

__version__ = "0.1.0"
