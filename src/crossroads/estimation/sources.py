"""The lists an analyst can link for a country and year, and their tokens.

Two kinds of list:

* a **member** of the network in that country, whose agreement lets it
  contribute linkage tokens (:mod:`~crossroads.estimation.agreements`): its
  records of that year whose consent allows linkage and that carry tokens;
* an **uploaded** token file of an outside list holder (police, labour
  inspectorate, another NGO) for that country and year.

The tokens themselves never leave this module except into the linker.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from crossroads.accounts.models import Organisation
from crossroads.cases.models import Case
from crossroads.codebook.semantics import consent_codes
from crossroads.estimation.models import TokenUpload
from crossroads.exchange.services.agreements import current_agreement
from crossroads.stats.linkage import TokenList

Kind = Literal["member", "upload"]


@dataclass(frozen=True)
class Source:
    """One list that can go into an overlap table."""

    kind: Kind
    id: int
    label: str
    name: str
    people: int
    allowed: bool = True

    @property
    def key(self) -> str:
        """The value that identifies the source in forms (``member:12``)."""
        return f"{self.kind}:{self.id}"

    def snapshot(self) -> dict[str, Any]:
        """What an estimate stores about the list (no token)."""
        return {
            "kind": self.kind,
            "id": self.id,
            "label": self.label,
            "name": self.name,
            "people": self.people,
        }


def _member_tokens(organisation: Organisation, year: int) -> list[list[str]]:
    """The tokens of the member's records of ``year`` that may take part in linkage.

    Only records whose consent allows linkage, and that carry at least one
    token (a record entered with a name but no date of birth has none).
    """
    rows = (
        Case.objects.filter(
            organisation=organisation,
            year=year,
            consent__in=consent_codes("contributes_to_linkage"),
        )
        .exclude(linkage_tokens=[])
        .values_list("linkage_tokens", flat=True)
    )
    return [tokens for tokens in rows if any(tokens)]


def available_sources(country: str, year: int) -> list[Source]:
    """Every list for ``country`` and ``year``: members first, then uploads.

    Members whose agreement does not include linkage tokens are listed with
    ``allowed=False`` (and no count), so the analyst sees why they are missing.
    """
    sources: list[Source] = []
    members = Organisation.objects.filter(
        country=country,
        kind__in=[Organisation.Kind.MEMBER, Organisation.Kind.ASSOCIATE],
    ).order_by("name")
    for organisation in members:
        agreement = current_agreement(organisation)
        if agreement is None or not agreement.contributes_tokens:
            sources.append(
                Source("member", organisation.pk, organisation.code, organisation.name, 0, False)
            )
            continue
        count = len(_member_tokens(organisation, year))
        sources.append(
            Source("member", organisation.pk, organisation.code, organisation.name, count)
        )
    uploads = TokenUpload.objects.filter(country=country, year=year).defer("keys")
    sources.extend(
        Source("upload", upload.pk, upload.label, upload.holder, upload.people)
        for upload in uploads
    )
    return sources


def choices(country: str, year: int, keys: Sequence[str]) -> list[Source]:
    """The sources named by ``keys``, in the order given; unknown or disallowed keys are dropped."""
    by_key = {source.key: source for source in available_sources(country, year) if source.allowed}
    return [by_key[key] for key in dict.fromkeys(keys) if key in by_key]


def token_lists(sources: Sequence[Source], year: int) -> list[TokenList]:
    """The tokens of each source, ready for the linker (members' tokens read here only)."""
    lists: list[TokenList] = []
    for source in sources:
        if source.kind == "member":
            organisation = Organisation.objects.get(pk=source.id)
            lists.append(TokenList.from_tokens(source.label, _member_tokens(organisation, year)))
        else:
            upload = TokenUpload.objects.get(pk=source.id)
            lists.append(upload.token_list(source.label))
    return lists


def usable(sources: Sequence[Source]) -> list[Source]:
    """The lists that can go into an estimate: allowed, with at least one person."""
    return [source for source in sources if source.allowed and source.people]


def estimable_scopes() -> list[tuple[str, int]]:
    """Country-year pairs that have at least two lists with people, latest year first.

    Counted from one query over records and one over uploads, so the page opens
    fast; a member whose every record of the year carries only empty tokens
    (entered before tokens needed a year of birth) may still count here, and
    its page then says it has too few lists.
    """
    contributing = {
        organisation.pk: organisation.country
        for organisation in Organisation.objects.filter(
            kind__in=[Organisation.Kind.MEMBER, Organisation.Kind.ASSOCIATE]
        )
        if (agreement := current_agreement(organisation)) is not None
        and agreement.contributes_tokens
    }
    lists: Counter[tuple[str, int]] = Counter()
    with_tokens = (
        Case.objects.filter(
            organisation_id__in=list(contributing),
            consent__in=consent_codes("contributes_to_linkage"),
        )
        .exclude(linkage_tokens=[])
        .values_list("organisation_id", "year")
        .distinct()
    )
    for organisation_id, year in with_tokens:
        lists[(contributing[organisation_id], year)] += 1
    for country, year in TokenUpload.objects.filter(people__gt=0).values_list("country", "year"):
        lists[(country, year)] += 1
    return sorted((scope for scope, n in lists.items() if n >= 2), key=lambda s: (-s[1], s[0]))


def countries_and_years() -> tuple[list[str], list[int]]:
    """Countries that have members or uploads, and the years of records or uploads."""
    countries = set(
        Organisation.objects.filter(
            kind__in=[Organisation.Kind.MEMBER, Organisation.Kind.ASSOCIATE]
        ).values_list("country", flat=True)
    )
    countries |= set(TokenUpload.objects.values_list("country", flat=True))
    years = set(Case.objects.values_list("year", flat=True).distinct())
    years |= set(TokenUpload.objects.values_list("year", flat=True))
    return sorted(countries), sorted(years, reverse=True)
