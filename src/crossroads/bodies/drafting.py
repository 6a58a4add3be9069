"""The drafted NGO submission of a country to a monitoring body.

A draft gathers what the network already holds about the country, in the
layout of the body's questionnaire (GRETA's: the Convention's articles; other
bodies: the rights the network monitors):

- the country profile's legal checklist, each answer with its source and date;
- the protected indicators of the latest accepted year, with their 95%
  intervals and legal anchors, beside the network's; a figure that disclosure
  control withholds says why and shows no number;
- what members said in their accepted annual narratives: changes in law and
  practice, obstacles, good practices, projects and recommendations;
- the library's documents about the country that the network may read;
- the contributors: members whose narratives, figures, documents or recorded
  contributions the draft uses.

It reads only what has left the members (accepted submissions, released
tables, shared documents): never a member's working copy, a record, or an
original count. The draft is a starting point that NGO staff edit: it is
exported as DOCX (:mod:`crossroads.bodies.docx`) and PDF
(:mod:`crossroads.bodies.printing`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from crossroads.bodies.models import Round
from crossroads.bodies.register import BY_CODE, Body
from crossroads.codebook.questionnaire import entries, load_questionnaire
from crossroads.collation import sorted_by_text
from crossroads.exchange.models import Status, Submission
from crossroads.library.models import Audience, Document
from crossroads.monitoring import readmodel
from crossroads.monitoring.figurebook import FigureBook
from crossroads.monitoring.figures import Figure
from crossroads.monitoring.indicators import INDICATORS, RIGHT_TITLES, Right
from crossroads.monitoring.models import CountryProfile
from crossroads.monitoring.presenters import SnapshotRow, country_name, snapshot, snapshot_groups
from crossroads.reports.templatetags.reports import count, percent

NETWORK = "network"
# GRETA's questionnaires follow the Convention's articles; the chapters follow them too.
GRETA_ORDER = ("R2", "R1", "R3", "R4", "R5", "R6", "R7", "R10", "R9", "R8")
ARTICLES = {
    "R1": "Art. 12",
    "R2": "Art. 10",
    "R3": "Art. 13",
    "R4": "Art. 14",
    "R5": "Art. 15",
    "R6": "Art. 15",
    "R7": "Art. 26",
    "R9": "Art. 4",
}


class DraftError(ValueError):
    """No draft can be made for this round (a network-wide call has no country)."""


@dataclass(frozen=True)
class FigureRow:
    """One protected indicator as the draft prints it."""

    code: str
    title: str
    anchor: str
    shown: bool
    rate: str
    interval: str
    counts: str
    reason: str
    network: str


@dataclass(frozen=True)
class Statement:
    """A member's statement: its text, a line saying what it is, its sources, who said it."""

    text: str
    meta: str
    sources: str
    member: str
    year: int


@dataclass
class Chapter:
    """What the draft says about one right."""

    code: str
    title: str
    article: str
    figures: list[FigureRow] = field(default_factory=list)
    changes: list[Statement] = field(default_factory=list)
    obstacles: list[Statement] = field(default_factory=list)
    withheld: list[FigureRow] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.figures or self.changes or self.obstacles)

    @property
    def withheld_by_reason(self) -> list[tuple[str, list[str]]]:
        """Indicators without a figure, grouped by why: [(reason, [codes])]."""
        grouped: dict[str, list[str]] = defaultdict(list)
        for row in self.withheld:
            grouped[row.reason].append(row.code)
        return list(grouped.items())


@dataclass(frozen=True)
class Credit:
    """A contributing member and what of theirs the draft uses."""

    name: str
    uses: list[str]


@dataclass
class Draft:
    """Everything the submission shows, in the language it was drafted in."""

    round: Round
    body: Body
    country: str
    country_name: str
    language: str
    generated_at: datetime
    demo: bool
    year: int | None
    legal: list[tuple[str, list[SnapshotRow]]]
    chapters: list[Chapter]
    silent: list[Chapter]
    practices: list[Statement]
    projects: list[Statement]
    recommendations: list[Statement]
    documents: list[Document]
    credits: list[Credit]

    @property
    def title(self) -> str:
        return _("NGO submission to %(body)s: %(country)s") % {
            "body": self.body.short,
            "country": self.country_name,
        }

    @property
    def silent_titles(self) -> str:
        """The rights on which the draft has neither a figure nor a statement."""
        return ", ".join(chapter.title for chapter in self.silent)

    @property
    def filename(self) -> str:
        return f"{self.body.code}-{self.country.lower()}-{self.generated_at:%Y%m%d}"


def _latest_accepted(country: str, until: int) -> list[Submission]:
    """Each member's latest accepted submission for the country, up to year ``until``."""
    found: dict[int, Submission] = {}
    submissions = (
        Submission.objects.filter(
            organisation__country=country, status=Status.ACCEPTED, year__lte=until
        )
        .select_related("organisation")
        .order_by("organisation_id", "-year", "-version")
        .only("organisation", "year", "version", "narrative", "status")
    )
    for submission in submissions:
        found.setdefault(submission.organisation_id, submission)
    return sorted_by_text(found.values(), lambda s: s.organisation.name)


def _figure_row(figure: Figure, network: Figure, title: str, anchor: str) -> FigureRow:
    shown = figure.shown
    return FigureRow(
        code=figure.indicator,
        title=title,
        anchor=anchor,
        shown=shown,
        rate=percent(figure.rate) if shown else "",
        interval=f"{percent(figure.low)}–{percent(figure.high)}" if shown else "",
        counts=f"{count(figure.numerator)} / {count(figure.denominator)}" if shown else "",
        reason="" if shown else figure.reason_text(),
        network=percent(network.rate) if network.shown else "",
    )


def _figures(
    book: FigureBook | None, country: str, language: str
) -> tuple[int | None, dict[str, list[FigureRow]], list[str]]:
    """The latest year with the country's figures, its indicator rows by right, and the
    members whose tables they count."""
    if book is None:
        return None, {}, []
    years = [y for y in book.years if country in book.year_info(y).countries]
    if not years:
        return None, {}, []
    year = max(years)
    book.preload([(year, country), (year, NETWORK)])
    rows: dict[str, list[FigureRow]] = defaultdict(list)
    for spec in INDICATORS:
        figure = book.figure(spec.code, country, year)
        network = book.figure(spec.code, NETWORK, year)
        rows[str(spec.right)].append(
            _figure_row(figure, network, spec.title.get(language), spec.anchor)
        )
    members = [c.name for c in book.year_info(year).contributors if c.country == country]
    return year, rows, members


def _label(item_code: str, section: str, value: Any, language: str) -> str:
    item = load_questionnaire().section(section).item(item_code)
    if isinstance(value, list):
        return ", ".join(item.choice_label(str(v), language) for v in value)
    return item.choice_label(str(value), language) if value not in (None, "") else ""


def _joined(*parts: str) -> str:
    return " · ".join(part for part in parts if part)


def _narratives(
    submissions: list[Submission], language: str
) -> tuple[
    dict[str, list[Statement]],
    dict[str, list[Statement]],
    list[Statement],
    list[Statement],
    list[Statement],
    set[str],
]:
    changes: dict[str, list[Statement]] = defaultdict(list)
    obstacles: dict[str, list[Statement]] = defaultdict(list)
    practices: list[Statement] = []
    projects: list[Statement] = []
    recommendations: list[Statement] = []
    used: set[str] = set()
    for submission in submissions:
        answers = submission.narrative or {}
        member, year = submission.organisation.name, submission.year
        for entry in entries(answers, "situation"):
            meta = " · ".join(
                x
                for x in (
                    _label("kind", "situation", entry.get("kind"), language),
                    _label("direction", "situation", entry.get("direction"), language),
                )
                if x
            )
            text = str(entry.get("description") or "")
            changes[str(entry.get("right") or "")].append(
                Statement(text, meta, str(entry.get("sources") or ""), member, year)
            )
            used.add(member)
        for entry in entries(answers, "obstacles"):
            rights = [str(r) for r in entry.get("rights") or []] or [""]
            meta = _label("kind", "obstacles", entry.get("kind"), language)
            statement = Statement(str(entry.get("description") or ""), meta, "", member, year)
            for right in rights[:1]:  # printed once, under its first right
                obstacles[right].append(statement)
            used.add(member)
        for entry in entries(answers, "practices"):
            text = str(entry.get("what") or "")
            if entry.get("evidence"):
                text += "\n" + _("Evidence: %(text)s") % {"text": entry["evidence"]}
            detail = _joined(
                str(entry.get("who") or ""),
                _label("rights", "practices", entry.get("rights"), language),
            )
            practices.append(Statement(text, str(entry.get("title") or ""), detail, member, year))
            used.add(member)
        for entry in entries(answers, "projects"):
            period = "–".join(str(entry[k]) for k in ("start", "end") if entry.get(k))
            detail = _joined(
                period,
                _label("funding", "projects", entry.get("funding"), language),
                str(entry.get("partners") or ""),
            )
            text = str(entry.get("outputs") or entry.get("topic") or "")
            projects.append(Statement(text, str(entry.get("title") or ""), detail, member, year))
            used.add(member)
        for entry in entries(answers, "recommendations"):
            meta = " · ".join(
                x
                for x in (
                    _label("addressee", "recommendations", entry.get("addressee"), language),
                    _label("right", "recommendations", entry.get("right"), language),
                )
                if x
            )
            recommendations.append(Statement(str(entry.get("text") or ""), meta, "", member, year))
            used.add(member)
    return changes, obstacles, practices, projects, recommendations, used


def draft(item: Round, language: str, *, book: FigureBook | None = None) -> Draft:
    """The draft submission of ``item``'s country to its body, in ``language``.

    ``book``: the figures to use (default: the stored figures of the accepted data).
    """
    if not item.country:
        raise DraftError(_("A call to the whole network has no country to draft for."))
    body = BY_CODE[item.body]
    with translation.override(language):
        if book is None:
            book = readmodel.stored(readmodel.ACCEPTED)
        year, figure_rows, figure_members = _figures(book, item.country, language)
        submissions = _latest_accepted(item.country, item.deadline.year)
        changes, obstacles, practices, projects, recommendations, narrators = _narratives(
            submissions, language
        )
        order = GRETA_ORDER if body.structure == "greta" else tuple(str(r) for r in Right)
        chapters: list[Chapter] = []
        silent: list[Chapter] = []
        for code in order:
            rows = figure_rows.get(code, [])
            chapter = Chapter(
                code,
                RIGHT_TITLES[Right(code)].get(language),
                ARTICLES.get(code, "") if body.structure == "greta" else "",
                [row for row in rows if row.shown],
                changes.get(code, []),
                obstacles.get(code, []),
                [row for row in rows if not row.shown],
            )
            (silent if chapter.empty else chapters).append(chapter)
        # Statements not coded with a right are kept, in a chapter of their own.
        general = Chapter(
            "", _("Other developments"), "", [], changes.get("", []), obstacles.get("", [])
        )
        if not general.empty:
            chapters.append(general)
        profile = CountryProfile.objects.filter(country=item.country).first()
        legal = snapshot_groups(snapshot(profile), language) if profile else []
        legal = [(group, [r for r in rows if r.value]) for group, rows in legal]
        legal = [(group, rows) for group, rows in legal if rows]
        documents = list(
            Document.objects.filter(
                Q(country=item.country) | Q(organisation__country=item.country, country=""),
                audience__in=[Audience.NETWORK, Audience.PUBLIC],
            )
            .select_related("organisation")
            .defer("content")
            .order_by("-year", "title")[:30]
        )
        credits = _credits(item, figure_members, narrators, documents)
        return Draft(
            round=item,
            body=body,
            country=item.country,
            country_name=country_name(item.country, language),
            language=language,
            generated_at=timezone.now(),
            demo=item.demo or bool(profile and profile.demo_content),
            year=year,
            legal=legal,
            chapters=chapters,
            silent=silent,
            practices=practices,
            projects=projects,
            recommendations=recommendations,
            documents=documents,
            credits=credits,
        )


def _credits(
    item: Round, figure_members: list[str], narrators: set[str], documents: list[Document]
) -> list[Credit]:
    uses: dict[str, list[str]] = defaultdict(list)
    for name in sorted(narrators):
        uses[name].append(_("annual narrative"))
    for name in figure_members:
        uses[name].append(_("tables of the annual exchange"))
    for document in documents:
        if _("documents in the library") not in uses[document.organisation.name]:
            uses[document.organisation.name].append(_("documents in the library"))
    for contribution in item.contributions.select_related("organisation"):
        label = contribution.get_kind_display().lower()
        if label not in uses[contribution.organisation.name]:
            uses[contribution.organisation.name].append(label)
    return [Credit(name, what) for name, what in sorted(uses.items())]
