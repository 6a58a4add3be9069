"""The project as a whole: migrations, settings helpers, the demo network."""

from __future__ import annotations

import io
import json

import pytest
from django.apps import apps
from django.core.management import call_command

from crossroads.accounts.models import Organisation, User
from crossroads.cases.models import Case
from crossroads.codebook.loader import load_standard
from crossroads.codebook.validation import validate_record
from crossroads.core.demo import build_demo
from crossroads.env import ConfigurationError, env_bool, env_int, env_secret


@pytest.mark.django_db
def test_the_models_and_the_migrations_agree() -> None:
    out = io.StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


def test_boolean_settings_accept_only_true_or_false(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("X_FLAG", "maybe")
    with pytest.raises(ConfigurationError, match="X_FLAG must be 'true' or 'false'"):
        env_bool("X_FLAG", default=False)
    monkeypatch.setenv("X_FLAG", "true")
    assert env_bool("X_FLAG", default=False) is True


def test_integer_settings_name_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("X_NUMBER", "ten")
    with pytest.raises(ConfigurationError, match="X_NUMBER must be an integer"):
        env_int("X_NUMBER", 1)


def test_secrets_can_come_from_a_file(monkeypatch: pytest.MonkeyPatch, tmp_path: object) -> None:
    from pathlib import Path

    path = Path(str(tmp_path)) / "secret"
    path.write_text("s3cret-value\n")
    monkeypatch.setenv("X_SECRET_FILE", str(path))
    assert env_secret("X_SECRET") == "s3cret-value"
    monkeypatch.setenv("X_SECRET", "direct")
    with pytest.raises(ConfigurationError, match="not both"):
        env_secret("X_SECRET")


def _fingerprint() -> str:
    rows = Case.objects.order_by("organisation__code", "client_code").values_list(
        "organisation__code", "client_code", "data"
    )
    return json.dumps(list(rows), sort_keys=True)


@pytest.mark.django_db
def test_the_demo_network_is_deterministic_and_valid() -> None:
    build_demo(seed=7, progress=lambda _: None, scale=0.04)
    first = _fingerprint()
    assert Organisation.objects.filter(kind="member").count() >= 20
    assert len(set(Organisation.objects.values_list("country", flat=True))) >= 18
    standard = load_standard()
    for case in Case.objects.select_related("organisation")[:300]:
        clean = validate_record(case.data, standard=standard, country=case.organisation.country)
        assert clean.as_document() == case.data
    for label in ("exchange", "civicspace", "library", "bodies", "mel"):
        for model in reversed(list(apps.get_app_config(label).get_models())):
            model._default_manager.all().delete()
    Case.objects.all().delete()
    User.objects.all().delete()
    Organisation.objects.all().delete()
    build_demo(seed=7, progress=lambda _: None, scale=0.04)
    assert _fingerprint() == first
