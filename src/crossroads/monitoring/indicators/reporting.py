"""The indicator computed from the safe reporting points' reports (exchange catalogue 1.3).

It counts reports, not persons: the reports members' safe reporting points received whose
reporter agreed to be counted. Reports are anonymous, so nothing ties them to the persons
of the cohort, and the figure stands beside the cohort's R8 indicators, not inside them.
"""

from __future__ import annotations

from crossroads.exchange.released import TOTAL as T
from crossroads.monitoring.formulas import cells, count
from crossroads.monitoring.indicators.base import Indicator, Right, t

_CHOICES = "safe_reports_choices"
REPORTS = t(
    "Reports received in the year through the members' safe reporting points whose reporter agreed to be counted in anonymous statistics (reports, not persons).",
    "Signalements reçus dans l'année par les points de signalement sécurisés des membres dont l'auteur a accepté d'être compté dans des statistiques anonymes (des signalements, non des personnes).",
    "Обращения, полученные за год через пункты безопасного обращения членов сети, авторы которых согласились на учёт в анонимной статистике (обращения, а не лица).",
)

REPORTING: tuple[Indicator, ...] = (
    Indicator(
        "R8.5", Right.SAFE_REPORTING,
        t("Reports made only without the authorities", "Signalements faits sans les autorités", "Обращения без уведомления властей"),
        t("Share of reports to the members' safe reporting points whose reporter asked that neither the police nor the labour inspection be told: how many come forward only where a firewall holds.",
          "Part des signalements aux points de signalement sécurisés des membres dont l'auteur a demandé que ni la police ni l'inspection du travail ne soient informées : combien ne se manifestent que là où un pare-feu est garanti.",
          "Доля обращений в пункты безопасного обращения членов сети, авторы которых просили не сообщать ни в полицию, ни в трудовую инспекцию: сколько людей обращаются только там, где их данные защищены от передачи властям."),
        t("Reports not to be shared with the authorities", "Signalements à ne pas transmettre aux autorités", "Обращения, которые нельзя передавать властям"),
        t("Counted reports to the safe reporting points", "Signalements comptés des points de signalement sécurisés", "Учтённые обращения в пункты безопасного обращения"),
        "ECRI General Policy Recommendation No. 16", REPORTS,
        numerator=count(cells(_CHOICES, ("no", T))),
        denominator=count(cells(_CHOICES, (T, T))),
        higher_is_better=None,
    ),
)  # fmt: skip
