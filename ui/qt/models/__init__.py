"""Qt item models over the ledger."""
