"""Tables added in catalogue 1.2, from standard 1.1's fields (see ``protection_dimensions``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from crossroads.exchange.catalogue._types import Module, TableSpec

_NOT_RECORDED_NOTE = _(
    "Records saved under standard 1.0 lack the field and count as not recorded; the "
    "submission states how many records each version holds."
)

PROTECTION_TABLES: tuple[TableSpec, ...] = (
    TableSpec(
        "rights_state_assistance",
        _("State-funded assistance and cooperation"),
        _("Registered persons by what became of their state-funded assistance."),
        Module.RIGHTS,
        "registered",
        ("state_assistance",),
        indicators=("R1.2",),
        notes=_NOT_RECORDED_NOTE,
    ),
    TableSpec(
        "rights_assistance_time",
        _("Time to assistance"),
        _("Registered persons by the time from first contact to the start of assistance."),
        Module.RIGHTS,
        "registered",
        ("assistance_delay",),
        indicators=("R1.3",),
        notes=_NOT_RECORDED_NOTE,
    ),
    TableSpec(
        "rights_enforcement_identification",
        _("Immigration enforcement before identification"),
        _(
            "Registered persons by citizenship group and whether immigration enforcement came "
            "before their identification decision."
        ),
        Module.RIGHTS,
        "registered",
        ("citizenship_group", "enforcement_identification"),
        indicators=("R2.4",),
        notes=_NOT_RECORDED_NOTE,
    ),
    TableSpec(
        "rights_enforcement_reflection",
        _("Immigration enforcement during the reflection period"),
        _(
            "Registered persons by citizenship group and whether immigration enforcement came "
            "during their reflection period."
        ),
        Module.RIGHTS,
        "registered",
        ("citizenship_group", "enforcement_reflection"),
        indicators=("R3.4",),
        notes=_NOT_RECORDED_NOTE,
    ),
    TableSpec(
        "rights_closure_status",
        _("Residence status at case closure"),
        _("Registered persons by citizenship group and residence status when the case closed."),
        Module.RIGHTS,
        "registered",
        ("citizenship_group", "closure_status"),
        indicators=("R4.4",),
        notes=_NOT_RECORDED_NOTE,
    ),
    TableSpec(
        "rights_information",
        _("Information on rights"),
        _("Registered persons by whether they were informed of their rights, and how."),
        Module.RIGHTS,
        "registered",
        ("rights_information",),
        indicators=("R5.1",),
        notes=_NOT_RECORDED_NOTE,
    ),
    TableSpec(
        "rights_detention",
        _("Detention of presumed victims"),
        _("Registered persons by criminal or immigration detention after first contact."),
        Module.RIGHTS,
        "registered",
        ("detention",),
        indicators=("R7.4",),
        notes=_NOT_RECORDED_NOTE,
    ),
    TableSpec(
        "rights_deterrence",
        _("Reasons for not reporting"),
        _("Registered persons by the reasons they gave for not reporting (multi-response)."),
        Module.RIGHTS,
        "registered",
        ("reason_not_reported",),
        indicators=("R8.3",),
        notes=_NOT_RECORDED_NOTE,
    ),
    TableSpec(
        "rights_age_presumption",
        _("Presumption of minority"),
        _(
            "Registered persons by whether their age was disputed and whether they were "
            "treated as a child until assessed."
        ),
        Module.RIGHTS,
        "registered",
        ("age_disputed", "treated_as_child"),
        indicators=("R10.2",),
        notes=_NOT_RECORDED_NOTE,
    ),
    TableSpec(
        "rights_children_care",
        _("Children missing from care"),
        _("Children by whether they went missing from care."),
        Module.RIGHTS,
        "children",
        ("missing_from_care",),
        indicators=("R10.3",),
        notes=_NOT_RECORDED_NOTE,
    ),
    TableSpec(
        "rights_children_return",
        _("Returns of children and best interests"),
        _(
            "Children by whether they were returned or transferred and whether their best "
            "interests were determined first."
        ),
        Module.RIGHTS,
        "children",
        ("child_returned", "best_interests"),
        indicators=("R10.4",),
        notes=_NOT_RECORDED_NOTE,
    ),
)
