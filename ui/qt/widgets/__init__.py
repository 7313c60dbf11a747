"""Reusable widgets of the Qt app."""
