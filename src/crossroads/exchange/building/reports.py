"""Classifying the reports of the safe reporting point (catalogue 1.3's tables).

The reporting point keeps counts, not reports (see
:mod:`crossroads.reporting.counts`): each count stands for that many reports with the
same answers, so it is repeated that many times before the tables are counted like the
persons of the cohort.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from crossroads.exchange.building.classify import Classified
from crossroads.exchange.catalogue import dimension
from crossroads.reporting.counts import CountedReports


def classify(counted: Sequence[CountedReports]) -> dict[str, Classified]:
    """Every counted report's place in the dimensions of the reporting tables."""
    weights = np.array([row.reports for row in counted], dtype=np.int64)

    def expand(values: list[int]) -> np.ndarray:
        return np.repeat(np.array(values, dtype=np.int64), weights)

    forms = dimension("report_form").codes
    months = dimension("report_month").codes
    sharing = dimension("report_sharing").codes
    case_record = dimension("report_case_record").codes
    masks = [
        sum(1 << forms.index(kind) for kind in set(row.kinds) if kind in forms)
        or 1 << forms.index("unknown")
        for row in counted
    ]
    return {
        "report_form": Classified(forms, expand(masks), multi=True),
        "report_month": Classified(
            months, expand([months.index(f"{row.month:02d}") for row in counted])
        ),
        "report_sharing": Classified(
            sharing,
            expand(
                [sharing.index(row.sharing if row.sharing in sharing else "no") for row in counted]
            ),
        ),
        "report_case_record": Classified(
            case_record,
            expand([case_record.index("yes" if row.case_record else "no") for row in counted]),
        ),
    }
