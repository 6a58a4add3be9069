"""Survivors' own answers: a short anonymous check-in, counted beside the caseworkers' figures.

A member opens its check-in (:func:`open_checkin`) and offers the link to
the persons it assists, on a shared device or their phone. Five questions,
each tied to the indicator whose caseworker-recorded rate it checks, are
answered yes, no, "not sure or did not need it", or not at all. The public
form reuses the reporting point's anonymous machinery (the abuse brake of
:mod:`crossroads.reporting.challenge`, the keyed, expiring throttle that
never stores an address, its languages and page frame).

Answers are counted per country (and for the network) and cohort year under
the disclosure rule of that year's exchange tables (same threshold,
secondary suppression and rounding; :func:`released`) and read with the
same "not enough data" rule and Wilson interval as every indicator
(:func:`figures`): an answer never shows below the threshold.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from crossroads.accounts.models import User
from crossroads.accounts.permissions import can_administer_organisation, can_manage_data
from crossroads.audit.models import Action
from crossroads.audit.services import record
from crossroads.exchange.released import NETWORK, TOTAL, ReleasedTable
from crossroads.monitoring.figures import Figure, compute
from crossroads.monitoring.formulas import cells, count
from crossroads.monitoring.indicators import BY_CODE as BY_INDICATOR
from crossroads.monitoring.indicators import Indicator, Right
from crossroads.monitoring.models import CheckInAnswer, CheckInPoint
from crossroads.stats.disclosure import Dimension, SuppressionRule, Table, TableSet, protect

YES, NO, UNSURE, SKIP = "yes", "no", "unsure", "skip"
ANSWERS = (YES, NO, UNSURE, SKIP)
OTHER = "other"
"""Not sure, did not need it, or no answer: counted together, left out of every rate."""


@dataclass(frozen=True)
class Question:
    """One check-in question, the indicator it checks and which answer that indicator counts."""

    code: str
    text: Promise
    unsure: Promise
    icon: str
    indicator: str
    counted: str
    right: Right


QUESTIONS: tuple[Question, ...] = (
    Question(
        "informed",
        _(
            "Were you told about the time to rest and decide (the reflection period) in a "
            "language you understand?"
        ),
        _("I am not sure"),
        "speech",
        "R3.2",
        YES,
        Right.REFLECTION,
    ),
    Question(
        "interpreter",
        _("When you needed an interpreter, did you get one?"),
        _("I did not need one"),
        "interpreter",
        "R5.2",
        YES,
        Right.JUSTICE,
    ),
    Question(
        "pressured",
        _("Did anyone pressure you to cooperate with the police?"),
        _("I am not sure"),
        "police",
        "R1.1",
        NO,
        Right.ASSISTANCE,
    ),
    Question(
        "legal_advice",
        _("When you needed legal advice, did you get it?"),
        _("I did not need it"),
        "scales",
        "R5.3",
        YES,
        Right.JUSTICE,
    ),
    Question(
        "suspect",
        _("Were you treated as a suspect, as if you had done something wrong?"),
        _("I am not sure"),
        "suspect",
        "R7.1",
        YES,
        Right.NON_PUNISHMENT,
    ),
)  # fmt: skip
BY_CODE = {q.code: q for q in QUESTIONS}


def _table(code: str) -> str:
    return f"checkin_{code}"


def _spec(question: Question) -> Indicator:
    """The survivors' figure of one question, read like the indicator it checks."""
    table = _table(question.code)
    return replace(
        BY_INDICATOR[question.indicator],
        code=f"S-{question.indicator}",
        numerator=count(cells(table, (question.counted,))),
        denominator=count(cells(table, (YES,), (NO,)), cells(table, (TOTAL,), minus=[(OTHER,)])),
        pending=None,
        pending_text=None,
        higher_is_better=question.code != "suspect",
    )


SPECS = {q.code: _spec(q) for q in QUESTIONS}


# -- offering the check-in ------------------------------------------------------------


class CheckInError(ValueError):
    """A check-in that cannot be opened, closed or answered."""


def can_offer_checkin(user: Any) -> bool:
    """A member's administrators and data officers offer the check-in."""
    return bool(can_administer_organisation(user) or can_manage_data(user))


def open_checkin(user: User) -> CheckInPoint:
    """Open the check-in of ``user``'s organisation with a new link (the old one ends)."""
    if not can_offer_checkin(user) or user.organisation is None:
        raise CheckInError(
            str(_("Only a member's administrators and data officers offer the check-in."))
        )
    organisation = user.organisation
    with transaction.atomic():
        point, _created = CheckInPoint.objects.update_or_create(
            organisation=organisation,
            defaults={
                "token": secrets.token_urlsafe(24),
                "is_open": True,
                "opened_at": timezone.now(),
            },
        )
        record(
            user,
            Action.UPDATE,
            object_type="checkin",
            object_id=organisation.pk,
            summary=f"Opened the check-in of {organisation.code}",
        )
    return point


def close_checkin(user: User) -> None:
    """Close the check-in of ``user``'s organisation: its link takes no more answers."""
    if not can_offer_checkin(user) or user.organisation is None:
        raise CheckInError(
            str(_("Only a member's administrators and data officers offer the check-in."))
        )
    with transaction.atomic():
        CheckInPoint.objects.filter(organisation=user.organisation).update(is_open=False)
        record(
            user,
            Action.UPDATE,
            object_type="checkin",
            object_id=user.organisation.pk,
            summary=f"Closed the check-in of {user.organisation.code}",
        )


def open_point(token: str) -> CheckInPoint | None:
    """The open check-in of this link, or None."""
    return (
        CheckInPoint.objects.select_related("organisation")
        .filter(token=token, is_open=True)
        .first()
    )


def save_answers(point: CheckInPoint, answers: Mapping[str, str]) -> None:
    """Keep one person's answers: the country and year only, nothing about the member.

    Deliberately not audited: an audit entry would tie the answer to a member
    and a moment.
    """
    if set(answers) != set(BY_CODE) or any(a not in ANSWERS for a in answers.values()):
        raise CheckInError(str(_("Every question needs one of the answers offered.")))
    CheckInAnswer.objects.create(
        country=point.organisation.country, year=timezone.now().year, **answers
    )


# -- counting -------------------------------------------------------------------------


def raw_counts(year: int) -> dict[str, dict[str, dict[str, int]]]:
    """Exact counts by scope (countries and the network), question and answer."""
    out: dict[str, dict[str, dict[str, int]]] = {}
    for question in QUESTIONS:
        rows = (
            CheckInAnswer.objects.filter(year=year)
            .values("country", question.code)
            .annotate(n=Count("id"))
        )
        for row in rows:
            for scope in (row["country"], NETWORK):
                by_answer = out.setdefault(scope, {}).setdefault(question.code, {})
                key = row[question.code] if row[question.code] in (YES, NO) else OTHER
                by_answer[key] = by_answer.get(key, 0) + row["n"]
    return out


def released(
    counts: Mapping[str, Mapping[str, int]], rule: SuppressionRule
) -> dict[str, ReleasedTable]:
    """The answers of one scope as released tables, protected under ``rule``.

    The five tables count the same persons (everyone who answered), so they
    share their total and are protected together, as the exchange protects
    a submission.
    """
    tables = []
    for question in QUESTIONS:
        by_answer = counts.get(question.code, {})
        tables.append(
            Table(
                _table(question.code),
                "checkin",
                # One dimension per question: the tables share their total only.
                [Dimension(question.code, (YES, NO, OTHER))],
                [by_answer.get(YES, 0), by_answer.get(NO, 0), by_answer.get(OTHER, 0)],
            )
        )
    result = protect(TableSet(tables), rule)
    out = {}
    for question in QUESTIONS:
        protected = result.table(_table(question.code))
        values = {cell.categories: cell.value for cell in protected.cells()}
        out[_table(question.code)] = ReleasedTable.from_cells(
            _table(question.code), (question.code,), values, population="checkin"
        )
    return out


@dataclass(frozen=True)
class Answered:
    """One question's survivors' figure beside the caseworker-recorded figure it checks."""

    question: Question
    survivors: Figure
    caseworkers: Figure | None
    respondents: int | None


def figures(
    scope: str, year: int, rule: SuppressionRule, caseworkers: Mapping[str, Figure]
) -> list[Answered]:
    """Every question's survivors' figure of ``scope`` and ``year`` beside the caseworkers'.

    ``caseworkers`` maps indicator codes to the figures of the same scope and
    year. Only released counts are read, with the "not enough data" rule.
    """
    counts = raw_counts(year).get(scope, {})
    tables = released(counts, rule) if counts else {}
    out = []
    for question in QUESTIONS:
        survivors = compute(SPECS[question.code], tables, scope, year)
        table = tables.get(_table(question.code))
        total = table.get((TOTAL,)) if table is not None else None
        out.append(Answered(question, survivors, caseworkers.get(question.indicator), total))
    return out


def rule_of(stored_rule: Mapping[str, Any] | None) -> SuppressionRule:
    """The disclosure rule of a year's exchange tables (the default rule when none)."""
    return SuppressionRule.from_dict(stored_rule) if stored_rule else SuppressionRule()
