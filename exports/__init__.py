"""Exports: domain figures -> finance workbooks (returns, registers, funder templates).

No database and no Qt: callers (``ui/usecases``) gather the figures into the plain frozen
dataclasses of :mod:`exports.data` and call the functions in :mod:`exports.returns` or
:func:`exports.template.fill_template`.
"""
