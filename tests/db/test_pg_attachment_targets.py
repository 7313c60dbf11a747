"""An attachment's stream is its target's (migration 0029), tried as bea (budget holder for DA)
would from psql: before, she attached a file to a YJ transaction she cannot see by giving the
attachment DA's stream, and a finance officer would find it among that transaction's evidence."""

from __future__ import annotations

import pytest

from .pg_logins import Shared

pytestmark = pytest.mark.postgres

FILE = (
    "insert into evidence_files (sha256, size, content, created_at, created_by) values "
    "(encode(sha256('forged'::bytea), 'hex'), 6, 'forged'::bytea, now(), current_user) "
    "on conflict do nothing"
)
ATTACH = (
    "insert into attachments (sha256, file_name, content_type, size, stream_id, transaction_id, "
    "detached, version, created_at, created_by) select encode(sha256('forged'::bytea), 'hex'), "
    "'receipt.pdf', 'application/pdf', 6, s.id, :t, false, 1, now(), current_user "
    "from streams s where s.code = 'DA'"
)
ELSEWHERE = "belongs to the stream of what it is attached to"


def test_a_budget_holder_cannot_attach_to_another_streams_row(shared: Shared) -> None:
    shared.raw("bea", FILE)
    assert ELSEWHERE in shared.refused("bea", ATTACH, t=shared.txns["YJ"])
    assert shared.raw("bea", ATTACH, t=shared.txns["DA"]) == [1]
    # nor re-pointed afterwards, by her or by finance
    move = "update attachments set transaction_id = :t where file_name = 'receipt.pdf'"
    assert ELSEWHERE in shared.refused("bea", move, t=shared.txns["YJ"])
    assert ELSEWHERE in shared.refused("fiona", move, t=shared.txns["YJ"])
    seen = shared.raw("fiona", "select count(*) from attachments where transaction_id = :t",
                      t=shared.txns["YJ"])  # fmt: skip
    assert seen == [(0,)]
