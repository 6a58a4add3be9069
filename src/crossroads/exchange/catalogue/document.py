"""The catalogue as a Markdown document (``docs/exchange-tables.md``).

Generated, never edited by hand: ``crossroads exchange catalogue --output
docs/exchange-tables.md`` rewrites it and a test fails when it is stale.
"""

from __future__ import annotations

from crossroads.exchange.catalogue import (
    CATALOGUE_VERSION,
    DIMENSIONS,
    POPULATIONS,
    TABLES,
    Module,
    dimension,
    label_in,
    links,
    module_title,
    table,
)

LANGUAGE = "en"

_INTRO = """\
# Exchange tables

This document lists every table a member organisation sends in its annual
submission (catalogue version {version}). It is generated from
`src/crossroads/exchange/catalogue/` by `crossroads exchange catalogue`; do
not edit it by hand. How submissions are built, reviewed and protected is
in [exchange.md](exchange.md).

## Counting rules

- **Cohort.** A submission for year Y counts the persons the organisation
  registered in Y (`year_of_registration`). Outcomes (decisions, permits,
  compensation...) are those recorded when the submission is built; an
  outcome not yet decided is counted as pending, never as a refusal.
- **Consent.** Only records whose consent value has the standard's flag
  `counts_in_statistics` are counted. Records of the year left out are
  counted by reason in `excluded_records`, and persons assessed as not
  trafficked are left out the same way.
- **Each person once per table.** A table over a multi-valued field
  (forms of exploitation, sectors, assistance, referral pairs) is
  *multi-response*: a person counts once in each of their categories and
  the total is the number of persons, not the sum of the categories. Where
  a person has several events of one kind (two permit applications), the
  table's notes say which one is counted.
- **Missing values** are counted under the vocabulary's `unknown` where it
  has one, otherwise under `not_recorded`: no person is dropped silently.
- **Populations.** Tables of one population count the same persons: they
  share their grand total and the margins of the dimensions they have in
  common, and disclosure control protects them together. Cells that count
  the same persons across tables in another way are declared as shared
  cells (below).
- **Disclosure control.** Everything that leaves the organisation is
  protected: cells below the agreed threshold are suppressed, further cells
  are suppressed so that none can be recomputed from totals (within and
  across tables), and counts may be rounded. A suppressed cell is shown as
  `x` (flag `c`), never as a blank or a zero; a structurally empty cell (an
  age band under the wrong age group) as `·`.

## Modules

An agreement shares whole modules. The profile module is always shared.

| module | tables |
|---|---|
"""

_INDICATORS_HEAD = """\
## Computing the rights indicators

Indicators use accepted submissions' released values; suppressed cells are
unknown, not zero. Numerator, denominator and pending are kept apart:

| indicator | numerator | denominator | pending (left out of both) |
|---|---|---|---|
"""

# (indicator, numerator, denominator, pending)
INDICATORS: tuple[tuple[str, str, str, str], ...] = (
    (
        "Formal identification of presumed victims (R2.1)",
        "`rights_identification` identification=`positive`",
        "referred persons: total minus `never_referred` minus `pending`",
        "`pending`",
    ),
    ("Never referred (R2.2)", "identification=`never_referred`", "cohort (`_T`)", "—"),
    (
        "Assistance without cooperation (R1.1)",
        "`rights_cooperation` assistance_conditional=`no` among persons not cooperating "
        "(cooperation `none`, `considering`, `declined`)",
        "persons not cooperating, minus assistance_conditional=`unknown`",
        "—",
    ),
    (
        "Reflection period informed / granted (R3.1, R3.2)",
        "`rights_reflection` rrp_informed=`yes` / rrp_decision=`granted`, "
        "citizenship_group ≠ `own_country`",
        "all non-nationals (the three non-national groups, `no_record` included)",
        "rrp_decision=`pending`",
    ),
    (
        "Residence permits by ground (R4.1)",
        "`rights_permits` permit_outcome=`granted`, by permit_ground",
        "identified non-nationals: `rights_identification` identification=`positive`, "
        "citizenship_group ≠ `own_country`",
        "permit_outcome=`pending`",
    ),
    (
        "Compensation funnel (R6.1–R6.3)",
        "`rights_compensation`: claimed = total − `no_claim`; decided = claimed − `pending`; "
        "awarded = `awarded_*`; paid = `awarded_partial` + `awarded_full`",
        "cohort, then each previous step",
        "`pending`",
    ),
    (
        "Punished for compelled acts / non-punishment (R7.1, R7.3)",
        "`rights_proceedings` proceedings_outcome=`punished` / outcomes flagged `protected`",
        "cohort (`_T`)",
        "`pending`",
    ),
    (
        "Reporting with irregular status (R8.1)",
        "`rights_reporting` migration_status=`irregular`, reporting ≠ `not_reported`",
        "migration_status=`irregular`",
        "—",
    ),
    (
        "Enforcement after reporting (R8.2)",
        "reporting=`reported_enforcement` (row `irregular`)",
        "irregular persons who reported",
        "—",
    ),
    (
        "Reports made only without the authorities (R8.5)",
        "`safe_reports_choices` report_sharing=`no`",
        "counted reports to the safe reporting points (`_T`; reports, not persons)",
        "—",
    ),
    (
        "Forms of exploitation (R9.1)",
        "`persons_forms` / `persons_form_groups` by category",
        "cohort (multi-response: shares add up to more than 100 %)",
        "—",
    ),
    (
        "Children with a guardian (R10.1)",
        "`rights_children` guardian=`yes` (row unaccompanied=`yes` for unaccompanied children)",
        "children (`_T`) / unaccompanied children",
        "—",
    ),
    (
        "Assessed needs met (R1.4a–e; interpretation R5.2, legal representation R5.3)",
        "`persons_needs_met` assistance_met=type",
        "persons who needed the type: `persons_needs_met` + `persons_unmet_needs` of the type",
        "—",
    ),
    (
        "Identification within 90 days (R2.3)",
        "`rights_identification_time` identification_delay=`within_90_days`",
        "`within_90_days` + `days_91_180` + `over_180_days`",
        "`pending` (`dates_unknown` left out)",
    ),
    (
        "Identification by form / by citizenship (R2.5a–c / R2.5d–f)",
        "`rights_identification_forms` / `rights_identification` identification=`positive` "
        "in the group",
        "the group less `pending` and `not_recorded`",
        "`pending`",
    ),
    (
        "Reflection period of 30 days or more (R3.3)",
        "`rights_reflection_length` rrp_length=`days_30_or_more`",
        "`days_30_or_more` + `under_30_days`",
        "`ongoing`",
    ),
    (
        "Permit refused (R4.2); asylum route (R4.3, R4.3b)",
        "`rights_permits` non-nationals permit_outcome=`refused`; "
        "permit_ground=`international_protection` (all, then `granted`)",
        "`granted` + `refused`; non-nationals; protection `granted` + `refused`",
        "`pending`",
    ),
    (
        "Proceedings against traffickers (R5.4a–c)",
        "`rights_prosecution`: any but `no_proceedings`; `charged` + `convicted` + "
        "`acquitted`; `convicted`",
        "cohort (`_T`)",
        "—",
    ),
    (
        "State compensation refused (R6.4); paid within a year (R6.5)",
        "`rights_compensation` route `state_fund` stage `refused`; "
        "`rights_compensation_time` `within_1_year`",
        "state-fund `refused` + `awarded_*`; `within_1_year` + `years_1_2` + `over_2_years`",
        "`pending`",
    ),
    (
        "Non-punishment invoked (R7.2)",
        "`rights_non_punishment` non_punishment_invoked=`yes`",
        "`yes` + `no`",
        "—",
    ),
    (
        "Permits by form (R9.2a–c)",
        "`rights_permits_forms` non-nationals of the group, permit_outcome=`granted`",
        "non-nationals of the group less `pending`",
        "`pending`",
    ),
    (
        "Disputed age assessed as adult (R10.2b)",
        "`rights_age` age_disputed=`yes`, age_assessment=`adult`",
        "`adult` + `child`",
        "`pending`",
    ),
)


def render() -> str:
    """The whole document."""
    parts = [_INTRO.format(version=CATALOGUE_VERSION)]
    for module in Module:
        codes = ", ".join(f"`{t.code}`" for t in TABLES if t.module == module)
        parts.append(f"| {label_in(module_title(module), LANGUAGE)} (`{module}`) | {codes} |\n")
    parts.append("\n## Populations\n\n| code | population | definition |\n|---|---|---|\n")
    for population in POPULATIONS:
        title = label_in(population.title, LANGUAGE)
        definition = label_in(population.definition, LANGUAGE)
        parts.append(f"| `{population.code}` | {title} | {definition} |\n")
    parts.append("\n## Tables\n")
    for spec in TABLES:
        parts.append(_table(spec.code))
    parts.append("\n## Shared cells\n\n| cell | same persons as | why |\n|---|---|---|\n")
    for link in links(t.code for t in TABLES):
        first = f"`{link.first[0]}[{', '.join(link.first[1])}]`"
        second = f"`{link.second[0]}[{', '.join(link.second[1])}]`"
        parts.append(f"| {first} | {second} | {link.reason} |\n")
    parts.append("\n## Dimensions\n")
    for dim in DIMENSIONS:
        parts.append(_dimension(dim.name))
    parts.append("\n" + _INDICATORS_HEAD)
    parts.extend(f"| {' | '.join(row)} |\n" for row in INDICATORS)
    return "".join(parts)


def _table(code: str) -> str:

    spec = table(code)
    dims = " × ".join(
        f"`{name}`" + ("" if dimension(name).additive else " (multi-response)")
        for name in spec.dimensions
    )
    lines = [
        f"\n### `{spec.code}`: {label_in(spec.title, LANGUAGE)}\n\n",
        f"{label_in(spec.description, LANGUAGE)}\n\n",
        f"- module: `{spec.module}`; population: `{spec.population}`\n",
        f"- dimensions: {dims}\n",
    ]
    if spec.indicators:
        lines.append(f"- rights indicators: {', '.join(spec.indicators)}\n")
    if spec.notes:
        lines.append(f"- {label_in(spec.notes, LANGUAGE)}\n")
    return "".join(lines)


def _dimension(name: str) -> str:
    dim = dimension(name)
    kind = "additive" if dim.additive else "multi-response"
    lines = [f"\n### `{dim.name}`: {label_in(dim.title, LANGUAGE)} ({kind})\n\n"]
    lines.append(f"{dim.derivation}\n\n")
    if dim.categories is None:
        lines.append("Categories: the ISO 3166-1 alpha-3 codes present in the data, by code.\n")
        return "".join(lines)
    lines.append("| code | label |" + (" within |" if dim.parent else "") + "\n")
    lines.append("|---|---|" + ("---|" if dim.parent else "") + "\n")
    for category in dim.categories:
        row = f"| `{category.code}` | {category.label_in(LANGUAGE)} |"
        if dim.parent:
            row += f" `{category.parent}` |"
        lines.append(row + "\n")
    return "".join(lines)
