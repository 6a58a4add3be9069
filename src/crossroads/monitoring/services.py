"""Changing country profiles. Each change is validated, versioned and audited together."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from crossroads.accounts.models import User
from crossroads.accounts.permissions import can_edit_country_profiles
from crossroads.audit.models import Action
from crossroads.audit.services import record
from crossroads.codebook.loader import load_standard
from crossroads.monitoring.checklist import Item, Kind, item
from crossroads.monitoring.models import Answer, AnswerRevision, CountryProfile


class ProfileError(ValueError):
    """An answer that cannot be saved; ``field`` names the input at fault."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


@dataclass(frozen=True)
class AnswerInput:
    """What an analyst submits for one checklist item (raw text from a form or a file)."""

    value: Any
    source: str
    source_date: date | None
    source_url: str = ""
    note: str = ""


def create_profile(user: User, country: str, *, demo_content: bool = False) -> CountryProfile:
    """Start the profile of ``country`` (ISO alpha-3 code); refuses a duplicate or unknown code."""
    _require_editor(user)
    code = country.strip().upper()
    if code not in load_standard().vocabularies["country"]:
        raise ProfileError("country", f"{country!r} is not an ISO 3166-1 alpha-3 country code.")
    if CountryProfile.objects.filter(country=code).exists():
        raise ProfileError("country", f"The profile of {code} already exists.")
    with transaction.atomic():
        profile = CountryProfile.objects.create(country=code, demo_content=demo_content)
        record(
            user,
            Action.CREATE,
            object_type="country_profile",
            object_id=code,
            summary=f"Started the country profile of {code}",
        )
    return profile


def clean_value(spec: Item, raw: Any) -> Any:
    """The stored form of an answer (code, list of codes, int or ISO date), or ProfileError."""
    if spec.kind is Kind.CHOICE:
        code = str(raw or "").strip()
        if spec.option(code) is None:
            allowed = ", ".join(o.code for o in spec.options)
            raise ProfileError("value", f"Choose one of: {allowed} (got {code!r}).")
        return code
    if spec.kind is Kind.MULTICHOICE:
        codes = [
            str(c).strip()
            for c in (raw if isinstance(raw, list | tuple) else [raw])
            if str(c).strip()
        ]
        unknown = [c for c in codes if spec.option(c) is None]
        if unknown:
            raise ProfileError("value", f"Unknown option(s): {', '.join(unknown)}.")
        return [o.code for o in spec.options if o.code in codes]
    if spec.kind is Kind.INTEGER:
        try:
            number = int(str(raw).strip())
        except ValueError:
            raise ProfileError("value", f"Expected a whole number, got {raw!r}.") from None
        if not spec.minimum <= number <= spec.maximum:
            raise ProfileError(
                "value", f"Expected a number from {spec.minimum} to {spec.maximum}, got {number}."
            )
        return number
    try:
        day = raw if isinstance(raw, date) else date.fromisoformat(str(raw).strip())
    except ValueError:
        raise ProfileError("value", f"Expected a date as YYYY-MM-DD, got {raw!r}.") from None
    if day > timezone.localdate():
        raise ProfileError("value", "The date is in the future.")
    return day.isoformat()


def save_answer(
    user: User, profile: CountryProfile, item_code: str, given: AnswerInput, *, based_on: int | None
) -> Answer:
    """Set the answer to one item, keeping the previous one in the history.

    ``based_on`` is the version the editor saw (None for a first answer): if
    someone saved in between, nothing changes and ProfileError says so.
    """
    _require_editor(user)
    spec = item(item_code)
    value = clean_value(spec, given.value)
    source = given.source.strip()
    if not source:
        raise ProfileError(
            "source", "Say where the answer comes from (law, report, official page)."
        )
    if given.source_date is None:
        raise ProfileError("source_date", "Give the date of the source, or when it was consulted.")
    if given.source_date > timezone.localdate():
        raise ProfileError("source_date", "The date of the source is in the future.")
    now = timezone.now()
    with transaction.atomic():
        answer = Answer.objects.select_for_update().filter(profile=profile, item=spec.code).first()
        current = answer.version if answer else None
        if current != based_on:
            raise ProfileError(
                "version",
                "Someone changed this answer while you were editing; "
                "reload the page to see their version.",
            )
        if answer is None:
            answer = Answer(profile=profile, item=spec.code, version=1)
            action = Action.CREATE
        else:
            answer.version += 1
            action = Action.UPDATE
        answer.value, answer.source, answer.source_url = value, source, given.source_url.strip()
        answer.source_date, answer.note = given.source_date, given.note.strip()
        answer.updated_at, answer.updated_by = now, user
        answer.save()
        entry = record(
            user,
            action,
            object_type="country_profile",
            object_id=profile.country,
            summary=f"Answered {spec.code} for {profile.country} (version {answer.version})",
            detail={"item": spec.code, "version": answer.version, "value": value},
        )
        AnswerRevision.objects.create(
            answer=answer,
            version=answer.version,
            value=value,
            source=answer.source,
            source_url=answer.source_url,
            source_date=answer.source_date,
            note=answer.note,
            changed_at=now,
            changed_by=user.username,
            audit_seq=entry.pk,
        )
        CountryProfile.objects.filter(pk=profile.pk).update(updated_at=now)
    return answer


def _require_editor(user: User) -> None:
    if not can_edit_country_profiles(user):
        raise PermissionError("only network analysts change country profiles")
