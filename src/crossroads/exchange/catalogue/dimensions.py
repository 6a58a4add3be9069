"""The dimensions of the exchange tables: categories and how each person is classified.

Categories taken from a vocabulary of the standard keep the vocabulary's
codes, order and labels. A missing value is counted under the vocabulary's
``unknown`` where it has one, otherwise under ``not_recorded``, so every
person of a table's population has a category and no person is dropped
silently.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from crossroads.codebook.loader import CURRENT_VERSION, load_standard
from crossroads.exchange.catalogue._types import Category, DimensionSpec

NOT_RECORDED = "not_recorded"
UNKNOWN = "unknown"


def _vocabulary(code: str, *, extra: tuple[Category, ...] = ()) -> tuple[Category, ...]:
    vocabulary = load_standard(CURRENT_VERSION).vocabularies[code]
    return tuple(Category(v.code, v.label) for v in vocabulary.values) + extra


_not_recorded = Category(NOT_RECORDED, _("Not recorded"))


def _age_bands() -> tuple[Category, ...]:
    vocabulary = load_standard(CURRENT_VERSION).vocabularies["age_band"]
    return tuple(
        Category(
            v.code,
            v.label,
            parent="child" if v.flag("child") else ("adult" if "min_age" in v.flags else UNKNOWN),
        )
        for v in vocabulary.values
    )


def _eurostat_groups() -> tuple[Category, ...]:
    return (
        Category("sexual", _("Sexual exploitation")),
        Category("labour", _("Labour exploitation")),
        Category("other", _("Other forms")),
        Category(UNKNOWN, _("Unknown")),
    )


PROFILE_DIMENSIONS: tuple[DimensionSpec, ...] = (
    DimensionSpec(
        "sex",
        _("Sex"),
        additive=True,
        categories=_vocabulary("gender"),
        derivation="`gender`; missing counts as `unknown`. Eurostat groups "
        "`trans_nonbinary` and `unknown` as other/unknown.",
    ),
    DimensionSpec(
        "age_group",
        _("Child or adult"),
        additive=True,
        categories=(
            Category("child", _("Children (under 18)")),
            Category("adult", _("Adults")),
            Category(UNKNOWN, _("Age unknown")),
        ),
        derivation="From the CTDC age band: bands flagged `child` in the standard are "
        "children; `age_at_identification` fills a missing band.",
    ),
    DimensionSpec(
        "age_band",
        _("Age (CTDC band)"),
        additive=True,
        categories=_age_bands(),
        derivation="`age_band`, or the band of `age_at_identification` when the band "
        "is missing; otherwise `unknown`.",
        parent="age_group",
    ),
    DimensionSpec(
        "citizenship_group",
        _("Citizenship"),
        additive=True,
        categories=(
            Category("own_country", _("Nationals of the reporting country")),
            Category("other_eu", _("Other EU citizens")),
            Category("non_eu", _("Non-EU citizens")),
            Category("stateless_unknown", _("Stateless or unknown")),
        ),
        derivation="`citizenship`: own country if any citizenship is the organisation's "
        "country; else other EU if any is an EU member state in the year "
        "(`Standard.is_eu_member`); else non-EU if any is a country; else stateless or "
        "unknown (`XXA`, `XXX` or none).",
    ),
    DimensionSpec(
        "citizenship_country",
        _("Country of citizenship"),
        additive=True,
        categories=None,
        derivation="The person's main citizenship: the one that decided the citizenship "
        "group (own country, then an EU country, then any other, alphabetically within a "
        "rank); `XXA` stateless, `XXX` unknown. One country per person, so that the "
        "countries add up to their citizenship group.",
        parent="citizenship_group",
    ),
    DimensionSpec(
        "exploitation_form",
        _("Form of exploitation"),
        additive=False,
        categories=_vocabulary("exploitation_form"),
        derivation="`exploitation_forms` (multi-response: a person with several forms "
        "counts once in each); none recorded counts as `unknown`.",
    ),
    DimensionSpec(
        "exploitation_group",
        _("Form of exploitation (Eurostat)"),
        additive=False,
        categories=_eurostat_groups(),
        derivation="Each form's Eurostat mapping in the standard (`SEX_EXP` sexual, "
        "`LAB_EXP` labour, `OTH` other); forms without a mapping count as unknown. "
        "Multi-response.",
    ),
    DimensionSpec(
        "labour_sector",
        _("Economic sector"),
        additive=False,
        categories=_vocabulary("labour_sector"),
        derivation="`labour_sectors` (ISIC Rev.4 sections; multi-response); none "
        "recorded counts as `unknown`.",
    ),
    DimensionSpec(
        "trafficking_status",
        _("Trafficking status"),
        additive=True,
        categories=(
            Category("presumed", _("Presumed victims")),
            Category("identified", _("Identified victims")),
            _not_recorded,
        ),
        derivation="`trafficking_status` (persons assessed as not trafficked are left "
        "out of the cohort).",
    ),
    DimensionSpec(
        "status_decided_by",
        _("Status decided by"),
        additive=True,
        categories=_vocabulary("decision_body"),
        derivation="`status_decided_by`; missing counts as `unknown`.",
    ),
    DimensionSpec(
        "referred_by",
        _("Referred by"),
        additive=True,
        categories=_vocabulary("organisation_type"),
        derivation="`referred_by`; missing counts as `unknown`.",
    ),
    DimensionSpec(
        "referral_from",
        _("Referred from (country)"),
        additive=False,
        categories=None,
        derivation="Country pairs of international referrals: `referral_in_country` to "
        "the organisation's country (incoming), and the organisation's country to each of "
        "`referral_out_countries` (outgoing); a pair within one country is not international.",
    ),
    DimensionSpec(
        "referral_to",
        _("Referred to (country)"),
        additive=False,
        categories=None,
        derivation="See `referral_from`; a person counts once per pair.",
    ),
    DimensionSpec(
        "assistance_received",
        _("Assistance received"),
        additive=False,
        categories=_vocabulary("assistance_type"),
        derivation="`assistance_received` (multi-response).",
    ),
    DimensionSpec(
        "assistance_unmet",
        _("Assistance needed but not received"),
        additive=False,
        categories=_vocabulary("assistance_type"),
        derivation="Types in `assistance_needed` and not in `assistance_received` "
        "(multi-response).",
    ),
    DimensionSpec(
        "assistance_met",
        _("Assistance needed and received"),
        additive=False,
        categories=_vocabulary("assistance_type"),
        derivation="Types in both `assistance_needed` and `assistance_received` "
        "(multi-response); with `assistance_unmet`, the persons who needed each type.",
    ),
    DimensionSpec(
        "exclusion_reason",
        _("Reason left out"),
        additive=True,
        categories=(
            Category("consent_refused", _("Consent refused")),
            Category("consent_not_asked", _("Consent not yet asked")),
            Category("consent_not_recorded", _("Consent not recorded")),
            Category("not_a_victim", _("Assessed as not trafficked")),
        ),
        derivation="The first that applies: the consent value does not have the "
        "`counts_in_statistics` flag (refused, not asked, another value without the flag "
        "counting as refused, or none); the person was assessed as not trafficked.",
    ),
)
