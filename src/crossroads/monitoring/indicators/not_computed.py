"""Indicators of the catalogue that the network does not compute, each with the reason."""

from __future__ import annotations

from dataclasses import dataclass

from crossroads.codebook.definitions import Text
from crossroads.monitoring.indicators.base import Right, t


@dataclass(frozen=True)
class NotComputed:
    """An indicator of the catalogue that the network does not compute, and why.

    ``by_design`` is True when case records cannot give it at all (not
    persons, or not facts a caseworker records); False when the standard or
    the exchange tables do not hold the data yet."""

    code: str
    right: Right
    title: Text
    why: Text
    by_design: bool = False


NOT_COMPUTED: tuple[NotComputed, ...] = (
    NotComputed(
        "R8.4", Right.SAFE_REPORTING,
        t("Data-sharing incidents", "Incidents de transmission de données", "Случаи передачи данных"),
        t("Not computed from case data by design: an incident (health, labour-inspection, shelter or police data reaching the immigration authorities) is an event about institutions, not an outcome of a person, and one incident may concern many persons or none registered. It belongs in an incident log kept by the network, counted as incidents, not as a share of persons.",
          "Non calculé à partir des dossiers, par principe : un incident (des données de santé, de l'inspection du travail, d'un foyer ou de la police parvenues aux autorités de l'immigration) concerne des institutions, non le parcours d'une personne, et un incident peut toucher de nombreuses personnes ou aucune personne enregistrée. Il relève d'un registre d'incidents tenu par le réseau, compté en incidents et non en part de personnes.",
          "Не вычисляется по данным дел — намеренно: инцидент (данные медицинских служб, трудовой инспекции, приюта или полиции, попавшие в миграционные органы) касается учреждений, а не результата для конкретного человека, и один инцидент может затронуть многих людей или ни одного зарегистрированного. Такие случаи ведутся в журнале инцидентов сети и считаются в инцидентах, а не в доле лиц."),
        by_design=True,
    ),
)  # fmt: skip
"""Indicators of the catalogue not computed, with the reason shown on the pages and in the report."""
