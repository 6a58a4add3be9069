"""The counting row: a copy of the answers statistics count, kept in step by every write path."""

from __future__ import annotations

import orjson

from crossroads.cases.counting import PREFIX, SEGMENTS, SEPARATOR, row_of
from crossroads.cases.models import Case
from crossroads.cases.services import update_case
from crossroads.cases.tests.spreadsheets import csv_bytes, row, upload
from crossroads.testing import Personas, make_case, minimal_record


def segments(case: Case) -> list[list[object]]:
    assert case.counting_row.startswith(PREFIX)
    return [orjson.loads(text) for text in case.counting_row[len(PREFIX) :].split(SEPARATOR)]


def test_a_row_holds_each_segment_as_a_json_array_in_layout_order() -> None:
    document = {
        "gender": "female",
        "age_band": "18_20",
        "citizenship": ["ROU", "BGR"],
        "notes": "free text is never copied",
        "events": {
            "identification_decision": [{"outcome": "positive", "authority": "police"}],
            "proceedings_against_traffickers": [{"stage": "trial", "authority": "court"}],
        },
    }
    texts = row_of(document)[len(PREFIX) :].split(SEPARATOR)
    assert len(texts) == len(SEGMENTS)
    decoded = dict(zip(SEGMENTS, map(orjson.loads, texts), strict=True))
    person = dict(zip(SEGMENTS[0], decoded[SEGMENTS[0]], strict=True))
    assert person["gender"] == "female" and person["age_at_identification"] is None
    countries = dict(zip(SEGMENTS[2], decoded[SEGMENTS[2]], strict=True))
    assert countries["citizenship"] == ["BGR", "ROU"]  # sorted: read as a set
    # Only the keys the tables read: the authority is left out.
    assert decoded[("events.identification_decision",)] == [[{"outcome": "positive"}]]
    assert decoded[("events.reflection_period",)] == [None]
    assert decoded[("events.proceedings_against_traffickers",)] == [[{"stage": "trial"}]]
    assert "free text" not in row_of(document) and "court" not in row_of(document)


def test_equal_answers_give_equal_rows_whatever_their_order() -> None:
    first = {
        "citizenship": ["ROU", "BGR"],
        "events": {"compensation": [{"route": "a", "outcome": "b"}]},
    }
    second = {
        "events": {"compensation": [{"outcome": "b", "route": "a"}]},
        "citizenship": ["BGR", "ROU"],
    }
    assert row_of(first) == row_of(second)


def test_creating_and_editing_a_record_keep_its_row_in_step(personas: Personas) -> None:
    officer = personas.data_officer_a
    case = make_case(officer, "ROW-1", gender="female")
    assert case.counting_row == row_of(case.data)
    assert segments(case)[0][0] == "female"
    update_case(
        officer,
        case,
        minimal_record(gender="male", citizenship=["SYR"]),
        expected_version=case.version,
        from_form=False,
    )
    case.refresh_from_db()
    assert case.counting_row == row_of(case.data)
    assert segments(case)[0][0] == "male"
    assert segments(case)[2][0] == ["SYR"]


def test_an_import_writes_and_updates_rows_in_step(personas: Personas) -> None:
    client = personas.client_for(personas.data_officer_a)
    upload(client, csv_bytes([row("IMP-1"), row("IMP-2", gender="male")]))
    upload(client, csv_bytes([row("IMP-1", gender="male")]))
    for case in Case.objects.filter(client_code__in=["IMP-1", "IMP-2"]):
        assert case.counting_row == row_of(case.data)
        assert segments(case)[0][0] == "male"
