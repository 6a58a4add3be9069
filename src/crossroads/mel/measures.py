"""What the log frame's indicators are measured by, computed for one year.

Each :class:`Measure` is computed from what Crossroads already records: the
members' submissions to the annual exchange and their history, the figures of
the accepted data, the monitoring bodies' rounds and the contributions to them,
the reports of the reporting points, and the activities recorded for the plan.
Nothing here is about a person or a record: only counts of organisations,
countries, submissions, rounds, reports and activities.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Literal

from django.conf import settings
from django.db.models import Sum
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from crossroads.bodies.models import Contribution, Round
from crossroads.bodies.register import BY_CODE
from crossroads.exchange.models import Agreement, Status, Submission, SubmissionEvent
from crossroads.mel.models import Activity, ActivityKind
from crossroads.monitoring import readmodel
from crossroads.reporting.models import Report
from crossroads.reporting.models import Status as ReportStatus

Unit = Literal["percent", "count"]


@dataclass(frozen=True)
class Value:
    """A measure's value for a year: ``value`` is None when there is nothing to measure."""

    value: float | None
    numerator: int | None = None
    denominator: int | None = None
    detail: list[tuple[str, str]] = field(default_factory=list)
    """Lines that explain the value (a label, a number as text)."""


@dataclass(frozen=True)
class Measure:
    """One way an indicator of the log frame is measured."""

    code: str
    title: str | Promise
    unit: Unit
    source: str | Promise
    compute: Callable[[int], Value]
    higher_is_better: bool = True


def exchange_deadline(year: int) -> date:
    """The day the tables of ``year`` are due (``CROSSROADS_EXCHANGE_DEADLINE`` of the
    following year)."""
    month, day = (int(part) for part in settings.CROSSROADS_EXCHANGE_DEADLINE.split("-"))
    return date(year + 1, month, day)


def _end_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.max))


def _share(numerator: int, denominator: int, detail: list[tuple[str, str]]) -> Value:
    if denominator == 0:
        return Value(None, numerator, denominator, detail)
    return Value(100.0 * numerator / denominator, numerator, denominator, detail)


def members_on_time(year: int) -> Value:
    """Of the members with an agreement in force by the deadline, the share that submitted
    the year's tables by then."""
    deadline = exchange_deadline(year)
    expected = set(
        Agreement.objects.filter(effective_from__lte=deadline).values_list(
            "organisation_id", flat=True
        )
    )
    submitted = Submission.objects.filter(
        year=year, organisation_id__in=expected, submitted_at__isnull=False
    )
    on_time = set(
        submitted.filter(submitted_at__lte=_end_of(deadline)).values_list(
            "organisation_id", flat=True
        )
    )
    late = set(submitted.values_list("organisation_id", flat=True)) - on_time
    detail = [
        (str(_("Deadline")), deadline.isoformat()),
        (str(_("On time")), str(len(on_time))),
        (str(_("Late")), str(len(late))),
        (str(_("Not submitted")), str(len(expected - on_time - late))),
    ]
    return _share(len(on_time), len(expected), detail)


def _returned_members(year: int) -> dict[int, int]:
    """Members with a version of ``year`` returned, and their first returned version."""
    first: dict[int, int] = {}
    for organisation, version in SubmissionEvent.objects.filter(
        kind=SubmissionEvent.Kind.RETURNED, submission__year=year
    ).values_list("submission__organisation_id", "submission__version"):
        first[organisation] = min(version, first.get(organisation, version))
    return first


def submissions_returned(year: int) -> Value:
    """How many submissions of the year the secretariat returned for correction."""
    returned = SubmissionEvent.objects.filter(
        kind=SubmissionEvent.Kind.RETURNED, submission__year=year
    ).count()
    members = len(_returned_members(year))
    return Value(float(returned), returned, None, [(str(_("Members")), str(members))])


def returned_corrected(year: int) -> Value:
    """Of the members whose submission of the year was returned, the share whose corrected
    version was then accepted."""
    first = _returned_members(year)
    accepted = Submission.objects.filter(
        year=year,
        organisation_id__in=first,
        status__in=[Status.ACCEPTED, Status.SUPERSEDED],
    ).values_list("organisation_id", "version")
    corrected = {org for org, version in accepted if version > first[org]}
    detail = [
        (str(_("Returned")), str(len(first))),
        (str(_("Corrected and accepted")), str(len(corrected))),
    ]
    return _share(len(corrected), len(first), detail)


ENOUGH_SHARE = 0.5
"""A country has enough data when at least this share of its indicators may be shown."""


def countries_with_data(year: int) -> Value:
    """Of the countries in the year's accepted figures, the share where at least half of
    the indicators have enough data to be shown."""
    book = readmodel.stored(readmodel.ACCEPTED)
    if book is None or year not in book.years:
        return Value(None)
    countries = book.year_info(year).countries
    book.preload([(year, country) for country in countries])
    detail = []
    enough = 0
    for country in sorted(countries):
        figures = book.figures(country, year)
        shown = sum(1 for figure in figures if figure.shown)
        enough += shown >= ENOUGH_SHARE * len(figures)
        detail.append((country, f"{shown} / {len(figures)}"))
    return _share(enough, len(countries), detail)


def body_contributions(year: int) -> Value:
    """Contributions members and the network made to monitoring bodies in the year."""
    rows = Contribution.objects.filter(made_on__year=year).values_list("round__body", flat=True)
    by_body = Counter(rows)
    detail = [(str(BY_CODE[code].short) if code in BY_CODE else code, str(n))
              for code, n in sorted(by_body.items())]  # fmt: skip
    return Value(float(len(rows)), len(rows), None, detail)


def rounds_contributed(year: int) -> Value:
    """Of the country rounds whose deadline fell in the year, the share with at least one
    contribution from the network."""
    rounds = Round.objects.filter(deadline__year=year).exclude(country="")
    answered = rounds.filter(contributions__isnull=False).distinct().count()
    return _share(answered, rounds.count(), [])


def reports_handled(year: int) -> Value:
    """Of the reports the reporting points received in the year, the share referred or
    closed."""
    received = Report.objects.filter(received_on__year=year)
    handled = received.filter(status__in=[ReportStatus.REFERRED, ReportStatus.CLOSED]).count()
    total = received.count()
    return _share(handled, total, [(str(_("Received")), str(total))])


def _activities(kind: ActivityKind) -> Callable[[int], Value]:
    def count(year: int) -> Value:
        rows = Activity.objects.filter(kind=kind, started_on__year=year)
        secretariat = rows.filter(by_secretariat=True).count()
        total = rows.count()
        detail = [
            (str(_("By the secretariat")), str(secretariat)),
            (str(_("By members")), str(total - secretariat)),
        ]
        return Value(float(total), total, None, detail)

    return count


def people_reached(year: int) -> Value:
    """People trained or reached by the year's trainings and capacity building."""
    total = (
        Activity.objects.filter(
            kind__in=[ActivityKind.TRAINING, ActivityKind.CAPACITY], started_on__year=year
        ).aggregate(total=Sum("participants"))["total"]
        or 0
    )
    return Value(float(total), total, None)


COMPUTED = _("Computed by Crossroads")
RECORDED = _("Counted from the recorded activities")
MEASURES: dict[str, Measure] = {
    m.code: m
    for m in (
        Measure(
            "members_on_time",
            _("Members submitting their tables on time"),
            "percent",
            COMPUTED,
            members_on_time,
        ),
        Measure(
            "submissions_returned",
            _("Submissions returned for correction"),
            "count",
            COMPUTED,
            submissions_returned,
            higher_is_better=False,
        ),
        Measure(
            "returned_corrected",
            _("Returned submissions corrected and accepted"),
            "percent",
            COMPUTED,
            returned_corrected,
        ),
        Measure(
            "countries_with_data",
            _("Countries with enough data for half of the indicators"),
            "percent",
            COMPUTED,
            countries_with_data,
        ),
        Measure(
            "body_contributions",
            _("Contributions to monitoring bodies"),
            "count",
            COMPUTED,
            body_contributions,
        ),
        Measure(
            "rounds_contributed",
            _("Monitoring-body rounds with a network contribution"),
            "percent",
            COMPUTED,
            rounds_contributed,
        ),
        Measure(
            "reports_handled",
            _("Reporting-point reports referred or closed"),
            "percent",
            COMPUTED,
            reports_handled,
        ),
        Measure("trainings", _("Trainings held"), "count", RECORDED,
                _activities(ActivityKind.TRAINING)),
        Measure("capacity", _("Capacity-building activities"), "count", RECORDED,
                _activities(ActivityKind.CAPACITY)),
        Measure("people_reached", _("People trained or reached"), "count", RECORDED,
                people_reached),
        Measure("advocacy", _("Advocacy actions"), "count", RECORDED,
                _activities(ActivityKind.ADVOCACY)),
        Measure("publications", _("Publications"), "count", RECORDED,
                _activities(ActivityKind.PUBLICATION)),
        Measure("body_submissions", _("Submissions to monitoring bodies recorded as activities"),
                "count", RECORDED, _activities(ActivityKind.BODY_SUBMISSION)),
        Measure("meetings", _("Network meetings and exchanges"), "count", RECORDED,
                _activities(ActivityKind.MEETING)),
    )
}  # fmt: skip


def choices() -> list[tuple[str, str | Promise]]:
    """The measures as form choices."""
    return [(m.code, m.title) for m in MEASURES.values()]
