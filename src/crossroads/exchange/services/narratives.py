"""The narrative of a year's submission: the member's working copy, its checks, its wording.

The data officer fills the questionnaire of the standard
(``crossroads.codebook.questionnaire``) beside the tables. The working copy
can be saved at any time, personal data or not, since it stays with the
member; a submission carries a copy of it, and a version cannot be
submitted while that copy holds what looks like a name, a phone number, an
e-mail or an address.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from crossroads.accounts.models import Organisation, User
from crossroads.accounts.permissions import can_manage_data
from crossroads.audit.models import Action
from crossroads.audit.services import record
from crossroads.codebook.personal_data import Kind
from crossroads.codebook.questionnaire import (
    Problem,
    Questionnaire,
    check_answers,
    entries,
    is_empty,
    load_questionnaire,
)
from crossroads.exchange.models import Narrative


class NarrativeError(ValueError):
    """The narrative cannot be saved; the message says why."""


@dataclass(frozen=True)
class Place:
    """A problem of a narrative, worded for the person who fixes it."""

    section: str
    entry: int
    item: str
    where: str
    message: str
    anchor: str


def questionnaire_of(answers: dict[str, Any] | None) -> Questionnaire:
    """The questionnaire version ``answers`` were written for (the current one by default)."""
    version = (answers or {}).get("questionnaire")
    return load_questionnaire(version) if version else load_questionnaire()


def working_copy(organisation: Organisation, year: int) -> Narrative | None:
    """The member's working narrative for ``year``, if one was ever saved."""
    return Narrative.objects.filter(organisation=organisation, year=year).first()


def save_narrative(user: User, year: int, answers: dict[str, Any], *, based_on: int) -> Narrative:
    """Store the working narrative of ``user``'s organisation for ``year``.

    ``answers`` must fit the current questionnaire except for personal data,
    which is reported, not refused, until submission. ``based_on`` is the
    revision the form was opened at: a newer saved revision refuses the save.
    """
    if not can_manage_data(user) or user.organisation is None:
        raise NarrativeError(_("Only data officers and administrators write the narrative."))
    questionnaire = load_questionnaire()
    answers = {"questionnaire": questionnaire.version, "sections": answers.get("sections", {})}
    shape = [p for p in check_answers(questionnaire, answers) if p.kind != "personal_data"]
    if shape:
        raise NarrativeError(describe(questionnaire, shape)[0].message)
    with transaction.atomic():
        narrative, created = Narrative.objects.select_for_update().get_or_create(
            organisation=user.organisation,
            year=year,
            defaults={"questionnaire_version": questionnaire.version},
        )
        if narrative.revision != based_on:
            raise NarrativeError(
                _(
                    "%(who)s saved this narrative after you opened it; your changes were not "
                    "saved. Open it again and redo them."
                )
                % {"who": narrative.updated_by or _("Someone")}
            )
        narrative.questionnaire_version = questionnaire.version
        narrative.answers = answers
        narrative.revision += 1
        narrative.updated_at = timezone.now()
        narrative.updated_by = user
        narrative.save()
        record(
            user,
            Action.CREATE if created else Action.UPDATE,
            object_type="narrative",
            object_id=narrative.pk,
            summary=f"Saved the {year} narrative (revision {narrative.revision})",
            detail={
                "year": year,
                "entries": {k: len(v) for k, v in answers["sections"].items()},
            },
        )
    return narrative


def leaving_copy(organisation: Organisation, year: int) -> dict[str, Any]:
    """The answers a submission of ``year`` carries: the working copy, or nothing."""
    narrative = working_copy(organisation, year)
    if narrative is None or is_empty(narrative.answers):
        return {}
    return dict(narrative.answers)


def problems_of(answers: dict[str, Any]) -> list[Place]:
    """Everything that keeps ``answers`` from leaving, worded and placed."""
    if is_empty(answers):
        return []
    questionnaire = questionnaire_of(answers)
    return describe(questionnaire, check_answers(questionnaire, answers))


KIND_WORDS = {
    Kind.NAME: lambda: _("looks like a person's name"),
    Kind.PHONE: lambda: _("looks like a phone number"),
    Kind.EMAIL: lambda: _("looks like an e-mail address"),
    Kind.ADDRESS: lambda: _("looks like a street address"),
}


def describe(questionnaire: Questionnaire, problems: list[Problem]) -> list[Place]:
    """Say, in the reader's language, where each problem is and what to do."""
    from django.utils.translation import get_language

    language = get_language() or "en"
    places = []
    for problem in problems:
        known = {s.code: s for s in questionnaire.sections}
        section = known.get(problem.section)
        section_label = section.label.get(language) if section else problem.section
        item_label = problem.item
        if section and problem.item in {i.code for i in section.items}:
            item_label = section.item(problem.item).label.get(language)
        where = section_label
        if problem.entry:
            where = _("%(section)s, entry %(n)s") % {"section": section_label, "n": problem.entry}
        if problem.item:
            where = f"{where}, {item_label}"
        places.append(
            Place(
                section=problem.section,
                entry=problem.entry,
                item=problem.item,
                where=where,
                message=_message(problem),
                anchor=f"{problem.section}-{problem.entry - 1}-{problem.item}"
                if problem.entry
                else problem.section,
            )
        )
    return places


def _message(problem: Problem) -> str:
    if problem.kind == "personal_data" and problem.finding is not None:
        return _("“%(text)s” %(what)s: refer to a role or an institution instead.") % {
            "text": problem.finding.text,
            "what": KIND_WORDS[problem.finding.kind](),
        }
    messages = {
        "unknown_section": _("is not a section of the questionnaire."),
        "unknown_item": _("is not a question of the questionnaire."),
        "too_many": _("has more entries than the questionnaire allows."),
        "required": _("is required."),
        "too_long": _("is too long."),
        "not_a_choice": _("is not one of the allowed answers."),
        "not_a_year": _("is not a year."),
    }
    return messages[problem.kind]


@dataclass(frozen=True)
class SectionView:
    """A section of a narrative laid out for reading: entries of (question, answer)."""

    code: str
    label: str
    entries: list[list[tuple[str, str]]]


def present(answers: dict[str, Any] | None, language: str) -> list[SectionView]:
    """The sections of ``answers`` that hold entries, with labels in ``language``."""
    if is_empty(answers):
        return []
    assert answers is not None
    questionnaire = questionnaire_of(answers)
    shown = []
    for section in questionnaire.sections:
        rows = []
        for entry in entries(answers, section.code):
            row = []
            for item in section.items:
                value = entry.get(item.code)
                if value in (None, "", []):
                    continue
                if isinstance(value, list):
                    text = ", ".join(item.choice_label(v, language) for v in value)
                elif item.choices:
                    text = item.choice_label(str(value), language)
                else:
                    text = str(value)
                row.append((item.label.get(language), text))
            rows.append(row)
        if rows:
            shown.append(SectionView(section.code, section.label.get(language), rows))
    return shown
