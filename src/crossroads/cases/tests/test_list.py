"""The record list: several values per filter, empty fields, counts and their separators."""

from __future__ import annotations

from django.urls import reverse

from crossroads.cases import filters
from crossroads.cases.models import Case
from crossroads.testing import Personas, make_case


def codes_in(content: bytes, *codes: str) -> set[str]:
    return {code for code in codes if code.encode() in content}


def test_a_filter_with_several_values_matches_any_of_them(personas: Personas) -> None:
    make_case(personas.caseworker_a, "LAB-1", exploitation_forms=["labour"])
    make_case(personas.caseworker_a, "BEG-1", exploitation_forms=["forced_begging"])
    make_case(personas.caseworker_a, "SEX-1", exploitation_forms=["sexual"])
    client = personas.client_for(personas.caseworker_a)
    response = client.get(
        reverse("cases:list"), {"f.exploitation_forms": ["labour", "forced_begging"]}
    )
    assert codes_in(response.content, "LAB-1", "BEG-1", "SEX-1") == {"LAB-1", "BEG-1"}
    assert "Forced labour or services or Forced begging" in response.content.decode()


def test_not_recorded_finds_records_where_the_field_is_empty(personas: Personas) -> None:
    make_case(personas.caseworker_a, "EMPTY-1")
    make_case(personas.caseworker_a, "KNOWN-1", migration_status="irregular", citizenship=["NGA"])
    make_case(personas.caseworker_a, "UNK-1", migration_status="unknown", citizenship=["NGA"])
    client = personas.client_for(personas.caseworker_a)
    empty = client.get(reverse("cases:list"), {"f.migration_status": filters.NOT_RECORDED})
    assert codes_in(empty.content, "EMPTY-1", "KNOWN-1", "UNK-1") == {"EMPTY-1"}
    either = client.get(
        reverse("cases:list"), {"f.migration_status": [filters.NOT_RECORDED, "unknown"]}
    )
    assert codes_in(either.content, "EMPTY-1", "KNOWN-1", "UNK-1") == {"EMPTY-1", "UNK-1"}
    assert "(not recorded)" in either.content.decode()


def test_counts_are_written_with_thousands_separators(personas: Personas) -> None:
    template = make_case(personas.caseworker_a, "SEP-0000")
    Case.objects.bulk_create(
        Case(
            organisation=template.organisation,
            client_code=f"SEP-{i:04d}",
            standard_version=template.standard_version,
            data=template.data,
            year=template.year,
        )
        for i in range(1, 1001)
    )
    english = personas.client_for(personas.caseworker_a).get(reverse("cases:list"))
    assert "1,001 records" in english.content.decode()
    personas.caseworker_a.language = "fr"
    personas.caseworker_a.save()
    client = personas.client_for(personas.caseworker_a)
    client.post(reverse("accounts:language"), {"language": "fr", "next": "/"})
    french = client.get(reverse("cases:list")).content.decode()
    assert "1\u202f001 fiches" in french or "1 001 fiches" in french or "1\xa0001 fiches" in french


def test_a_filtered_count_stops_at_the_cap(personas: Personas, monkeypatch: object) -> None:
    for i in range(4):
        make_case(personas.caseworker_a, f"CAP-{i}", gender="male")
    monkeypatch.setattr(filters, "COUNT_CAP", 3)  # type: ignore[attr-defined]
    client = personas.client_for(personas.caseworker_a)
    capped = client.get(reverse("cases:list"), {"f.gender": "male"}).content.decode()
    assert "More than 3 records match" in capped
    exact = client.get(reverse("cases:list")).content.decode()
    assert "4 records" in exact
