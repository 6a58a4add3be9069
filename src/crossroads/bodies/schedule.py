"""What is due when: the calendar's rows, grouped by month, and each round's urgency.

Dates are calendar days in the instance's time zone; "days left" counts from
today to the deadline (0 on the day itself).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from crossroads.bodies.models import Round, Stage
from crossroads.bodies.register import BY_CODE, Body
from crossroads.monitoring.presenters import country_name

#: A deadline this close is shown as urgent.
SOON_DAYS = 30


@dataclass(frozen=True)
class Due:
    """One round as the calendar shows it."""

    round: Round
    body: Body
    days_left: int
    contributions: int
    place: str

    @property
    def urgency(self) -> str:
        """ "past", "urgent" (within :data:`SOON_DAYS`) or "later"; a round the network
        already answered or that is closed is never urgent."""
        if self.days_left < 0:
            return "past"
        if self.round.stage in (Stage.SUBMITTED, Stage.CLOSED):
            return "later"
        return "urgent" if self.days_left <= SOON_DAYS else "later"


@dataclass(frozen=True)
class Month:
    label: str
    rows: list[Due]


def rounds(
    *, country: str = "", body: str = "", past: bool = False, today: date
) -> QuerySet[Round]:
    """Rounds of the calendar, soonest deadline first; without ``past``, those whose
    deadline or event is still ahead."""
    found = Round.objects.select_related("lead").annotate(n=Count("contributions"))
    if country:
        found = found.filter(country=country)
    if body:
        found = found.filter(body=body)
    if not past:
        found = found.filter(Q(deadline__gte=today) | Q(event_on__gte=today))
    return found.order_by("deadline", "body", "country")


def due(item: Round, today: date, language: str) -> Due:
    """``item`` with its days left, its number of contributions and its country's name."""
    count = getattr(item, "n", None)
    if count is None:
        count = item.contributions.count()
    left = (item.deadline - today).days
    return Due(item, BY_CODE[item.body], left, count, place(item.country, language))


def by_month(items: QuerySet[Round], today: date, language: str) -> list[Month]:
    """The rounds grouped by the month of their deadline, in order."""
    months: list[Month] = []
    for item in items:
        label = date_format(item.deadline, "YEAR_MONTH_FORMAT")
        if not months or months[-1].label != label:
            months.append(Month(label, []))
        months[-1].rows.append(due(item, today, language))
    return months


def place(code: str, language: str) -> str:
    """The country a round is about, or "the whole network" for a network-wide call."""
    return country_name(code, language) if code else _("The whole network")


def next_round_year(item: Round) -> int | None:
    """The year the body's next round for the country may be expected (its usual cycle
    after this round's deadline), or None for a body without a regular cycle."""
    years = BY_CODE[item.body].cycle_years
    return item.deadline.year + years if years else None
