"""Write operations: each takes the caller's Session and the acting Actor, checks permissions
(:mod:`db.ops.permissions`) and period locks (:mod:`db.ops.locks`), writes through
:mod:`db.writes` (audited) and never commits.  Refusals raise :class:`db.writes.LedgerError`.
"""
