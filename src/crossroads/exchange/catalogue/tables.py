"""The standard exchange tables, their populations and the cells they share.

The cohort of a submission for year Y is every person the organisation
registered in Y (``year_of_registration``), whose consent allows counting
(flag ``counts_in_statistics``) and who was not assessed as not
trafficked. Outcomes are those known when the submission is built.

Tables of one population count the same persons: they share their grand
total and the margins of the dimensions they have in common, and
disclosure control protects them together. A relation between tables that
the shared names cannot express is declared as a :class:`CellLink`.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from crossroads.exchange.catalogue._types import Module, PopulationSpec, TableSpec

POPULATIONS: tuple[PopulationSpec, ...] = (
    PopulationSpec(
        "registered",
        _("Persons registered in the year"),
        _(
            "The cohort: persons registered in the year (year of registration), whose consent "
            "allows counting, not assessed as not trafficked. Presumed and identified victims "
            "together, as Eurostat's registered victims."
        ),
    ),
    PopulationSpec(
        "labour_exploited",
        _("Persons in labour exploitation"),
        _(
            "Persons of the cohort with a form of labour exploitation as the standard's "
            "condition `labour_exploitation` defines it (forced labour, domestic servitude, "
            "child labour, forced begging, forced criminal activities): those for whom the "
            "economic sector is asked."
        ),
    ),
    PopulationSpec(
        "children",
        _("Children"),
        _("Persons of the cohort under 18 at identification (age group `child`)."),
    ),
    PopulationSpec(
        "internationally_referred",
        _("Persons referred across borders"),
        _("Persons of the cohort referred in from another country or out to another country."),
    ),
    PopulationSpec(
        "excluded",
        _("Records left out"),
        _("Records of the year that are not counted, by the reason they were left out."),
    ),
)

TABLES: tuple[TableSpec, ...] = (
    TableSpec(
        "persons_sex_age",
        _("Persons by sex and age"),
        _("Registered persons by sex, child or adult, and CTDC age band."),
        Module.PROFILE,
        "registered",
        ("sex", "age_group", "age_band"),
        indicators=("R10.1",),
        notes=_(
            "Each age band sits under its age group; the other combinations are "
            "structurally empty and shown as such."
        ),
    ),
    TableSpec(
        "persons_citizenship",
        _("Persons by sex and citizenship"),
        _("Registered persons by sex and Eurostat citizenship group."),
        Module.PROFILE,
        "registered",
        ("sex", "citizenship_group"),
        indicators=("R3.1", "R4.1"),
    ),
    TableSpec(
        "persons_countries",
        _("Persons by country of citizenship"),
        _("Registered persons by citizenship group and main country of citizenship."),
        Module.PROFILE,
        "registered",
        ("citizenship_group", "citizenship_country"),
        notes=_(
            "One country per person (the main citizenship), listed under its group; the "
            "countries are those present in the data, in code order."
        ),
    ),
    TableSpec(
        "persons_forms",
        _("Persons by form of exploitation"),
        _("Registered persons by sex and form of exploitation (multi-response)."),
        Module.PROFILE,
        "registered",
        ("sex", "exploitation_form"),
        indicators=("R9.1",),
        notes=_(
            "Multi-response: a person with several forms counts once under each; the "
            "total is the number of persons."
        ),
    ),
    TableSpec(
        "persons_form_groups",
        _("Persons by form of exploitation (Eurostat groups)"),
        _("Registered persons by sex and Eurostat group of forms (multi-response)."),
        Module.PROFILE,
        "registered",
        ("sex", "exploitation_group"),
        indicators=("R9.1",),
        notes=_(
            "Multi-response. The sexual group counts the same persons as the form "
            "`sexual` (declared as a shared cell)."
        ),
    ),
    TableSpec(
        "persons_status",
        _("Persons by trafficking status and who decided it"),
        _("Registered persons by trafficking status and the body that decided it."),
        Module.PROFILE,
        "registered",
        ("trafficking_status", "status_decided_by"),
        indicators=("R2.1",),
    ),
    TableSpec(
        "persons_referrers",
        _("Persons by referring organisation"),
        _("Registered persons by the type of organisation that referred them."),
        Module.PROFILE,
        "registered",
        ("referred_by",),
    ),
    TableSpec(
        "persons_assistance",
        _("Assistance received"),
        _("Registered persons by type of assistance received (multi-response)."),
        Module.PROFILE,
        "registered",
        ("assistance_received",),
        indicators=("R1.4",),
    ),
    TableSpec(
        "persons_unmet_needs",
        _("Assistance needed but not received"),
        _("Registered persons by type of assistance needed and not received (multi-response)."),
        Module.PROFILE,
        "registered",
        ("assistance_unmet",),
        indicators=("R1.4",),
    ),
    TableSpec(
        "labour_sectors",
        _("Persons in labour exploitation by sector"),
        _("Persons in labour exploitation by sex and economic sector (multi-response)."),
        Module.PROFILE,
        "labour_exploited",
        ("sex", "labour_sector"),
        indicators=("R9.1",),
    ),
    TableSpec(
        "excluded_records",
        _("Records left out"),
        _("Records of the year not counted in any table, by reason."),
        Module.PROFILE,
        "excluded",
        ("exclusion_reason",),
    ),
    TableSpec(
        "referral_pairs",
        _("International referrals by country pair"),
        _("Persons referred across borders, by country referred from and country referred to."),
        Module.REFERRALS,
        "internationally_referred",
        ("referral_from", "referral_to"),
        notes=_("Both dimensions are multi-response: a person counts once per pair."),
    ),
    TableSpec(
        "rights_identification",
        _("Formal identification by citizenship"),
        _("Registered persons by formal identification outcome and citizenship group."),
        Module.RIGHTS,
        "registered",
        ("identification", "citizenship_group"),
        indicators=("R2.1", "R2.2", "R4.1"),
        notes=_(
            "Pending decisions are their own category; never referred is kept so that "
            "the denominator is the whole cohort."
        ),
    ),
    TableSpec(
        "rights_identification_forms",
        _("Formal identification by form of exploitation"),
        _("Registered persons by Eurostat group of forms and formal identification outcome."),
        Module.RIGHTS,
        "registered",
        ("exploitation_group", "identification"),
        indicators=("R2.5", "R9.2"),
    ),
    TableSpec(
        "rights_cooperation",
        _("Assistance and cooperation with the authorities"),
        _(
            "Registered persons by whether assistance was conditional on cooperation and "
            "their cooperation status."
        ),
        Module.RIGHTS,
        "registered",
        ("assistance_conditional", "cooperation"),
        indicators=("R1.1",),
    ),
    TableSpec(
        "rights_reflection",
        _("Reflection period"),
        _(
            "Registered persons by citizenship group, whether they were informed of the "
            "reflection period, and its decision."
        ),
        Module.RIGHTS,
        "registered",
        ("citizenship_group", "rrp_informed", "rrp_decision"),
        indicators=("R3.1", "R3.2"),
        notes=_(
            "Non-nationals without a reflection-period entry are counted (no entry), so "
            "the denominator is every non-national of the cohort."
        ),
    ),
    TableSpec(
        "rights_permits",
        _("Residence permits"),
        _("Registered persons by citizenship group, residence permit ground and decision."),
        Module.RIGHTS,
        "registered",
        ("citizenship_group", "permit_ground", "permit_outcome"),
        indicators=("R4.1", "R4.2"),
        notes=_(
            "One application per person: the granted one if any, else a pending one, "
            "else the latest."
        ),
    ),
    TableSpec(
        "rights_reporting",
        _("Reporting to the authorities and its immigration consequences"),
        _("Registered persons by migration status at intake and reporting outcome."),
        Module.RIGHTS,
        "registered",
        ("migration_status", "reporting"),
        indicators=("R8.1", "R8.2"),
    ),
    TableSpec(
        "rights_proceedings",
        _("Proceedings against the person"),
        _("Registered persons by kind and outcome of proceedings brought against them."),
        Module.RIGHTS,
        "registered",
        ("proceedings_kind", "proceedings_outcome"),
        indicators=("R7.1", "R7.3"),
        notes=_(
            "One proceeding per person: a punished one if any, else a pending one, else "
            "the latest. Against the whole cohort (no proceedings is a category)."
        ),
    ),
    TableSpec(
        "rights_non_punishment",
        _("Non-punishment invoked"),
        _("Registered persons by outcome of proceedings and whether non-punishment was invoked."),
        Module.RIGHTS,
        "registered",
        ("proceedings_outcome", "non_punishment_invoked"),
        indicators=("R7.2", "R7.3"),
    ),
    TableSpec(
        "rights_compensation",
        _("Compensation"),
        _("Registered persons by compensation route and how far the claim went."),
        Module.RIGHTS,
        "registered",
        ("compensation_route", "compensation_stage"),
        indicators=("R6.1", "R6.2", "R6.3"),
        notes=_(
            "One claim per person, the furthest along. Claimed = all but no claim; "
            "decided = claimed minus pending; awarded = the awarded stages; paid = partly or "
            "fully paid."
        ),
    ),
    TableSpec(
        "rights_children",
        _("Children: unaccompanied and guardianship"),
        _("Children by whether they were unaccompanied and whether a guardian was appointed."),
        Module.RIGHTS,
        "children",
        ("unaccompanied", "guardian"),
        indicators=("R10.1",),
        notes=_(
            "The total counts the same persons as the children of `persons_sex_age` "
            "(declared as a shared cell)."
        ),
    ),
    TableSpec(
        "persons_needs_met",
        _("Assistance needed and received"),
        _("Registered persons by type of assistance needed and received (multi-response)."),
        Module.PROFILE,
        "registered",
        ("assistance_met",),
        indicators=("R1.4", "R5.2", "R5.3"),
        notes=_(
            "With `persons_unmet_needs`, the persons who needed each type: needed = met + unmet."
        ),
    ),
    TableSpec(
        "rights_identification_time",
        _("Time to formal identification"),
        _("Registered persons by the time from referral to the identification decision."),
        Module.RIGHTS,
        "registered",
        ("identification", "identification_delay"),
        indicators=("R2.3",),
    ),
    TableSpec(
        "rights_reflection_length",
        _("Length of the reflection period"),
        _("Registered persons by the length of the reflection period granted."),
        Module.RIGHTS,
        "registered",
        ("rrp_decision", "rrp_length"),
        indicators=("R3.3",),
    ),
    TableSpec(
        "rights_permits_forms",
        _("Residence permits by form of exploitation"),
        _(
            "Registered persons by citizenship group, Eurostat group of forms and residence "
            "permit decision."
        ),
        Module.RIGHTS,
        "registered",
        ("citizenship_group", "exploitation_group", "permit_outcome"),
        indicators=("R9.2",),
        notes=_(
            "The counted application as in `rights_permits`, with which it shares the "
            "citizenship by decision margin."
        ),
    ),
    TableSpec(
        "rights_prosecution",
        _("Criminal proceedings against the traffickers"),
        _("Registered persons by how far criminal proceedings against their traffickers went."),
        Module.RIGHTS,
        "registered",
        ("prosecution",),
        indicators=("R5.4",),
    ),
    TableSpec(
        "rights_compensation_time",
        _("Time to compensation"),
        _("Registered persons by the time from their claim to the first payment."),
        Module.RIGHTS,
        "registered",
        ("compensation_stage", "compensation_delay"),
        indicators=("R6.5",),
    ),
    TableSpec(
        "rights_age",
        _("Disputed age and its assessment"),
        _("Registered persons by whether their age was disputed and the assessment's outcome."),
        Module.RIGHTS,
        "registered",
        ("age_disputed", "age_assessment"),
        indicators=("R10.2",),
    ),
)
