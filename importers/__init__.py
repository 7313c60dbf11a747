"""Workbook → domain rows (SPEC §6).  No database, no Qt.

Entry point: :func:`importers.api.parse_file` (safety checks, sheet choice, header and column
mapping, row parsing for each import kind).  Each kind's rows are frozen dataclasses in
:mod:`importers.rows`; every problem is an :class:`importers.problems.ImportProblem`.
"""
