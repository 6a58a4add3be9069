"""The shapes the API reads and answers, as typed schemas (the OpenAPI schema's source)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ninja import Schema
from pydantic import Field


class Problem(Schema):
    """Problem details (RFC 9457)."""

    type: str
    title: str
    status: int
    detail: str | None = None
    instance: str | None = None


class FieldProblem(Schema):
    """One problem of a record: which field, which value, and what is allowed."""

    field: str = Field(
        description="The field's code, or `<event>[n].<field>` for an event's field."
    )
    label: str = Field(description="The field's label in the caller's language.")
    value: Any = Field(None, description="The value sent (never an identity field's).")
    allowed: str = Field(description="What the field accepts, in the caller's language.")


class ValidationProblem(Problem):
    """A record refused as a whole, with every problem found."""

    errors: list[FieldProblem]


class IdentityIn(Schema):
    """Names and date of birth, turned into linkage tokens and never stored or returned."""

    given_names: str = Field("", max_length=200)
    family_names: str = Field("", max_length=200)
    date_of_birth: str = Field(
        "", max_length=40, description="YYYY-MM-DD, DD.MM.YYYY or a year alone."
    )


class RecordIn(Schema):
    """A record to create or to replace: the client code and the standard's fields."""

    client_code: str = Field(max_length=64, description="The organisation's own code, no name.")
    data: dict[str, Any] = Field(
        description=(
            "The standard's fields by code (codes or labels in any language), and dated "
            "events under `events`: see `/api/v1/standard/fields`."
        )
    )
    identity: IdentityIn | None = None


class RecordOut(Schema):
    """A record as stored: never an identity field or a linkage token."""

    id: int
    client_code: str
    version: int = Field(description="Increases with each change; send it back in If-Match.")
    standard_version: str
    year: int
    status: str
    trafficking_status: str
    completeness: int = Field(description="Percent of the fields needed for completeness.")
    missing_count: int
    created_at: datetime
    updated_at: datetime
    data: dict[str, Any]


class RecordPage(Schema):
    """One page of records and the cursor of the next (null on the last page)."""

    results: list[RecordOut]
    next_cursor: str | None
    count: int | None = Field(
        description="Records matching, counted up to 10,000 for filtered lists (else null)."
    )
    count_is_capped: bool


#: The errors any endpoint may answer (with the caller refused, the body or a parameter
#: wrong, or the limits reached); endpoints add their own (404, 412, 428).
ERRORS: dict[int, type] = {
    400: Problem,
    401: Problem,
    403: Problem,
    404: Problem,
    413: Problem,
    422: ValidationProblem,
    429: Problem,
}
