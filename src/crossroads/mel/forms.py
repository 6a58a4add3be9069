"""Forms of the MEL pages; substance (dates, personal data, who may) is in the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from crossroads.accounts.models import Organisation
from crossroads.library import tags
from crossroads.mel import measures
from crossroads.mel.models import Activity, FocusArea, Indicator, LearningNote, Objective

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = {"rows": 4, "maxlength": 4000}


class ObjectiveForm(forms.ModelForm[Objective]):
    class Meta:
        model = Objective
        fields = ["code", "title", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3, "maxlength": 3000})}


class FocusAreaForm(forms.ModelForm[FocusArea]):
    class Meta:
        model = FocusArea
        fields = ["objective", "code", "title"]
        labels = {"objective": _("Objective")}


class IndicatorForm(forms.ModelForm[Indicator]):
    measure = forms.ChoiceField(label=_("Measured by"), choices=measures.choices)

    class Meta:
        model = Indicator
        fields = ["area", "measure", "target", "note"]

    def clean(self) -> dict[str, Any]:
        # The form checks only what it shows; one indicator per measure and focus area.
        cleaned = super().clean() or {}
        area, measure = cleaned.get("area"), cleaned.get("measure")
        taken = Indicator.objects.filter(area=area, measure=measure).exclude(pk=self.instance.pk)
        if area is not None and taken.exists():
            self.add_error("measure", _("This focus area already has an indicator of this."))
        return cleaned


class ActivityForm(forms.ModelForm[Activity]):
    """Kind, title, dates, focus area, countries, participants and outputs."""

    countries = forms.MultipleChoiceField(
        label=_("Countries"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Where it took place or which countries it concerned."),
    )

    class Meta:
        model = Activity
        fields = [
            "kind", "title", "started_on", "ended_on", "area", "countries", "participants",
            "outputs",
        ]  # fmt: skip
        widgets = {"started_on": DATE, "ended_on": DATE, "outputs": forms.Textarea(attrs=TEXT)}

    def __init__(self, *args: Any, language: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        names = dict(tags.country_choices(language))
        wanted = set(
            Organisation.objects.exclude(country="").values_list("country", flat=True)
        ) | set(self.instance.countries or [])
        field = self.fields["countries"]
        assert isinstance(field, forms.MultipleChoiceField)
        pairs: list[tuple[str, str]] = [(code, names.get(code, code)) for code in wanted]
        ordered = sorted(pairs, key=lambda pair: pair[1])
        field.choices = ordered


class NoteForm(forms.ModelForm[LearningNote]):
    """The year, focus area and the three parts of a learning note."""

    class Meta:
        model = LearningNote
        fields = ["year", "area", "title", "observed", "learned", "change"]
        widgets = {
            "observed": forms.Textarea(attrs=TEXT),
            "learned": forms.Textarea(attrs=TEXT),
            "change": forms.Textarea(attrs=TEXT),
        }

    def clean_year(self) -> int:
        year = int(self.cleaned_data["year"])
        if not 2000 <= year <= timezone.localdate().year:
            raise forms.ValidationError(_("A year between 2000 and this year."))
        return year
