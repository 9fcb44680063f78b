"""Property-based run of the JSON API against its own OpenAPI schema, on loopback.

Every operation gets a bounded number of generated requests, valid (positive) and invalid
(negative); each response must be no server error and conform to the schema (status code,
content type, body), and invalid data must be refused.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from models.account import ApiToken, secret_hash
from models.db import write_session
from tests.web.factories import days, make_call, make_change, make_participant

MAX_EXAMPLES = 30
TOKEN = "fw_schemathesis-" + "s" * 30


@pytest.mark.parametrize(
    "db", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)], indirect=True
)
@pytest.mark.timeout(240)
def test_api_conforms_to_its_schema_with_no_server_error(live_server) -> None:
    with write_session(live_server.db.engine) as s:
        first = make_call(s, public_id="S-1", deadlines=[days(5), days(50)])
        make_change(s, first)
        make_call(s, public_id="S-2", deadlines=[], themes=["education"], countries=["HU"])
        make_call(s, public_id="feed:https://x.example/a?b=c", language="fr")
        contact = make_participant(s)
        s.add(ApiToken(token_hash=secret_hash(TOKEN), name="schemathesis", contact_id=contact.id))
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/v1/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == 5
    positive, negative = schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE
    # Any string is a valid call id, so only the list's constrained filters have invalid forms.
    runs = [(op, positive) for op in operations]
    runs += [(op, negative) for op in operations if op.path == "/api/v1/calls"]
    seen: list[int] = []
    for operation, mode in runs:

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(
            max_examples=MAX_EXAMPLES,
            deadline=None,
            database=None,
            derandomize=True,
            suppress_health_check=list(HealthCheck),
        )
        def check(case: schemathesis.Case) -> None:
            response = case.call_and_validate(
                base_url=live_server.url, headers={"Authorization": f"Bearer {TOKEN}"}
            )
            seen.append(response.status_code)

        check()
    # Both kinds ran: valid requests answered, invalid ones refused with 422 (never a 5xx).
    assert 200 in seen and 422 in seen and max(seen) < 500
