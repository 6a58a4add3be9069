"""Export of the network's published aggregates in the CTDC/HTCDS vocabulary.

The Counter Trafficking Data Collaborative (CTDC) publishes victim data by
year of registration, country (ISO 3166-1 alpha-2), sex, age and type of
exploitation, with field names from IOM's Human Trafficking Case Data
Standard (HTCDS). The network contributes aggregates, never records: each
row is one released cell of a published table with its count, and a
suppressed cell is exported with an empty count and the flag ``c``
(confidential), never filled in. ``method`` says what produced each count
(``suppression``, or ``differential_privacy`` for a year published with
noisy counts, flagged ``n``), and ``margin95`` is the half-width of the 95%
interval of a noisy count's error (empty for an exact one).
``docs/monitoring.md`` lists what maps to what and what cannot be mapped.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping

from crossroads.cells import safe_row
from crossroads.codebook.loader import load_standard
from crossroads.exchange.released import NETWORK, TOTAL, Release

COLUMNS = (
    "yearOfRegistration",
    "CountryOfExploitation",
    "dimension",
    "htcdsField",
    "category",
    "ctdcCode",
    "htcdsCode",
    "eurostatCode",
    "victimCount",
    "flag",
    "method",
    "margin95",
)
SUPPRESSION = "suppression"
DIFFERENTIAL_PRIVACY = "differential_privacy"
# (table, dimension) exported as one-way margins, with the HTCDS/CTDC field name and
# the standard's vocabulary whose mappings give the codes ("" when none applies).
EXPORTED: tuple[tuple[str, str, str, str], ...] = (
    ("persons_sex_age", "sex", "gender", "gender"),
    ("persons_sex_age", "age_group", "majorityStatus", ""),
    ("persons_sex_age", "age_band", "ageBroad", "age_band"),
    ("persons_countries", "citizenship_country", "citizenship", "country"),
    ("persons_forms", "exploitation_form", "typeOfExploitConcatenated", "exploitation_form"),
    ("persons_form_groups", "exploitation_group", "eurostatGroup", ""),
)
MAJORITY = {"child": "Minor", "adult": "Adult"}
EUROSTAT = {"sexual": "SEX_EXP", "labour": "LAB_EXP", "other": "OTH"}


def _codes(vocabulary: str, dimension: str, category: str) -> tuple[str, str, str]:
    """(ctdc, htcds, eurostat) codes of one category."""
    if dimension == "age_group":
        return MAJORITY.get(category, ""), MAJORITY.get(category, ""), category
    if dimension == "exploitation_group":
        return "", "", EUROSTAT.get(category, "")
    if not vocabulary:
        return "", "", ""
    value = load_standard().vocabularies[vocabulary].get(category)
    if value is None:
        return "", "", ""
    return (
        value.mappings.get("ctdc", ""),
        value.mappings.get("htcds", ""),
        value.mappings.get("eurostat", ""),
    )


def _alpha2(scope: str) -> str:
    if scope == NETWORK:
        return "ALL"
    value = load_standard().vocabularies["country"].get(scope)
    return value.mappings.get("ctdc", scope) if value else scope


def rows(releases: Mapping[int, Release]) -> list[tuple[str, ...]]:
    """One row per released one-way margin of the exported tables, by year and country.

    The country is where members assisted the persons (CTDC's country of
    exploitation is approximated by it; see the documentation). ``ALL`` is
    the network as a whole.
    """
    out: list[tuple[str, ...]] = []
    for year, release in sorted(releases.items()):
        for scope in [*release.countries, NETWORK]:
            tables = release.tables(scope)
            for table_code, dimension, field, vocabulary in EXPORTED:
                table = tables.get(table_code)
                if table is None or dimension not in table.dimension_names:
                    continue
                position = table.dimension_names.index(dimension)
                method = DIFFERENTIAL_PRIVACY if table.private else SUPPRESSION
                for cell in sorted(table.cells(), key=lambda c: c.categories):
                    key, value = cell.categories, cell.value
                    others = [c for i, c in enumerate(key) if i != position]
                    if any(c != TOTAL for c in others) or key[position] == TOTAL:
                        continue
                    ctdc, htcds, eurostat = _codes(vocabulary, dimension, key[position])
                    flag = "c" if value is None else ("n" if cell.margin is not None else "")
                    out.append(
                        (
                            str(year), _alpha2(scope), dimension, field, key[position],
                            ctdc, htcds, eurostat,
                            "" if value is None else str(value), flag, method,
                            "" if cell.margin is None else str(cell.margin),
                        )
                    )  # fmt: skip
    return out


def export_csv(releases: Mapping[int, Release]) -> str:
    """The CTDC/HTCDS export as CSV text."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(safe_row(row) for row in rows(releases))
    return buffer.getvalue()
