"""The standard in every language but English: one catalogue per language, complete when offered."""

from __future__ import annotations

import gettext
import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from crossroads.codebook.definitions import StandardError, Text
from crossroads.codebook.loader import (
    STANDARDS_DIR,
    available_versions,
    load_standard,
    read_standard,
    translatable_texts,
)
from crossroads.codebook.questionnaire import load_questionnaire, questionnaire_texts
from crossroads.codebook.translations import po_path, read_po, write_po

PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|\{\w*\}|`[^`]+`")
# Every offered language but English (the language of the TOML files).
OFFERED = [code for code, _name in settings.LANGUAGES if code != "en"]


def _compile(po: Path) -> None:
    subprocess.run(["msgfmt", "--check", "-o", str(po.with_suffix(".mo")), str(po)], check=True)


def test_a_catalogue_adds_a_language_to_the_standard_and_fuzzy_entries_do_not_count(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "9.9"
    shutil.copytree(STANDARDS_DIR / "1.0", folder, ignore=shutil.ignore_patterns("locale"))
    po = po_path(folder, "xx")
    write_po(po, "xx", [("field.gender.label", "Gender"), ("section.profile.label", "Profile")])
    text = po.read_text(encoding="utf-8")
    text = text.replace('msgid "Gender"\nmsgstr ""', 'msgid "Gender"\nmsgstr "Sexe-xx"')
    text = text.replace(
        'msgctxt "section.profile.label"', '#, fuzzy\nmsgctxt "section.profile.label"'
    ).replace('msgid "Profile"\nmsgstr ""', 'msgid "Profile"\nmsgstr "Profil-xx"')
    po.write_text(text, encoding="utf-8")
    _compile(po)
    standard = read_standard(folder)
    assert "xx" in standard.languages
    assert standard.field("gender").label.get("xx") == "Sexe-xx"
    profile = next(s for s in standard.sections if s.code == "profile")
    assert profile.label.get("xx") == "Profile"  # fuzzy: English until a translator checks it
    assert standard.vocabularies["gender"].match("Sexe-xx") is None  # a field, not a value


def test_a_changed_english_text_marks_its_translation_fuzzy(tmp_path: Path) -> None:
    po = tmp_path / "standard.po"
    write_po(po, "xx", [("field.gender.label", "Gender")])
    text = po.read_text(encoding="utf-8")
    po.write_text(text.replace('msgid "Gender"\nmsgstr ""', 'msgid "Gender"\nmsgstr "G"'))
    entries = read_po(po)
    assert entries["field.gender.label"].msgstr == "G"
    total, todo = write_po(po, "xx", [("field.gender.label", "Gender identity")])
    assert (total, todo) == (1, 1)
    entry = read_po(po)["field.gender.label"]
    assert entry.fuzzy and entry.msgstr == "G" and entry.msgid == "Gender identity"


def test_the_catalogue_command_lists_every_text_of_the_standard(tmp_path: Path) -> None:
    call_command("standard_messages", language=["xx"], stdout=io.StringIO())
    po = po_path(STANDARDS_DIR / "1.0", "xx")
    added = po_path(STANDARDS_DIR / "1.1", "xx")
    try:
        entries = read_po(po)
        additions = read_po(added)
    finally:
        shutil.rmtree(po.parent.parent)
        shutil.rmtree(added.parent.parent)
    # A version that extends another lists only the texts it adds.
    assert "field.vulnerability_factors.label" in additions
    assert "field.gender.label" not in additions
    assert entries["field.gender.label"].msgid == "Gender"
    assert entries["vocabulary.exploitation_form.labour.label"].msgid
    assert "event.compensation.route.label" in entries
    assert any(key.startswith("condition.") for key in entries)
    assert entries["questionnaire.section.situation.label"].msgid == "National situation"
    assert entries["questionnaire.vocabulary.right.R3.label"].msgid == (
        "Recovery and reflection period"
    )


def test_a_translation_written_into_the_toml_files_is_refused_with_where_it_belongs(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "9.9"
    shutil.copytree(STANDARDS_DIR / "1.0", folder, ignore=shutil.ignore_patterns("locale"))
    gender = folder / "vocabularies" / "gender.toml"
    text = gender.read_text(encoding="utf-8")
    gender.write_text(text.replace('en = "Female"', 'en = "Female", nl = "Vrouw"', 1))
    with pytest.raises(StandardError) as caught:
        read_standard(folder)
    message = str(caught.value)
    assert "gender.toml" in message and "'female'" in message
    assert "nl belongs in locale/<language>/LC_MESSAGES/standard.po" in message


def _all_texts() -> list[Text]:
    """Every text of the current standard and of its questionnaire, as loaded."""
    standard = load_standard()
    texts = [standard.title, standard.summary]
    texts += [text for s in standard.sections for text in (s.label, s.description)]
    texts += [text for f in standard.all_fields() for text in (f.label, f.definition)]
    texts += [text for e in standard.events for text in (e.label, e.definition)]
    for vocabulary in standard.vocabularies.values():
        texts += [vocabulary.label, vocabulary.definition]
        texts += [text for v in vocabulary.values for text in (v.label, v.definition)]
    questionnaire = load_questionnaire()
    texts += [questionnaire.title, questionnaire.summary, questionnaire.guidance]
    for section in questionnaire.sections:
        texts += [section.label, section.help]
        for item in section.items:
            texts += [item.label, item.help, *(choice.label for choice in item.choices)]
    return texts


@pytest.mark.parametrize("language", OFFERED)
def test_every_text_of_the_standard_is_translated_into_every_offered_language(
    language: str,
) -> None:
    problems = []
    for text in _all_texts():
        english = text.values.get("en", "")
        if not english:
            continue
        translated = text.values.get(language, "")
        if not translated.strip():
            problems.append(f"{language}: missing: {english[:60]!r}")
        elif sorted(PLACEHOLDER.findall(translated)) != sorted(PLACEHOLDER.findall(english)):
            problems.append(f"{language}: placeholders differ: {english[:60]!r}")
    assert not problems, problems[:20]


@pytest.mark.parametrize("language", OFFERED)
def test_the_catalogue_of_every_offered_language_is_complete_current_and_compiled(
    language: str, tmp_path: Path
) -> None:
    for version in available_versions():
        _check_catalogue(version, language, tmp_path)


def _check_catalogue(version: str, language: str, tmp_path: Path) -> None:
    folder = STANDARDS_DIR / version
    po = po_path(folder, language)
    assert po.exists(), f"no {po}: run crossroads standard_messages -l {language}"
    entries = read_po(po)
    problems = []
    texts = translatable_texts(version)
    if (folder / "questionnaire.toml").exists():  # a version that extends another keeps its own
        texts += questionnaire_texts(version)
    for address, english in texts:
        entry = entries.get(address)
        if entry is None or entry.msgid != english:
            problems.append(f"{address}: not in the catalogue or stale; run make messages")
        elif not entry.msgstr.strip() or entry.fuzzy:
            problems.append(f"{address}: {'fuzzy' if entry.fuzzy else 'untranslated'}")
    assert not problems, f"{language}: {len(problems)} problems: {problems[:20]}"
    fresh = tmp_path / f"fresh-{version}.mo"
    subprocess.run(["msgfmt", "--check", "-o", str(fresh), str(po)], check=True)
    catalogues = []
    for mo in (po.with_suffix(".mo"), fresh):
        with mo.open("rb") as handle:
            catalogues.append(gettext.GNUTranslations(handle)._catalog)  # type: ignore[attr-defined]
    assert catalogues[0] == catalogues[1], f"{language}: standard.mo is stale; run make messages"
