"""State changes of case records. Each function validates through the standard,
writes the change and its audit entry in one transaction, and refuses lost
updates. Views, imports and the API call these and nothing else.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from functools import cache
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from crossroads.accounts.models import User
from crossroads.audit.models import Action
from crossroads.audit.services import Event, record, record_many
from crossroads.cases.counting import row_of
from crossroads.cases.models import Case, CaseRevision
from crossroads.codebook.loader import load_standard
from crossroads.codebook.validation import CleanRecord, Problem, RecordInvalid, validate_record
from crossroads.stats.linkage import Identity, IdentityError, LinkageKey, token_cascade

CLIENT_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$")


class ConcurrentEdit(RuntimeError):
    """Someone else saved the record after it was opened; nothing was overwritten."""

    def __init__(self, case: Case) -> None:
        who = case.updated_by.username if case.updated_by else _("someone")
        super().__init__(
            _("%(who)s saved this record at %(when)s, after you opened it.")
            % {"who": who, "when": timezone.localtime(case.updated_at).strftime("%Y-%m-%d %H:%M")}
        )
        self.case = case


@cache
def _linkage_key(secret: str) -> LinkageKey:
    return LinkageKey(secret)


def linkage_key() -> LinkageKey:
    """The deployment's linkage key (from settings; never stored in the database)."""
    return _linkage_key(settings.LINKAGE_KEY)


class NoToken(ValueError):
    """An identity was typed but no linkage token can be made from it."""

    def __init__(self) -> None:
        super().__init__(
            _(
                "no linkage token can be made from this: a token needs a given or family name "
                "and at least the year of birth. Type both, or leave all three identity fields "
                "empty."
            )
        )


def tokens_for(identity: Identity | None) -> list[str] | None:
    """Linkage tokens for an identity, or None when no identity was given.

    Raises :class:`NoToken` when something was typed but too little to make
    any token: every token needs a name and at least the year of birth.
    """
    if identity is None:
        return None
    if identity.is_empty or identity.birth_year is None:
        raise NoToken
    tokens = token_cascade(identity, linkage_key())
    if tokens.is_empty:
        raise NoToken
    return tokens.as_list()


def identity_of(given: str, family: str, date_of_birth: str, gender: str) -> Identity | None:
    """The identity typed for a record, or None when nothing was typed.

    The sex a token carries follows the record's gender (none for other answers).
    Raises :class:`crossroads.stats.linkage.IdentityError` for an unreadable date.
    """
    given, family, date_of_birth = given.strip(), family.strip(), date_of_birth.strip()
    if not (given or family or date_of_birth):
        return None
    sex = gender if gender in {"female", "male", "trans_nonbinary"} else ""
    return Identity.from_fields(given, family, date_of_birth, sex)


def identity_problems(exc: IdentityError | NoToken) -> list[Problem]:
    """The problem to show for identity fields that could not be turned into tokens.

    The identity value itself is never repeated back.
    """
    if isinstance(exc, NoToken):
        return [Problem("identity_dob", _("Date of birth"), None, str(exc))]
    return [
        Problem(
            "identity_dob",
            _("Date of birth"),
            None,
            _("could not be read; use YYYY-MM-DD, DD.MM.YYYY or a year alone"),
        )
    ]


def check_client_code(code: str) -> str:
    """A client code, stripped; raises RecordInvalid if it is not a code."""
    code = (code or "").strip()
    if not CLIENT_CODE.match(code):
        raise RecordInvalid(
            [
                Problem(
                    "client_code",
                    _("Client code"),
                    code,
                    _(
                        "expected 1 to 64 letters, digits or . _ / - without spaces "
                        "(the organisation's own code, never a name)"
                    ),
                )
            ]
        )
    return code


def validate_for(user: User, raw: Mapping[str, Any], *, from_form: bool) -> CleanRecord:
    """Validate raw values as the user's organisation would store them."""
    assert user.organisation is not None
    return validate_record(
        raw,
        standard=load_standard(),
        country=user.organisation.country,
        language=user.language,
        drop_inapplicable=from_form,
    )


def indexed_columns(clean: CleanRecord) -> dict[str, Any]:
    """The record's document and the indexed copies lists filter on, from a validated record.

    Every write path (form, import) stores a record through this one function,
    so the indexed columns never drift from the document.
    """
    data = clean.data
    document = clean.as_document()
    return {
        "data": document,
        "year": data["year_of_registration"],
        "status": data.get("case_status", ""),
        "trafficking_status": data.get("trafficking_status", ""),
        "consent": data.get("consent_data_use", ""),
        "facets": facets_of(clean.data),
        "counting_row": row_of(document),
        "missing_count": len(clean.missing),
        "completeness": clean.completeness,
        "standard_version": load_standard().version,
    }


def facet(code: str, value: str) -> str:
    """The text that marks one coded answer in :attr:`Case.facets`."""
    return f"|{code}={value}|"


@cache
def _coded_fields(version: str) -> frozenset[str]:
    return frozenset(f.code for f in load_standard(version).fields if f.type.is_coded)


def facets_of(data: Mapping[str, Any]) -> str:
    """Every coded answer of a record, as ``|code=value|`` marks (multi-valued: one per value)."""
    coded = _coded_fields(load_standard().version)
    marks = []
    for code, value in data.items():
        if code not in coded:
            continue
        for item in value if isinstance(value, list) else [value]:
            marks.append(f"{code}={item}")
    return "|" + "|".join(marks) + "|" if marks else ""


def create_case(
    user: User,
    client_code: str,
    raw: Mapping[str, Any],
    *,
    tokens: list[str] | None = None,
    from_form: bool = True,
) -> Case:
    """Create a record for the user's organisation; audit it as a creation.

    ``tokens`` are the linkage tokens of the person (see :func:`tokens_for`).
    """
    code = check_client_code(client_code)
    clean = validate_for(user, raw, from_form=from_form)
    now = timezone.now()
    case = new_case(user, code, clean, tokens, now)
    try:
        with transaction.atomic():
            case.save()
            entry = record_many(user, [creation_event(case)])[0]
            CaseRevision.objects.create(**first_revision(case, entry.pk))
    except IntegrityError:
        raise duplicate_code(code) from None
    return case


def new_case(
    user: User, code: str, clean: CleanRecord, tokens: list[str] | None, now: datetime
) -> Case:
    """An unsaved record of the user's organisation holding ``clean`` (shared by every path)."""
    # Ids rather than objects: imports build 100,000 of these, and the related
    # descriptors cost more than the rest of the constructor.
    assert user.organisation_id is not None
    return Case(
        organisation_id=user.organisation_id,
        client_code=code,
        linkage_tokens=tokens or [],
        created_at=now,
        created_by_id=user.pk,
        updated_at=now,
        updated_by_id=user.pk,
        **indexed_columns(clean),
    )


def creation_event(case: Case, via: str = "") -> Event:
    """The audit entry of a record's creation: which fields it holds, never their values."""
    return Event(
        Action.CREATE,
        "case",
        case.pk,
        f"Created record {case.client_code}{via}",
        {"fields": sorted(_paths(case.data)), "version": 1},
    )


def change_event(case: Case, changes: Mapping[str, Any], version: int, via: str = "") -> Event:
    """The audit entry of a change: which fields changed and the new version."""
    return Event(
        Action.UPDATE,
        "case",
        case.pk,
        f"Changed record {case.client_code}{via}",
        {"fields": sorted(changes), "version": version},
    )


def first_revision(case: Case, audit_entry: int) -> dict[str, Any]:
    """Field values of a record's first revision (every value, as changed from nothing)."""
    document = case.data
    changes = {key: [None, document[key]] for key in sorted(document) if key != "events"}
    events = document.get("events", {})
    changes.update({f"events.{kind}": [None, events[kind]] for kind in sorted(events)})
    return {
        "case_id": case.pk,
        "audit_entry": audit_entry,
        "version": 1,
        "at": case.created_at,
        "changes": changes,
    }


def record_changes(
    case: Case, new_document: Mapping[str, Any], *, client_code: str, tokens: list[str] | None
) -> dict[str, list[Any]]:
    """What a save would change: values by path, the client code, and whether tokens changed."""
    changes = changes_between(case.data, new_document)
    if client_code != case.client_code:
        changes["client_code"] = [case.client_code, client_code]
    if tokens is not None and tokens != case.linkage_tokens:
        changes["linkage_tokens"] = ["…", "…"]  # that they changed, never their values
    return changes


def update_case(
    user: User,
    case: Case,
    raw: Mapping[str, Any],
    *,
    expected_version: int,
    client_code: str | None = None,
    tokens: list[str] | None = None,
    from_form: bool = True,
) -> Case:
    """Save new values if nobody else saved since ``expected_version``; audit the change.

    Raises :class:`ConcurrentEdit` instead of overwriting another person's save.
    New ``tokens`` replace the linkage tokens; without them the tokens stay.
    """
    code = check_client_code(client_code) if client_code is not None else case.client_code
    clean = validate_for(user, raw, from_form=from_form)
    changes = record_changes(case, clean.as_document(), client_code=code, tokens=tokens)
    now = timezone.now()
    values = {**indexed_columns(clean), "client_code": code, "updated_at": now, "updated_by": user}
    if tokens is not None:
        values["linkage_tokens"] = tokens
    try:
        with transaction.atomic():
            saved = Case.objects.filter(pk=case.pk, version=expected_version).update(
                version=F("version") + 1, **values
            )
            if saved == 0:
                raise ConcurrentEdit(Case.objects.select_related("updated_by").get(pk=case.pk))
            case.client_code = code
            entry = record_many(user, [change_event(case, changes, expected_version + 1)])[0]
            CaseRevision.objects.create(
                case=case,
                audit_entry=entry.pk,
                version=expected_version + 1,
                at=now,
                changes=changes,
            )
    except IntegrityError:
        raise duplicate_code(code) from None
    case.refresh_from_db()
    return case


def delete_case(user: User, case: Case) -> None:
    """Erase a record and its revisions; the audit log keeps only that it happened."""
    with transaction.atomic():
        record(
            user,
            Action.DELETE,
            object_type="case",
            object_id=case.pk,
            summary=f"Deleted record {case.client_code}",
        )
        case.delete()


def record_listing(user: User, filters: Mapping[str, list[str]]) -> None:
    """Audit that ``user`` listed records, with the filters' parameters."""
    record(
        user,
        Action.LIST,
        object_type="case",
        summary="Listed records",
        detail={"filters": dict(filters)},
    )


def record_view(user: User, case: Case) -> None:
    """Audit that ``user`` opened the record."""
    record(
        user,
        Action.READ,
        object_type="case",
        object_id=case.pk,
        summary=f"Viewed record {case.client_code}",
    )


def duplicate_code(code: str) -> RecordInvalid:
    """The problem of a client code another record of the organisation already has."""
    return RecordInvalid(
        [
            Problem(
                "client_code",
                _("Client code"),
                code,
                _("another record of your organisation already has this client code"),
            )
        ]
    )


def _paths(document: Mapping[str, Any]) -> set[str]:
    paths = {key for key in document if key != "events"}
    paths |= {f"events.{kind}" for kind in document.get("events", {})}
    return paths


def changes_between(old: Mapping[str, Any], new: Mapping[str, Any]) -> dict[str, list[Any]]:
    """Changed values by path (``gender``, ``events.compensation``): ``[old, new]``."""
    changes: dict[str, list[Any]] = {}
    for key in sorted((set(old) | set(new)) - {"events"}):
        if old.get(key) != new.get(key):
            changes[key] = [old.get(key), new.get(key)]
    old_events, new_events = old.get("events", {}), new.get("events", {})
    for kind in sorted(set(old_events) | set(new_events)):
        if old_events.get(kind) != new_events.get(kind):
            changes[f"events.{kind}"] = [old_events.get(kind), new_events.get(kind)]
    return changes
