"""Country profiles as people read them: labels in their language, grouped, with sources."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pycountry
from django.utils.formats import date_format

from crossroads.codebook.loader import load_standard
from crossroads.monitoring.checklist import GROUPS, ITEMS, Item, Kind, items_in
from crossroads.monitoring.models import Answer, CountryProfile


def country_name(code: str, language: str) -> str:
    """The country's name in ``language`` (the code itself when unknown)."""
    value = load_standard().vocabularies["country"].get(code)
    return value.label.get(language) if value else code


def canonical_country(code: str) -> str | None:
    """The upper-case ISO 3166-1 alpha-3 code of ``code`` (alpha-3 or alpha-2, any case),
    or None when it names no country of the standard."""
    wanted = code.strip().upper()
    if len(wanted) == 2:
        found = pycountry.countries.get(alpha_2=wanted)
        wanted = found.alpha_3 if found is not None else ""
    return wanted if wanted in load_standard().vocabularies["country"] else None


def display_value(spec: Item, value: Any, language: str) -> str:
    """An answer as text in ``language``."""
    if value is None or value == [] or value == "":
        return ""
    if spec.kind is Kind.CHOICE:
        option = spec.option(str(value))
        return option.label.get(language) if option else str(value)
    if spec.kind is Kind.MULTICHOICE:
        labels = [o.label.get(language) for o in spec.options if o.code in value]
        return ", ".join(labels)
    if spec.kind is Kind.INTEGER:
        return f"{value} {spec.unit.get(language)}" if spec.unit else str(value)
    return date_format(date.fromisoformat(str(value)), "DATE_FORMAT")


def tone(spec: Item, value: Any) -> str:
    """``ok``, ``bad`` or empty: whether the answer is favourable to victims' rights."""
    if spec.kind is Kind.CHOICE:
        option = spec.option(str(value))
        if option is not None and option.favourable is not None:
            return "ok" if option.favourable else "bad"
    return ""


@dataclass(frozen=True)
class Row:
    spec: Item
    label: str
    value: str
    tone: str
    answer: Answer | None
    source: str
    source_url: str
    source_date: str


@dataclass(frozen=True)
class GroupRows:
    code: str
    label: str
    rows: tuple[Row, ...]


def profile_groups(profile: CountryProfile, language: str) -> list[GroupRows]:
    """Every checklist item of ``profile``, answered or not, grouped as in the checklist."""
    answers = {a.item: a for a in profile.answers.all()}
    return [
        GroupRows(
            group.code,
            group.label.get(language),
            tuple(_row(spec, answers.get(spec.code), language) for spec in items_in(group.code)),
        )
        for group in GROUPS
    ]


def _row(spec: Item, answer: Answer | None, language: str) -> Row:
    return Row(
        spec=spec,
        label=spec.label.get(language),
        value=display_value(spec, answer.value, language) if answer else "",
        tone=tone(spec, answer.value) if answer else "",
        answer=answer,
        source=answer.source if answer else "",
        source_url=answer.source_url if answer else "",
        source_date=date_format(answer.source_date, "DATE_FORMAT") if answer else "",
    )


def completeness(profile: CountryProfile) -> tuple[int, int]:
    """(answered items, all items)."""
    return profile.answers.count(), len(ITEMS)


def snapshot(profile: CountryProfile) -> dict[str, Any]:
    """The profile as plain data, for a published snapshot (codes, not labels)."""
    return {
        "country": profile.country,
        "demo_content": profile.demo_content,
        "answers": {
            a.item: {
                "value": a.value,
                "source": a.source,
                "source_url": a.source_url,
                "source_date": a.source_date.isoformat(),
                "note": a.note,
                "version": a.version,
            }
            for a in profile.answers.all()
        },
    }


@dataclass(frozen=True)
class SnapshotRow:
    label: str
    anchor: str
    value: str
    tone: str
    source: str
    source_url: str
    source_date: str
    note: str


def snapshot_groups(data: dict[str, Any], language: str) -> list[tuple[str, list[SnapshotRow]]]:
    """A profile snapshot (see :func:`snapshot`) as labelled rows by group, unanswered included."""
    answers: dict[str, dict[str, Any]] = data.get("answers", {})
    groups = []
    for group in GROUPS:
        rows = []
        for spec in items_in(group.code):
            answer = answers.get(spec.code)
            rows.append(
                SnapshotRow(
                    label=spec.label.get(language),
                    anchor=spec.anchor,
                    value=display_value(spec, answer["value"], language) if answer else "",
                    tone=tone(spec, answer["value"]) if answer else "",
                    source=answer["source"] if answer else "",
                    source_url=answer.get("source_url", "") if answer else "",
                    source_date=date_format(
                        date.fromisoformat(answer["source_date"]), "DATE_FORMAT"
                    )
                    if answer
                    else "",
                    note=answer.get("note", "") if answer else "",
                )
            )
        groups.append((group.label.get(language), rows))
    return groups


def profile_snapshots() -> dict[str, dict[str, Any]]:
    """Every country profile as snapshot data, by country code."""
    return {p.country: snapshot(p) for p in CountryProfile.objects.prefetch_related("answers")}
