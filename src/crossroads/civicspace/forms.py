"""The form of a civic space incident; substance is checked by the services."""

from __future__ import annotations

from django import forms

from crossroads.civicspace.models import CivicIncident


class IncidentForm(forms.ModelForm[CivicIncident]):
    """Kind, date, severity, description and the member's choice to share the record."""

    class Meta:
        model = CivicIncident
        fields = ["kind", "occurred_on", "severity", "description", "shared"]
        widgets = {
            "occurred_on": forms.DateInput(attrs={"type": "date"}),
            "description": forms.Textarea(attrs={"rows": 5, "maxlength": 4000}),
            "severity": forms.RadioSelect,
        }
