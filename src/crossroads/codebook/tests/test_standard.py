"""The common data standard: it loads, and the one validation layer says what is wrong."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.utils import translation

from crossroads.codebook.definitions import FieldType, StandardError
from crossroads.codebook.loader import STANDARDS_DIR, load_standard, read_standard
from crossroads.codebook.validation import RecordInvalid, validate_record
from crossroads.testing import minimal_record

TODAY = date(2026, 6, 1)


def validate(raw: dict[str, Any], country: str = "NLD", language: str = "en") -> Any:
    return validate_record(
        raw, standard=load_standard(), country=country, language=language, today=TODAY
    )


def problems(raw: dict[str, Any], **kwargs: Any) -> list[str]:
    with pytest.raises(RecordInvalid) as caught:
        validate(raw, **kwargs)
    return [str(p) for p in caught.value.problems]


# Languages being prepared may have a catalogue before they are offered.
OFFERED = [code for code, _name in settings.LANGUAGES]


def test_every_vocabulary_loads_with_labels_in_every_offered_language() -> None:
    standard = load_standard()
    assert set(OFFERED) <= set(standard.languages)
    for vocabulary in standard.vocabularies.values():
        assert vocabulary.values, vocabulary.code
        for value in vocabulary.values:
            for language in OFFERED:
                assert value.label.values.get(language), (vocabulary.code, value.code, language)


def test_every_field_has_a_label_and_a_definition_in_every_offered_language() -> None:
    standard = load_standard()
    for field_def in standard.all_fields():
        for language in OFFERED:
            assert field_def.label.values.get(language), (field_def.path, language)
            assert field_def.definition.values.get(language), (field_def.path, language)


def test_the_standard_covers_every_form_of_exploitation_separately() -> None:
    forms = load_standard().vocabularies["exploitation_form"].codes
    expected = {
        "sexual", "labour", "domestic_servitude", "forced_criminality", "forced_begging",
        "forced_marriage", "illegal_adoption", "surrogacy", "organ_removal", "child_labour",
    }  # fmt: skip
    assert expected <= set(forms)


def test_a_complete_record_validates_to_canonical_values() -> None:
    clean = validate(minimal_record(exploitation_forms="labour; sexual", citizenship="nl"))
    assert clean.data["exploitation_forms"] == ["sexual", "labour"]
    assert clean.data["citizenship"] == ["NLD"]
    assert clean.missing == []


def test_a_bad_code_is_rejected_naming_the_field_the_value_and_what_is_allowed() -> None:
    [message] = problems(minimal_record(gender="femal"))
    assert message.startswith("Gender: 'femal'")
    assert "female, male, Transgender or non-binary (trans_nonbinary), unknown" in message


def test_allowed_values_are_listed_in_the_readers_language_with_their_codes() -> None:
    with translation.override("fr"):
        [message] = problems(minimal_record(exploitation_forms="Travail forcé"), language="fr")
    assert message.startswith("Formes d'exploitation: 'Travail forcé'"), message
    assert "Exploitation sexuelle (sexual)" in message
    assert "expected" not in message


def test_labels_in_french_and_russian_are_accepted_as_values() -> None:
    clean = validate(minimal_record(gender="Femme", case_status="Активное", age_band="24–26"))
    assert clean.data["gender"] == "female"
    assert clean.data["case_status"] == "active"
    assert clean.data["age_band"] == "24_26"


def test_unknown_cannot_be_combined_with_other_forms() -> None:
    [message] = problems(minimal_record(exploitation_forms=["sexual", "unknown"]))
    assert "unknown cannot be combined" in message


def test_an_unknown_country_is_rejected() -> None:
    [message] = problems(minimal_record(citizenship=["Atlantis"]))
    assert "Citizenship" in message and "'Atlantis' not allowed" in message


def test_a_field_that_is_not_in_the_standard_is_rejected() -> None:
    [message] = problems(minimal_record(full_name="Ana"))
    assert "full_name: is not a field of the standard" in message


def test_a_record_without_consent_or_year_cannot_be_saved() -> None:
    record = minimal_record()
    del record["consent_data_use"], record["year_of_registration"]
    messages = problems(record)
    assert "Year of registration: is required" in messages
    assert "Consent for data use: is required" in messages


def test_a_record_missing_fields_needed_for_completeness_is_valid_but_incomplete() -> None:
    record = minimal_record()
    del record["gender"], record["exploitation_forms"]
    clean = validate(record)
    assert set(clean.missing) == {"gender", "exploitation_forms"}
    assert clean.completeness < 100


def test_completeness_counts_only_the_fields_needed_for_completeness() -> None:
    standard = load_standard()
    needed = [
        f.code
        for f in standard.fields
        if f.required is not None and f.code in validate(minimal_record()).data
    ]
    assert validate(minimal_record()).completeness == 100
    record = minimal_record()
    del record["gender"]
    clean = validate(record)
    assert clean.missing == ["gender"]
    assert clean.completeness == (100 * (len(needed) - 1)) // len(needed)
    # An optional field filled or empty changes nothing.
    optional = next(
        f for f in standard.fields
        if f.required is None and f.applies_when is None and f.type is FieldType.CHOICE
    )  # fmt: skip
    code = standard.vocabulary_of(optional).codes[0]
    assert validate(minimal_record(**{optional.code: code})).completeness == 100
    assert validate({**record, optional.code: code}).completeness == clean.completeness


def test_guardian_fields_are_refused_for_an_adult() -> None:
    [message] = problems(minimal_record(guardian_appointed="yes"))
    assert "Guardian appointed" in message and "under 18" in message


def test_guardian_fields_are_accepted_for_a_child() -> None:
    clean = validate(minimal_record(age_band="9_17", guardian_appointed="yes"))
    assert clean.data["guardian_appointed"] == "yes"


def test_a_reflection_period_is_refused_for_a_national() -> None:
    record = minimal_record(
        events={"reflection_period": [{"informed": "yes", "decision": "granted"}]}
    )
    [message] = problems(record)
    assert "Recovery and reflection period" in message and "not a national" in message


def test_a_reflection_period_is_accepted_for_a_non_national() -> None:
    record = minimal_record(
        citizenship=["NGA"],
        events={"reflection_period": [{"informed": "yes", "decision": "granted",
                                       "start_date": "2024-03-10", "end_date": "2024-04-20"}]},
    )  # fmt: skip
    clean = validate(record)
    assert clean.events["reflection_period"][0]["decision"] == "granted"


def test_an_end_date_before_the_start_is_refused() -> None:
    record = minimal_record(
        citizenship=["NGA"],
        events={"reflection_period": [{"informed": "yes", "decision": "granted",
                                       "start_date": "2024-05-10", "end_date": "2024-04-20"}]},
    )  # fmt: skip
    [message] = problems(record)
    assert "End date" in message and "cannot be before Start date" in message


def test_a_non_repeatable_event_cannot_be_recorded_twice() -> None:
    entry = {"informed": "yes", "decision": "granted"}
    [message] = problems(
        minimal_record(citizenship=["NGA"], events={"reflection_period": [entry, entry]})
    )
    assert "may be recorded only once" in message


def test_event_field_problems_name_the_event_and_its_position() -> None:
    events = {"compensation": [{"route": "state_fund", "outcome": "awarded"}, {"route": "lottery"}]}
    with pytest.raises(RecordInvalid) as caught:
        validate(minimal_record(events=events))
    [problem] = caught.value.problems
    assert problem.path == "compensation[2].route"
    assert "lottery" in str(problem)


def test_an_age_outside_its_band_is_refused() -> None:
    [message] = problems(minimal_record(age_at_identification=40))
    assert "does not fall in the age band 24–26" in message


def test_the_first_contact_must_fall_in_the_year_of_registration() -> None:
    [message] = problems(minimal_record(first_contact_date="2023-12-31"))
    assert "must fall in the year of registration (2024)" in message


def test_dates_in_the_future_are_refused() -> None:
    [message] = problems(minimal_record(year_of_registration=2026, first_contact_date="2026-07-01"))
    assert "the date is in the future" in message


def test_messages_follow_the_language_of_the_person_entering() -> None:
    [message] = problems(minimal_record(gender="x-y"), language="fr")
    assert message.startswith("Genre:")


def test_countries_carry_french_and_russian_names() -> None:
    countries = load_standard().vocabularies["country"]
    moldova = countries.get("MDA")
    assert moldova is not None
    assert moldova.label.get("ru") == "Республика Молдова"
    assert countries.get("XXA") is not None  # stateless


def test_every_coded_field_has_a_vocabulary() -> None:
    standard = load_standard()
    for field_def in standard.all_fields():
        if field_def.type.is_coded:
            assert standard.vocabulary_of(field_def).values
        else:
            assert field_def.type in {FieldType.INTEGER, FieldType.DATE}


def test_a_broken_standard_file_is_reported_with_its_file_and_entry(tmp_path: Path) -> None:
    folder = tmp_path / "9.9"
    shutil.copytree(STANDARDS_DIR / "1.0", folder)
    gender = folder / "vocabularies" / "gender.toml"
    gender.write_text(gender.read_text().replace('en = "Female"', 'en = ""'))
    with pytest.raises(
        StandardError, match=r"gender.toml: value 'female': the English text \(en\) is missing"
    ):
        read_standard(folder)


def test_a_field_naming_a_missing_vocabulary_is_reported(tmp_path: Path) -> None:
    folder = tmp_path / "9.9"
    shutil.copytree(STANDARDS_DIR / "1.0", folder)
    (folder / "vocabularies" / "gender.toml").unlink()
    with pytest.raises(StandardError, match="field 'gender': unknown vocabulary 'gender'"):
        read_standard(folder)
