"""Versions of the standard: 1.1 extends 1.0, and the declared mapping between them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from crossroads.codebook.definitions import StandardError
from crossroads.codebook.loader import (
    CURRENT_VERSION,
    STANDARDS_DIR,
    available_versions,
    load_standard,
    read_standard,
)
from crossroads.codebook.questionnaire import load_questionnaire
from crossroads.codebook.upgrade import Step, path_between, upgrade_document
from crossroads.codebook.validation import validate_record
from crossroads.testing import minimal_record

NEW_FIELDS = {
    "vulnerability_factors",
    "crisis_context",
    "crisis_country",
    "assistance_start_date",
    "state_assistance_outcome",
    "rights_information",
    "enforcement_measure",
    "enforcement_date",
    "residence_status_at_closure",
    "detention",
    "reasons_not_reported",
    "treated_as_child_pending_assessment",
    "missing_from_care",
    "child_returned",
    "best_interests_before_return",
}


def test_the_current_version_is_1_1_and_1_0_is_still_available() -> None:
    assert CURRENT_VERSION == "1.1"
    assert available_versions() == ["1.0", "1.1"]
    assert load_standard("1.1").extends == "1.0"
    assert load_standard("1.0").extends is None


def test_1_1_holds_every_definition_of_1_0_unchanged_plus_its_new_fields() -> None:
    old, new = load_standard("1.0"), load_standard("1.1")
    assert {f.code for f in new.fields} - {f.code for f in old.fields} == NEW_FIELDS
    for field_def in old.fields:
        assert new.field(field_def.code) == field_def
    assert new.events == old.events
    for code, vocabulary in old.vocabularies.items():
        assert new.vocabularies[code] == vocabulary
    assert [s.code for s in new.sections][: len(old.sections)] == [s.code for s in old.sections]
    assert new.field("vulnerability_factors").mappings == {"htcds": "vic_Vulnerabilities"}


def test_an_added_field_sits_with_the_fields_of_its_section() -> None:
    codes = [f.code for f in load_standard("1.1").fields]
    assert codes.index("best_interests_before_return") == codes.index("age_assessment_outcome") + 4
    assert codes[-3:] == ["vulnerability_factors", "crisis_context", "crisis_country"]


def test_the_new_texts_are_translated_in_the_romanian_and_ukrainian_catalogues() -> None:
    standard = load_standard("1.1")
    label = standard.field("vulnerability_factors").label
    assert label.get("ro") == "Factori de vulnerabilitate la recrutare"
    assert label.get("uk") == "Чинники уразливості на момент вербування"
    # Texts of 1.0 keep the translations of 1.0's catalogues.
    assert standard.field("gender").label.get("ro") == load_standard("1.0").field(
        "gender"
    ).label.get("ro")


def test_a_1_0_record_is_a_valid_1_1_record_and_the_mapping_keeps_it_as_it_is() -> None:
    old = validate_record(minimal_record(), standard=load_standard("1.0"), country="NLD")
    upgraded = upgrade_document(old.as_document(), "1.0", "1.1")
    assert upgraded == old.as_document()
    new = validate_record(upgraded, standard=load_standard("1.1"), country="NLD")
    assert new.data == old.data
    assert new.completeness == old.completeness == 100


def test_a_1_1_field_is_refused_in_a_1_0_record() -> None:
    from crossroads.codebook.validation import RecordInvalid

    with pytest.raises(RecordInvalid, match="vulnerability_factors"):
        validate_record(
            minimal_record(vulnerability_factors=["debt"]),
            standard=load_standard("1.0"),
            country="NLD",
        )


def test_the_crisis_applies_only_to_a_displaced_person() -> None:
    from crossroads.codebook.validation import RecordInvalid

    displaced = minimal_record(
        vulnerability_factors=["displacement_conflict"],
        crisis_context="armed_conflict",
        crisis_country="UKR",
    )
    clean = validate_record(displaced, standard=load_standard("1.1"), country="NLD")
    assert clean.data["crisis_country"] == "UKR"
    with pytest.raises(RecordInvalid, match="applies only when the person was displaced"):
        validate_record(
            minimal_record(vulnerability_factors=["debt"], crisis_context="armed_conflict"),
            standard=load_standard("1.1"),
            country="NLD",
        )


def test_a_declared_mapping_renames_fields_then_recodes_values() -> None:
    step = Step(
        "1.0",
        "1.1",
        renames=(("old_name", "new_name"),),
        recodes=(("forms", "a", "b"), ("status", "x", "y")),
    )
    document = {"old_name": 3, "forms": ["a", "b", "c"], "status": "x", "events": {}}
    assert step.apply(document) == {
        "new_name": 3,
        "forms": ["b", "c"],
        "status": "y",
        "events": {},
    }
    assert document["old_name"] == 3  # the stored document is not changed in place


def test_the_upgrade_path_goes_forward_between_known_versions_only() -> None:
    assert [(s.source, s.target) for s in path_between("1.0", "1.1")] == [("1.0", "1.1")]
    assert path_between("1.1", "1.1") == ()
    with pytest.raises(StandardError, match=r"cannot go back from 1\.1 to 1\.0"):
        path_between("1.1", "1.0")
    with pytest.raises(StandardError, match=r"'2\.0' is not available"):
        path_between("1.0", "2.0")


def test_an_extending_version_may_not_redefine_a_vocabulary_of_the_earlier_one(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "1.1"
    shutil.copytree(STANDARDS_DIR / "1.1", folder)
    shutil.copy(STANDARDS_DIR / "1.0" / "vocabularies" / "gender.toml", folder / "vocabularies")
    with pytest.raises(StandardError, match=r"gender\.toml: vocabulary 'gender' is already in"):
        read_standard(folder)


def test_the_questionnaire_of_1_1_is_the_one_of_1_0() -> None:
    assert load_questionnaire("1.1") == load_questionnaire("1.0")
