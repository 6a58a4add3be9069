"""Forms of the calendar: a round, a contribution, the calendar's filters."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from crossroads.accounts.models import Organisation
from crossroads.bodies.models import Contribution, Round
from crossroads.bodies.register import choices as body_choices
from crossroads.library import tags
from crossroads.library.models import Audience, Document

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
# The empty choice of a list, as the narrative shows it (Django's "---------" reads as a line).
EMPTY = "—"


class RoundForm(forms.ModelForm[Round]):
    """A round's body, country, name, dates, stage, lead member and notes."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    source_url = forms.URLField(
        label=_("Source"), required=False, max_length=500, assume_scheme="https"
    )

    class Meta:
        model = Round
        fields = [
            "body",
            "country",
            "title",
            "opens_on",
            "deadline",
            "event_on",
            "event",
            "stage",
            "lead",
            "notes",
            "source_url",
        ]
        widgets = {
            "opens_on": DATE,
            "deadline": DATE,
            "event_on": DATE,
            "notes": forms.Textarea(attrs={"rows": 4, "maxlength": 3000}),
        }

    def __init__(self, *args: Any, language: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        country = self.fields["country"]
        self.fields["country"] = forms.ChoiceField(
            label=country.label,
            choices=[("", _("The whole network")), *tags.country_choices(language)],
            required=False,
            help_text=country.help_text,
        )
        lead = self.fields["lead"]
        assert isinstance(lead, forms.ModelChoiceField)
        lead.queryset = Organisation.objects.exclude(kind=Organisation.Kind.SECRETARIAT)
        lead.empty_label = EMPTY
        body = self.fields["body"]
        assert isinstance(body, forms.ChoiceField)
        body.choices = [("", EMPTY), *body_choices()]


class ContributionForm(forms.ModelForm[Contribution]):
    """What the reader's organisation contributed, when, and the document if it is in the
    library."""

    class Meta:
        model = Contribution
        fields = ["kind", "summary", "made_on", "document"]
        widgets = {"made_on": DATE}

    def __init__(self, *args: Any, organisation: Organisation, country: str, **kwargs: Any):
        super().__init__(*args, **kwargs)
        kind = self.fields["kind"]
        assert isinstance(kind, forms.ChoiceField)
        kind.choices = [("", EMPTY), *Contribution.Kind.choices]
        document = self.fields["document"]
        assert isinstance(document, forms.ModelChoiceField)
        document.empty_label = EMPTY
        # The organisation's own documents about the country that the network may read.
        document.queryset = (
            Document.objects.filter(
                organisation=organisation,
                audience__in=[Audience.NETWORK, Audience.PUBLIC],
            )
            .filter(country__in=[country, ""])
            .defer("content")
        )


class FilterForm(forms.Form):
    """Which rounds the calendar lists."""

    country = forms.ChoiceField(label=_("Country"), required=False)
    body = forms.ChoiceField(label=_("Monitoring body"), required=False)
    past = forms.BooleanField(label=_("Include past deadlines"), required=False)

    def __init__(self, *args: Any, language: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        anything = ("", _("Any"))
        country = self.fields["country"]
        body = self.fields["body"]
        assert isinstance(country, forms.ChoiceField) and isinstance(body, forms.ChoiceField)
        country.choices = [anything, *tags.country_choices(language)]
        body.choices = [anything, *body_choices()]
