"""A property-based run of the API against its own OpenAPI schema, on a live test server.

Schemathesis draws requests from the schema (valid and invalid parameters and bodies)
for every operation and checks each answer: never a server error, only documented
status codes and content types, and bodies that match the documented schema. The run
is bounded in examples per operation and in time per example.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from crossroads.api.tests.helpers import token_for
from crossroads.testing import Personas, make_case

CHECKS = (
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
)
EXAMPLES_PER_OPERATION = 12
SECONDS_PER_EXAMPLE = 5


@pytest.mark.django_db(transaction=True)
def test_every_answer_of_the_api_is_within_its_schema(
    live_server: Any, personas: Personas, settings: Any
) -> None:
    settings.CROSSROADS_API_REQUESTS_PER_MINUTE = 100_000
    for index in range(3):
        make_case(personas.data_officer_a, f"P-{index}")
    make_case(personas.caseworker_b, "OTHER-1")
    headers = {"Authorization": f"Bearer {token_for(personas.data_officer_a)}"}
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/v1/openapi.json")
    # An operation the schema could not describe would fail here (Err has no ok()).
    operations = [result.ok() for result in schema.get_all_operations()]  # type: ignore[union-attr]
    assert len(operations) >= 10
    for operation in operations:

        @given(case=operation.as_strategy())
        @hypothesis_settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=SECONDS_PER_EXAMPLE * 1000,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            database=None,
        )
        def answers_within_the_schema(case: Any) -> None:
            case.call_and_validate(checks=CHECKS, headers=headers)

        answers_within_the_schema()
