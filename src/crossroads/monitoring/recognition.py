"""The recognition gap of a country, beside the timeline of its legal framework's changes.

For each cohort year with a published hidden-victim estimate of the country
(:func:`crossroads.estimation.publication.published_estimates`), the persons
formally identified as victims in the country's released tables of the same
year are set against the estimated number of victims, with an interval that
carries the uncertainty of both (:mod:`crossroads.stats.recognition`). Beside
it, every saved version of the country's checklist answers, dated by its
source: the legal changes the gap can be read against.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from crossroads.estimation.publication import PublishedEstimate, published_estimates
from crossroads.exchange.released import TOTAL
from crossroads.monitoring import readmodel
from crossroads.monitoring.checklist import BY_CODE
from crossroads.monitoring.figurebook import StoredFigures
from crossroads.monitoring.indicators.base import IDENT
from crossroads.monitoring.models import AnswerRevision, CountryProfile
from crossroads.monitoring.presenters import display_value
from crossroads.stats.recognition import Estimate, Gap, Released, recognition_gap

IDENTIFIED_CELL = (IDENT, ("positive", TOTAL))
"""The released count of persons with a positive formal identification decision."""


@dataclass(frozen=True)
class Change:
    """One saved version of a checklist answer."""

    item: str
    label: str
    value: str
    version: int
    source: str
    source_date: str
    year: int


@dataclass(frozen=True)
class GapYear:
    """One cohort year: the estimate, the identified count and the gap, or why there is none."""

    year: int
    estimate: PublishedEstimate | None
    identified: int | None
    rounding_base: int | None
    gap: Gap | None
    reason: str
    changes: tuple[Change, ...] = field(default=())

    def percent(self, which: str) -> float | None:
        """``share``, ``low`` or ``high`` of the gap in percent (None without a gap)."""
        return None if self.gap is None else 100 * float(getattr(self.gap, which))

    @property
    def share_percent(self) -> float | None:
        return self.percent("share")

    @property
    def low_percent(self) -> float | None:
        return self.percent("low")

    @property
    def high_percent(self) -> float | None:
        return self.percent("high")


def timeline(profile: CountryProfile, language: str) -> list[Change]:
    """Every saved version of every answer of ``profile``, oldest source first."""
    revisions = AnswerRevision.objects.filter(answer__profile=profile).select_related("answer")
    out = []
    for revision in revisions.order_by("source_date", "changed_at"):
        spec = BY_CODE.get(revision.answer.item)
        if spec is None:
            continue
        out.append(
            Change(
                item=spec.code,
                label=spec.label.get(language),
                value=display_value(spec, revision.value, language),
                version=revision.version,
                source=revision.source,
                source_date=date_format(revision.source_date, "DATE_FORMAT"),
                year=revision.source_date.year,
            )
        )
    return out


def _identified(
    figures: StoredFigures | None, country: str, year: int
) -> tuple[int | None, int | None, int, str]:
    """(released count, rounding base, threshold, why there is no count)."""
    if figures is None or year not in figures.years:
        return None, None, 1, _("no accepted submission of this year is in the figures yet")
    info = figures.year_info(year)
    rule = info.rule or {}
    base = rule.get("rounding_base")
    threshold = int(rule.get("threshold") or 1)
    if country not in info.countries or not info.by_country:
        return None, base, threshold, _("the country's tables of this year are not computed")
    value = figures.count(country, year, *IDENTIFIED_CELL)
    if value is None:
        return (
            None,
            base,
            threshold,
            _("the identified count is suppressed to protect small groups"),
        )
    return value, base, threshold, ""


def country_gaps(profile: CountryProfile, language: str) -> list[GapYear]:
    """The recognition gap of every year with a published estimate or a legal change,
    newest first, each with the checklist changes dated in that year."""
    country = profile.country
    estimates = {e.year: e for e in published_estimates() if e.country == country}
    changes: dict[int, list[Change]] = defaultdict(list)
    for change in timeline(profile, language):
        changes[change.year].append(change)
    figures = readmodel.stored(readmodel.ACCEPTED)
    rows = []
    for year in sorted(set(estimates) | set(changes), reverse=True):
        estimate = estimates.get(year)
        identified, base, threshold, reason = (None, None, 1, "")
        gap = None
        if estimate is None:
            reason = _("no hidden-victim estimate of this year is published")
        else:
            identified, base, threshold, reason = _identified(figures, country, year)
        if estimate is not None and identified is not None:
            if estimate.population_size <= 0:
                reason = _("the estimate counts no victims")
            else:
                gap = recognition_gap(
                    Released(identified, base, threshold),
                    Estimate(
                        estimate.population_size,
                        estimate.interval[0],
                        estimate.interval[1],
                        estimate.observed,
                        estimate.confidence,
                    ),
                )
        rows.append(
            GapYear(year, estimate, identified, base, gap, reason, tuple(changes.get(year, ())))
        )
    return rows


def assumptions() -> list[str]:
    """What the recognition gap assumes, in plain words."""
    return [
        _(
            "Identified means formally identified as a victim by a competent authority, among "
            "the persons members registered in the year. Persons the authorities identified "
            "without ever meeting a member are not counted, so the share recognised is a "
            "lower bound of what the authorities recognised."
        ),
        _(
            "The estimate and the identified count describe the same country and the same "
            "year, and the same definition of a victim."
        ),
        _(
            "The estimate's uncertainty is its published interval: the victims no list saw "
            "are taken as spread on a logarithmic scale so that the interval is reproduced "
            "exactly, whatever its shape."
        ),
        _(
            "The identified count is exact in the members' records; when the released tables "
            "are rounded, every count that rounds to the figure shown is taken as equally "
            "likely."
        ),
        _(
            "The interval is read from 20,000 simulated pairs of an estimate and a count, so "
            "it carries both uncertainties; the same figures always give the same interval."
        ),
    ]
