"""Forms of the estimation pages: uploading a token file, specifying an estimate."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from crossroads.codebook.loader import load_standard
from crossroads.collation import sorted_by_text
from crossroads.estimation.catalogue import (
    MAX_SEARCH_LISTS,
    METHOD_GROUPS,
    METHODS,
    mse_settings,
)
from crossroads.estimation.sources import Source
from crossroads.stats.mse import MAX_LISTS, MSESettings, SettingsError

#: Token files larger than this are refused (a million people is about 230 MB).
MAX_UPLOAD_BYTES = 300 * 1024 * 1024
CONFIDENCE_LEVELS = [("0.9", "90 %"), ("0.95", "95 %"), ("0.99", "99 %")]


def country_label(code: str) -> str:
    """The country's name in the current language (the code when unknown)."""
    value = load_standard().vocabularies["country"].get(code)
    return value.label.get(get_language()) if value is not None else code


def country_choices(codes: list[str] | None = None) -> list[tuple[str, str]]:
    """(code, name) for ``codes``, or every country, sorted by name."""
    vocabulary = load_standard().vocabularies["country"]
    wanted = codes if codes is not None else [value.code for value in vocabulary.values]
    pairs = [(code, country_label(code)) for code in wanted if len(code) == 3]
    return sorted_by_text(pairs, lambda pair: pair[1])


def set_choices(form: forms.Form, name: str, choices: list[tuple[Any, str]]) -> None:
    """Give the choice field ``name`` of ``form`` its choices (known only per request)."""
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    field.choices = choices


class UploadForm(forms.Form):
    """An outside list's token file, with who holds the list and which country and year."""

    file = forms.FileField(
        label=_("Token file"),
        help_text=_("The file made by “crossroads tokenize”; it holds no name."),
    )
    holder = forms.CharField(
        label=_("Who keeps the list"),
        max_length=200,
        help_text=_("For example: National police, human trafficking unit."),
    )
    country = forms.ChoiceField(label=_("Country"))
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    label = forms.CharField(
        label=_("List name (optional)"),
        max_length=64,
        required=False,
        help_text=_("Defaults to the name in the file, e.g. police-2024."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "country", [("", "—"), *country_choices()])

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(limit)s MB.") % {"limit": MAX_UPLOAD_BYTES >> 20}
            )
        return upload


class ScopeForm(forms.Form):
    """Step one: the country and year of the estimate."""

    country = forms.ChoiceField(label=_("Country"))
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)

    def __init__(self, *args: Any, countries: list[str], years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "country", country_choices(countries))
        set_choices(self, "year", [(year, str(year)) for year in years])


class EstimateForm(forms.Form):
    """Step two: the lists to link and the method."""

    sources = forms.MultipleChoiceField(
        label=_("Lists"), widget=forms.CheckboxSelectMultiple, required=True
    )
    method = forms.ChoiceField(
        label=_("Method"),
        choices=[(group, [(key, METHODS[key]) for key in keys]) for group, keys in METHOD_GROUPS],
        initial="stepwise",
        help_text=_(
            "Every estimate is also compared with the other methods; the documentation says "
            "which to trust when."
        ),
    )
    pthresh = forms.FloatField(
        label=_("Threshold for adding an interaction"),
        initial=0.02,
        min_value=0.0,
        max_value=1.0,
        help_text=_("Stepwise only. 0.02 is SparseMSE's default; 0 allows no interaction."),
    )
    n_boot = forms.IntegerField(
        label=_("Bootstrap replicates"),
        initial=1000,
        min_value=0,
        max_value=10000,
        help_text=_(
            "Stepwise, AIC, BIC and averaging: each replicate repeats the model choice. "
            "1,000 as SparseMSE; 0 skips the bootstrap."
        ),
    )
    max_order = forms.TypedChoiceField(
        label=_("Largest interactions searched"),
        choices=[(2, _("pairs of lists")), (3, _("pairs and triples (up to five lists)"))],
        coerce=int,
        initial=2,
        required=False,
        help_text=_("AIC, BIC and averaging only."),
    )
    seed = forms.IntegerField(
        label=_("Random seed"),
        initial=1234,
        min_value=0,
        max_value=2**31 - 1,
        help_text=_("The same seed gives the same interval (bootstrap and latent classes)."),
    )
    confidence = forms.ChoiceField(
        label=_("Confidence level"), choices=CONFIDENCE_LEVELS, initial="0.95"
    )
    note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Why this estimate was made, or caveats to keep with it."),
    )

    def __init__(self, *args: Any, sources: list[Source], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.available = sources
        set_choices(
            self,
            "sources",
            [(source.key, source.key) for source in sources if source.allowed and source.people],
        )

    def clean_sources(self) -> list[str]:
        chosen: list[str] = self.cleaned_data["sources"]
        if len(chosen) < 2:
            raise forms.ValidationError(_("Choose at least two lists."))
        if len(chosen) > MAX_LISTS:
            raise forms.ValidationError(_("Choose at most %(count)s lists.") % {"count": MAX_LISTS})
        return chosen

    def clean_n_boot(self) -> int:
        replicates: int = self.cleaned_data["n_boot"]
        if 0 < replicates < 10:
            raise forms.ValidationError(_("Use 0 (no bootstrap) or at least 10 replicates."))
        return replicates

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        lists, method = len(data["sources"]), data["method"]
        if method in ("aic", "bic", "averaged") and lists > MAX_SEARCH_LISTS:
            raise forms.ValidationError(
                _("AIC, BIC and averaging search every model, which is possible up to six lists.")
            )
        if method in ("aic", "bic", "averaged") and data.get("max_order") == 3 and lists > 5:
            raise forms.ValidationError(
                _("Triples of lists can be searched for up to five lists; choose pairs.")
            )
        if method.startswith(("mh_", "mth_")) and lists < 3:
            raise forms.ValidationError(
                _("Models where people differ in catchability need at least three lists.")
            )
        try:
            data["settings"] = self.settings(data)
        except SettingsError as error:
            raise forms.ValidationError(str(error)) from None
        return data

    @staticmethod
    def settings(data: dict[str, Any]) -> MSESettings:
        """The analysis settings the cleaned form describes."""
        return mse_settings(
            data["method"],
            pthresh=data["pthresh"],
            n_boot=data["n_boot"],
            seed=data["seed"],
            confidence=float(data["confidence"]),
            max_order=data.get("max_order") or 2,
            n_lists=len(data["sources"]),
        )


class PublishForm(forms.Form):
    """Mark an estimate for publication: which methods to show, which holders may be named."""

    methods = forms.MultipleChoiceField(
        label=_("Methods shown beside the estimate"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("The estimate's own method is always shown."),
    )
    named = forms.MultipleChoiceField(
        label=_("List holders who agreed to be named"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Lists not ticked are described only as a member or another list holder."),
    )
    consent = forms.BooleanField(
        label=_("I confirm that each holder ticked above agreed to be named in the publication."),
        required=False,
    )

    def __init__(
        self,
        *args: Any,
        methods: list[tuple[str, str]],
        holders: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "methods", methods)
        set_choices(self, "named", holders)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("named") and not data.get("consent"):
            raise forms.ValidationError(
                _("Confirm that the holders you ticked agreed to be named, or untick them.")
            )
        return data
