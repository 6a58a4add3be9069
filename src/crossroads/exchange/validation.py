"""Validation warnings on a submission, for the member before submitting and for the analyst.

Three kinds, computed from the released tables (what the analyst sees):

* ``totals``: tables that count the same persons disagree (grand totals of
  one population, margins of a dimension they share, declared shared
  cells), or a sub-population is larger than the cohort. Rounding
  tolerates a difference of one rounding base.
* ``year_on_year``: a population or a main category changed by more than a
  plausible factor since the organisation's accepted submission of the
  year before (only counts large enough to matter are compared).
* ``missing``: a table the agreement promises is not in the submission.

Warnings are stored as codes and numbers and worded when shown, in the
reader's language.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from crossroads.exchange import catalogue
from crossroads.exchange.models import Status, Submission
from crossroads.exchange.released import ReleasedTable, released_tables
from crossroads.exchange.services.agreements import current_agreement
from crossroads.stats.disclosure import TOTAL

TOTAL_FACTOR = 2.0
CATEGORY_FACTOR = 3.0
COMPARED_MARGINS = (
    ("persons_citizenship", "citizenship_group"),
    ("persons_form_groups", "exploitation_group"),
    ("persons_sex_age", "age_group"),
)
Warning = dict[str, Any]


def warnings_for(submission: Submission) -> list[Warning]:
    """Every warning about ``submission``, in a stable order."""
    tables = released_tables(submission.released)
    tolerance = int(submission.terms.get("rounding_base") or 0)
    found = _consistency(tables, tolerance)
    found += _missing(submission, tables)
    found += _year_on_year(submission, tables)
    return found


def _differ(a: int | None, b: int | None, tolerance: int) -> bool:
    return a is not None and b is not None and abs(a - b) > tolerance


def _consistency(tables: Mapping[str, ReleasedTable], tolerance: int) -> list[Warning]:
    found: list[Warning] = []
    by_population: dict[str, list[ReleasedTable]] = {}
    for table in tables.values():
        by_population.setdefault(table.population, []).append(table)
    for members in by_population.values():
        first = members[0]
        for other in members[1:]:
            if _differ(first.grand_total.value, other.grand_total.value, tolerance):
                found.append(_totals(first.name, other.name, TOTAL, first, other))
        having: dict[str, ReleasedTable] = {}
        for table in members:
            for dim in table.dimensions:
                reference = having.setdefault(dim.name, table)
                if reference is table:
                    continue
                mine, theirs = reference.margin(dim.name), table.margin(dim.name)
                for code in sorted(set(mine) & set(theirs)):
                    if _differ(mine[code].value, theirs[code].value, tolerance):
                        found.append(
                            {
                                "kind": "totals",
                                "table": table.name,
                                "other": reference.name,
                                "cell": f"{dim.name}={code}",
                                "values": [mine[code].value, theirs[code].value],
                            }
                        )
    for link in catalogue.links(tables):
        a = tables[link.first[0]].cell(*link.first[1]).value
        b = tables[link.second[0]].cell(*link.second[1]).value
        if _differ(a, b, tolerance):
            found.append(
                {
                    "kind": "totals",
                    "table": link.first[0],
                    "other": link.second[0],
                    "cell": ", ".join(link.first[1]),
                    "values": [a, b],
                }
            )
    cohort = next((t for t in tables.values() if t.population == "registered"), None)
    for table in tables.values():
        if cohort is None or table.population in {"registered", "excluded"}:
            continue
        size, part = cohort.grand_total.value, table.grand_total.value
        if size is not None and part is not None and part > size + tolerance:
            found.append(
                {
                    "kind": "larger_than_cohort",
                    "table": table.name,
                    "other": cohort.name,
                    "cell": TOTAL,
                    "values": [part, size],
                }
            )
    return found


def _totals(first: str, second: str, cell: str, a: ReleasedTable, b: ReleasedTable) -> Warning:
    return {
        "kind": "totals",
        "table": second,
        "other": first,
        "cell": cell,
        "values": [a.grand_total.value, b.grand_total.value],
    }


def _missing(submission: Submission, tables: Mapping[str, ReleasedTable]) -> list[Warning]:
    promised = set(submission.terms.get("modules", []))
    agreement = current_agreement(submission.organisation)
    if agreement is not None:
        promised |= set(agreement.modules)
    return [
        {"kind": "missing", "table": spec.code, "module": str(spec.module)}
        for spec in catalogue.tables_of(promised | {str(m) for m in catalogue.REQUIRED_MODULES})
        if spec.code not in tables
    ]


def _previous(submission: Submission) -> Submission | None:
    return (
        Submission.objects.filter(
            organisation=submission.organisation,
            year=submission.year - 1,
            status=Status.ACCEPTED,
        )
        .order_by("-version")
        .first()
    )


def _year_on_year(submission: Submission, tables: Mapping[str, ReleasedTable]) -> list[Warning]:
    previous = _previous(submission)
    if previous is None:
        return []
    before = released_tables(previous.released)
    threshold = int(submission.terms.get("threshold") or 10)
    found: list[Warning] = []
    seen: set[str] = set()
    for table in tables.values():
        if table.population in seen or table.name not in before:
            continue
        seen.add(table.population)
        now, then = table.grand_total.value, before[table.name].grand_total.value
        if _jump(then, now, TOTAL_FACTOR, threshold):
            found.append(_change(table.name, TOTAL, then, now, previous.year))
    for name, dim in COMPARED_MARGINS:
        if name not in tables or name not in before:
            continue
        if tables[name].dimension(dim) is None or before[name].dimension(dim) is None:
            continue
        now_margin, then_margin = tables[name].margin(dim), before[name].margin(dim)
        for code, cell in now_margin.items():
            then_cell = then_margin.get(code)
            if then_cell is not None and _jump(
                then_cell.value, cell.value, CATEGORY_FACTOR, threshold
            ):
                found.append(
                    _change(name, f"{dim}={code}", then_cell.value, cell.value, previous.year)
                )
    return found


def _jump(then: int | None, now: int | None, factor: float, threshold: int) -> bool:
    if then is None or now is None or max(then, now) < 3 * threshold:
        return False
    low, high = sorted((then, now))
    return low == 0 or high / low > factor


def _change(table: str, cell: str, then: int | None, now: int | None, year: int) -> Warning:
    return {
        "kind": "year_on_year",
        "table": table,
        "cell": cell,
        "values": [then, now],
        "previous_year": year,
    }


def warning_text(warning: Mapping[str, Any]) -> str:
    """A warning in words, in the active language."""
    kind = warning.get("kind")
    values = warning.get("values") or [None, None]
    params = {
        "table": _table_title(str(warning.get("table", ""))),
        "other": _table_title(str(warning.get("other", ""))),
        "cell": _cell_label(str(warning.get("cell", ""))),
        "a": values[0],
        "b": values[1],
        "year": warning.get("previous_year", ""),
        "module": warning.get("module", ""),
    }
    if kind == "totals":
        return (
            _(
                "%(table)s and %(other)s count the same persons but disagree at %(cell)s: "
                "%(a)s against %(b)s."
            )
            % params
        )
    if kind == "larger_than_cohort":
        return (
            _("%(table)s counts %(a)s persons, more than the %(b)s persons of the cohort.") % params
        )
    if kind == "year_on_year":
        return (
            _(
                "%(table)s at %(cell)s changed from %(a)s in %(year)s to %(b)s: check that "
                "nothing was left out or counted twice."
            )
            % params
        )
    if kind == "missing":
        return (
            _("Table %(table)s is missing, although the agreement shares the %(module)s module.")
            % params
        )
    return str(warning)


def _table_title(code: str) -> str:
    from django.utils import translation

    try:
        title = catalogue.label_in(catalogue.table(code).title, translation.get_language() or "en")
    except catalogue.CatalogueError:
        return code
    return f"“{title}”"


def _cell_label(cell: str) -> str:
    """``dim=code, dim=code`` or a total, in words."""
    from django.utils import translation

    from crossroads.exchange.presenters import category_label, dimension_title

    language = translation.get_language() or "en"
    if not cell or cell == TOTAL:
        return _("the total")
    parts = []
    for part in cell.split(", "):
        name, _sep, code = part.partition("=")
        if not code:
            return cell
        parts.append(f"{dimension_title(name, language)}: {category_label(name, code, language)}")
    return "; ".join(parts)
