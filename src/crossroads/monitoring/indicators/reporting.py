"""The indicator computed from the safe reporting points' reports (exchange catalogue 1.3).

It counts reports, not persons: the reports members' safe reporting points received whose
reporter agreed to be counted. Reports are anonymous, so nothing ties them to the persons
of the cohort, and the figure stands beside the cohort's R8 indicators, not inside them.
"""

from __future__ import annotations

from django.utils.translation import gettext_noop as _

from crossroads.exchange.released import TOTAL as T
from crossroads.monitoring.formulas import cells, count
from crossroads.monitoring.indicators.base import Indicator, Right
from crossroads.monitoring.texts import t

_CHOICES = "safe_reports_choices"
REPORTS = t(
    _(
        "Reports received in the year through the members' safe reporting points whose reporter agreed to be counted in anonymous statistics (reports, not persons)."
    )
)

REPORTING: tuple[Indicator, ...] = (
    Indicator(
        "R8.5", Right.SAFE_REPORTING,
        t(_("Reports made only without the authorities")),
        t(_("Share of reports to the members' safe reporting points whose reporter asked that neither the police nor the labour inspection be told: how many come forward only where a firewall holds.")),
        t(_("Reports not to be shared with the authorities")),
        t(_("Counted reports to the safe reporting points")),
        "ECRI General Policy Recommendation No. 16", REPORTS,
        numerator=count(cells(_CHOICES, ("no", T))),
        denominator=count(cells(_CHOICES, (T, T))),
        higher_is_better=None,
    ),
)  # fmt: skip
