"""Dialogs of the Qt app; each exposes a classmethod returning the result or None."""
