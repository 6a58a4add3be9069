"""The yearly MEL report: the log frame with each indicator's value, the year before and
its target, the year's activities and its learning notes."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Sum
from django.utils import formats
from django.utils.translation import gettext as _

from crossroads.accounts.permissions import AnyUser
from crossroads.mel.measures import MEASURES, Measure, Value
from crossroads.mel.models import (
    Activity,
    ActivityKind,
    FocusArea,
    Indicator,
    LearningNote,
    Objective,
)


@dataclass(frozen=True)
class IndicatorRow:
    """One indicator of the log frame in a year."""

    indicator: Indicator
    measure: Measure
    current: Value
    previous: Value
    status: str
    """``met``, ``not_met`` or ``none`` (no target, or nothing to measure)."""

    @property
    def value(self) -> str:
        return show(self.current.value, self.measure)

    @property
    def before(self) -> str:
        return show(self.previous.value, self.measure)

    @property
    def target(self) -> str:
        return show(self.indicator.target, self.measure)

    @property
    def counts(self) -> str:
        """“12 / 15” for a share."""
        value = self.current
        if self.measure.unit != "percent" or value.denominator is None:
            return ""
        return f"{value.numerator} / {value.denominator}"


@dataclass(frozen=True)
class AreaBlock:
    area: FocusArea
    rows: list[IndicatorRow]
    activities: int


@dataclass(frozen=True)
class ObjectiveBlock:
    objective: Objective
    areas: list[AreaBlock]


@dataclass(frozen=True)
class KindCount:
    kind: str
    label: str
    count: int
    participants: int


@dataclass(frozen=True)
class YearReport:
    """Everything the report page and its PDF show for one year."""

    year: int
    objectives: list[ObjectiveBlock]
    kinds: list[KindCount]
    activities: list[Activity]
    notes: list[LearningNote]

    @property
    def indicators(self) -> list[IndicatorRow]:
        return [row for o in self.objectives for a in o.areas for row in a.rows]

    @property
    def met(self) -> int:
        return sum(1 for row in self.indicators if row.status == "met")

    @property
    def with_target(self) -> int:
        return sum(1 for row in self.indicators if row.status != "none")


def show(value: float | None, measure: Measure) -> str:
    """A value as the report writes it: “82 %”, “14”, or “–” when there is none."""
    if value is None:
        return "–"
    if measure.unit == "percent":
        return _("%(value)s %%") % {"value": formats.number_format(round(value), 0)}
    return formats.number_format(round(value), 0, use_l10n=True, force_grouping=True)


def _status(value: Value, target: float | None, measure: Measure) -> str:
    if target is None or value.value is None:
        return "none"
    reached = value.value >= target if measure.higher_is_better else value.value <= target
    return "met" if reached else "not_met"


def build(year: int, reader: AnyUser) -> YearReport:
    """The report of ``year`` as ``reader`` may read it: every count is the network's; the
    list of activities holds those the reader may see."""
    cache: dict[tuple[str, int], Value] = {}

    def value(measure: Measure, of: int) -> Value:
        if (measure.code, of) not in cache:
            cache[(measure.code, of)] = measure.compute(of)
        return cache[(measure.code, of)]

    in_year = Activity.objects.filter(started_on__year=year)
    per_area = Counter(in_year.exclude(area=None).values_list("area_id", flat=True))
    objectives = []
    areas = FocusArea.objects.prefetch_related(
        Prefetch("indicators", queryset=Indicator.objects.order_by("pk"))
    )
    for objective in Objective.objects.prefetch_related(Prefetch("areas", queryset=areas)):
        blocks = []
        for area in objective.areas.all():
            rows = []
            for indicator in area.indicators.all():
                measure = MEASURES.get(indicator.measure)
                if measure is None:
                    continue
                current = value(measure, year)
                rows.append(
                    IndicatorRow(
                        indicator,
                        measure,
                        current,
                        value(measure, year - 1),
                        _status(current, indicator.target, measure),
                    )
                )
            blocks.append(AreaBlock(area, rows, per_area.get(area.pk, 0)))
        objectives.append(ObjectiveBlock(objective, blocks))
    totals = {
        row["kind"]: (row["n"], row["people"] or 0)
        for row in in_year.values("kind").annotate(n=Count("pk"), people=Sum("participants"))
    }
    kinds = [
        KindCount(kind.value, str(kind.label), *totals.get(kind.value, (0, 0)))
        for kind in ActivityKind
    ]
    return YearReport(
        year,
        objectives,
        kinds,
        list(
            Activity.objects.visible_to(reader)
            .filter(started_on__year=year)
            .select_related("organisation", "area")
        ),
        list(LearningNote.objects.filter(year=year).select_related("area")),
    )
