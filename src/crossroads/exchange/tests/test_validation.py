"""Validation warnings: totals that disagree, implausible changes, promised tables missing."""

from __future__ import annotations

import copy

from crossroads.exchange.models import Submission
from crossroads.exchange.services import drafts
from crossroads.exchange.services import submissions as services
from crossroads.exchange.tests.conftest import add_records
from crossroads.exchange.validation import warning_text, warnings_for
from crossroads.testing import Personas


def _submission(personas: Personas, count: int = 30, year: int = 2024) -> Submission:
    add_records(personas.data_officer_a, count, f"Y{year}", year_of_registration=year,
                first_contact_date=f"{year}-03-01")  # fmt: skip
    return drafts.build_draft(personas.data_officer_a, year)


def test_a_built_submission_has_no_warnings(agreed: Personas) -> None:
    assert _submission(agreed).warnings == []


def test_tables_of_one_population_that_disagree_are_flagged(agreed: Personas) -> None:
    submission = _submission(agreed)
    changed = copy.deepcopy(submission.released)
    for table in changed["tables"]:
        if table["name"] == "persons_referrers":
            for cell in table["cells"]:
                if cell["categories"] == ["_T"]:
                    cell["value"] += 5
    submission.released = changed
    texts = [warning_text(w) for w in warnings_for(submission)]
    assert any("Persons by referring organisation" in t and "disagree" in t for t in texts), texts


def test_a_promised_table_that_is_missing_is_flagged(agreed: Personas) -> None:
    submission = _submission(agreed)
    submission.released = {
        **submission.released,
        "tables": [t for t in submission.released["tables"] if t["name"] != "rights_permits"],
    }
    texts = [warning_text(w) for w in warnings_for(submission)]
    assert any("“Residence permits” is missing" in t for t in texts), texts


def test_an_implausible_change_since_last_year_is_flagged(agreed: Personas) -> None:
    officer, analyst = agreed.data_officer_a, agreed.analyst
    last = services.submit(officer, _submission(agreed, 80, 2023))
    services.accept(analyst, last)
    now = _submission(agreed, 30, 2024)
    texts = [warning_text(w) for w in now.warnings]
    assert any("changed from 80 in 2023 to 30" in t for t in texts), texts
