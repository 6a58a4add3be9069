"""The monitoring charts, built from a :class:`Monitor`, shared by dashboards and the report."""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from crossroads.core.charts import (
    BarChart,
    FunnelChart,
    FunnelStage,
    GapChart,
    IntervalChart,
    IntervalRow,
    Series,
    TrendChart,
)
from crossroads.core.charts._svg import percent
from crossroads.exchange.catalogue import dimension
from crossroads.exchange.released import NETWORK, TOTAL
from crossroads.monitoring.figurebook import FigureBook
from crossroads.monitoring.figures import Figure
from crossroads.monitoring.indicators import BY_CODE
from crossroads.monitoring.presenters import country_name

TREND_CODES = ("R2.1", "R1.1", "R3.1", "R4.1", "R6.1", "R7.1")
CHART_TABLES = ("persons_forms", "rights_identification", "rights_compensation", "rights_permits")
"""The released tables whose cells the charts read (besides the indicators' figures)."""


def _language() -> str:
    return get_language() or "en"


def scope_name(scope: str) -> str:
    return _("Network") if scope == NETWORK else country_name(scope, _language())


def _note(figure: Figure) -> str:
    parts = []
    if not figure.shown:
        parts.append(figure.reason_text())
    if figure.pending:
        parts.append(_("%(n)s pending, not counted") % {"n": figure.pending})
    return "; ".join(parts)


def _series(monitor: FigureBook, code: str, scope: str, label: str, key: str) -> Series:
    figures = [monitor.figure(code, scope, year) for year in monitor.years]
    return Series(
        key=key,
        label=label,
        values=tuple(f.rate for f in figures),
        low=tuple(f.low for f in figures),
        high=tuple(f.high for f in figures),
        notes=_year_notes(monitor, scope, [_note(f) for f in figures]),
        counts=tuple(f.counts_text() for f in figures),
    )


def _flags(monitor: FigureBook, scope: str) -> dict[str, Any]:
    """What a chart over the cohort years needs to mark the incomplete ones: their
    indexes and a note for each."""
    incomplete = monitor.incomplete_years(scope)
    years = [c.year for c in incomplete]
    return {
        "flagged": tuple(i for i, year in enumerate(monitor.years) if year in years),
        "extra_notes": [
            _("* %(year)s is incomplete: only %(n)s members contributed, against %(best)s for "
              "the best-covered year. Its figures are not comparable with the other years'; "
              "a fall there may only mean missing members.")
            % {"year": c.year, "n": c.members, "best": c.best}
            for c in incomplete
        ],
    }  # fmt: skip


def _year_notes(monitor: FigureBook, scope: str, notes: list[str]) -> tuple[str, ...]:
    """``notes`` by cohort year, with "incomplete year" added where it applies."""
    incomplete = {c.year for c in monitor.incomplete_years(scope)}
    return tuple(
        "; ".join(n for n in (note, _("incomplete year") if year in incomplete else "") if n)
        for year, note in zip(monitor.years, notes, strict=True)
    )


def indicators_trend(
    monitor: FigureBook, scope: str, codes: tuple[str, ...] = TREND_CODES
) -> TrendChart:
    """Several indicators of one scope over the cohort years."""
    language = _language()
    return TrendChart(
        key=f"trend-{scope.lower()}",
        title=_("Rights indicators over the years: %(scope)s") % {"scope": scope_name(scope)},
        # Translators: a literal per cent sign, not a placeholder.
        # xgettext:no-python-format
        description=_("Each line is one indicator by cohort year, with its 95% interval as a band; a gap means not enough data that year."),
        percent=True,
        categories=tuple(str(y) for y in monitor.years),
        series=tuple(
            _series(monitor, code, scope, f"{code} {BY_CODE[code].title.get(language)}", code.lower().replace(".", "-"))
            for code in codes
        ),
        **_flags(monitor, scope),
    )  # fmt: skip


def indicator_trend(monitor: FigureBook, code: str, scope: str) -> TrendChart:
    """One indicator of one scope (and the network, for a country) over the years."""
    spec = BY_CODE[code]
    language = _language()
    series = [_series(monitor, code, scope, scope_name(scope), scope.lower())]
    if scope != NETWORK:
        series.append(_series(monitor, code, NETWORK, _("Network"), NETWORK))
    return TrendChart(
        key=f"{code.lower().replace('.', '-')}-{scope.lower()}",
        title=f"{code} {spec.title.get(language)}",
        description=spec.definition.get(language),
        percent=True,
        categories=tuple(str(y) for y in monitor.years),
        series=tuple(series),
        source=spec.anchor,
        width=560,
        height=240,
        **_flags(monitor, scope),
    )


def comparison(monitor: FigureBook, code: str, year: int, highlight: str = "") -> IntervalChart:
    """One indicator across countries for one year, with the network as reference."""
    spec = BY_CODE[code]
    language = _language()
    rows = []
    for country in monitor.year_info(year).countries:
        figure = monitor.figure(code, country, year)
        rows.append(
            IntervalRow(
                label=country_name(country, language),
                value=figure.rate,
                low=figure.low,
                high=figure.high,
                counts=figure.counts_text(),
                note=_note(figure),
                highlight=country == highlight,
            )
        )
    reverse = spec.higher_is_better is not False
    rows.sort(
        key=lambda r: (r.value is None, -(r.value or 0) if reverse else (r.value or 0), r.label)
    )
    network = monitor.figure(code, NETWORK, year)
    return IntervalChart(
        key=f"compare-{code.lower().replace('.', '-')}-{year}",
        title=_("%(code)s %(title)s by country, %(year)s") % {"code": code, "title": spec.title.get(language), "year": year},
        description=spec.definition.get(language),
        percent=True,
        rows=tuple(rows),
        reference=network.rate,
        reference_label=_("Network %(rate)s") % {"rate": percent(network.rate)} if network.rate is not None else "",
        source=spec.anchor,
        width=860,
    )  # fmt: skip


def forms(monitor: FigureBook, scope: str, year: int) -> BarChart:
    """Persons by form of exploitation (multi-response), as shares of the cohort."""
    language = _language()
    spec = dimension("exploitation_form")
    total = monitor.count(scope, year, "persons_forms", (TOTAL, TOTAL))
    labels, values, notes, counts = [], [], [], []
    for category in spec.categories or ():
        value = monitor.count(scope, year, "persons_forms", (TOTAL, category.code))
        if value == 0:
            continue
        labels.append(category.label_in(language))
        share = value / total if value is not None and total else None
        values.append(share)
        notes.append("" if share is not None else _("suppressed to protect small groups"))
        counts.append(f"{value} / {total}" if value is not None and total else "")
    return BarChart(
        key=f"forms-{scope.lower()}-{year}",
        title=_("Forms of exploitation, %(scope)s, %(year)s") % {"scope": scope_name(scope), "year": year},
        # Translators: a literal per cent sign, not a placeholder.
        # xgettext:no-python-format
        description=_("Share of the cohort with each form of exploitation; a person may have several forms, so shares add up to more than 100%."),
        percent=True,
        categories=tuple(labels),
        series=(Series("forms", _("Share of persons"), tuple(values), notes=tuple(notes), counts=tuple(counts)),),
        category_title=_("Form of exploitation"),
        source="Directive 2011/36/EU Art. 2(3) as amended by Directive (EU) 2024/1712",
        width=760,
    )  # fmt: skip


def identification_gap(monitor: FigureBook, scope: str) -> GapChart:
    """Registered (presumed and identified) persons against those formally identified, by year."""
    registered, identified = [], []
    for year in monitor.years:
        registered.append(monitor.count(scope, year, "rights_identification", (TOTAL, TOTAL)))
        identified.append(monitor.count(scope, year, "rights_identification", ("positive", TOTAL)))
    missing = _("not submitted or suppressed")
    return GapChart(
        key=f"gap-{scope.lower()}",
        title=_("Presumed and formally identified victims: %(scope)s") % {"scope": scope_name(scope)},
        description=_("Persons the members assisted in each cohort (light bar) and those a competent authority formally identified as victims (dark bar); the figure above each bar is the gap."),
        categories=tuple(str(y) for y in monitor.years),
        series=(
            Series("registered", _("Assisted (presumed and identified)"), tuple(None if v is None else float(v) for v in registered), notes=_year_notes(monitor, scope, ["" if v is not None else missing for v in registered])),
            Series("identified", _("Formally identified"), tuple(None if v is None else float(v) for v in identified), notes=_year_notes(monitor, scope, ["" if v is not None else missing for v in identified])),
        ),
        category_title=_("Cohort year"),
        source="CoE Art. 10; Directive 2011/36/EU Art. 11(4)",
        **_flags(monitor, scope),
    )  # fmt: skip


def compensation_funnel(monitor: FigureBook, scope: str, year: int) -> FunnelChart:
    """Persons of the cohort, those who claimed, were awarded and were paid (released counts)."""
    table = "rights_compensation"

    def cell(stage: str) -> int | None:
        return monitor.count(scope, year, table, (TOTAL, stage))

    def total_of(*stages: str) -> int | None:
        values = [cell(s) for s in stages]
        return None if any(v is None for v in values) else sum(v or 0 for v in values)

    cohort = cell(TOTAL)
    no_claim = cell("no_claim")
    claimed = cohort - no_claim if cohort is not None and no_claim is not None else None
    awarded = total_of("awarded_none", "awarded_partial", "awarded_full", "awarded_unknown")
    paid = total_of("awarded_partial", "awarded_full")
    pending = cell("pending")
    hidden = _("suppressed to protect small groups")
    return FunnelChart(
        key=f"funnel-{scope.lower()}-{year}",
        title=_("Compensation: claimed, awarded, paid — %(scope)s, %(year)s") % {"scope": scope_name(scope), "year": year},
        description=_("Persons of the cohort, those who claimed compensation, those awarded it and those actually paid (partly or fully). Pending claims stay in the claimed stage."),
        stages=(
            FunnelStage(_("Persons in the cohort"), cohort, "" if cohort is not None else hidden),
            FunnelStage(_("Claimed compensation"), claimed, (_("%(n)s still pending") % {"n": pending}) if pending else ("" if claimed is not None else hidden)),
            FunnelStage(_("Awarded"), awarded, "" if awarded is not None else hidden),
            FunnelStage(_("Paid, partly or fully"), paid, "" if paid is not None else hidden),
        ),
        source="CoE Art. 15(3)-(4); Directive 2011/36/EU Art. 17",
    )  # fmt: skip


def permits_gap(monitor: FigureBook, scope: str) -> GapChart:
    """Non-nationals formally identified against residence permits granted to non-nationals."""

    def total(table: str, keys: list[tuple[str, ...]], year: int) -> float | None:
        values = [monitor.count(scope, year, table, key) for key in keys]
        return None if any(v is None for v in values) else float(sum(v or 0 for v in values))

    identified, granted = [], []
    for year in monitor.years:
        identified.append(
            total("rights_identification", [("positive", "other_eu"), ("positive", "non_eu")], year)
        )
        granted.append(
            total(
                "rights_permits",
                [("other_eu", TOTAL, "granted"), ("non_eu", TOTAL, "granted")],
                year,
            )
        )
    missing = _("not submitted or suppressed")
    return GapChart(
        key=f"permits-{scope.lower()}",
        title=_("Identified non-nationals and residence permits: %(scope)s") % {"scope": scope_name(scope)},
        description=_("Non-nationals of each cohort formally identified as victims (light bar) and non-nationals granted a residence permit on any ground (dark bar). Permits may also go to persons not formally identified, so this is a comparison of counts, not a rate."),
        categories=tuple(str(y) for y in monitor.years),
        series=(
            Series("identified", _("Identified non-nationals"), tuple(identified), notes=_year_notes(monitor, scope, ["" if v is not None else missing for v in identified])),
            Series("permits", _("Permits granted to non-nationals"), tuple(granted), notes=_year_notes(monitor, scope, ["" if v is not None else missing for v in granted])),
        ),
        category_title=_("Cohort year"),
        source="CoE Art. 14; Directive 2004/81/EC",
        **_flags(monitor, scope),
    )  # fmt: skip
