"""How passwords are stored: Argon2id at OWASP's parameters, older hashes upgraded at sign-in."""

from __future__ import annotations

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.test import Client
from django.urls import reverse

import crossroads.settings as production
from crossroads.accounts.models import User
from crossroads.testing import PASSWORD, Personas


@pytest.fixture
def production_hashers(settings: object) -> None:
    """The hashers the product runs with (the tests otherwise use a fast one)."""
    settings.PASSWORD_HASHERS = production.PASSWORD_HASHERS  # type: ignore[attr-defined]


@pytest.mark.usefixtures("production_hashers")
def test_a_new_password_is_stored_as_argon2id_with_46_mib_one_pass_and_one_lane(
    personas: Personas,
) -> None:
    user = personas.caseworker_a
    user.set_password("a long passphrase of 2026")
    user.save()
    stored = User.objects.get(pk=user.pk).password
    assert stored.startswith("argon2$argon2id$v=19$m=47104,t=1,p=1$")
    assert User.objects.get(pk=user.pk).check_password("a long passphrase of 2026")


@pytest.mark.usefixtures("production_hashers")
def test_a_password_stored_with_pbkdf2_by_an_earlier_version_signs_in_and_is_rewritten(
    personas: Personas,
) -> None:
    user = personas.caseworker_a
    hasher = PBKDF2PasswordHasher()
    user.password = hasher.encode(PASSWORD, hasher.salt(), iterations=1000)
    user.save(update_fields=["password"])

    response = Client().post(
        reverse("accounts:login"), {"username": user.username, "password": PASSWORD}
    )

    assert response.status_code == 302
    stored = User.objects.get(pk=user.pk).password
    assert stored.startswith("argon2$argon2id$v=19$m=47104,t=1,p=1$")


@pytest.mark.usefixtures("production_hashers")
def test_a_wrong_password_does_not_rewrite_an_older_hash(personas: Personas) -> None:
    user = personas.caseworker_a
    hasher = PBKDF2PasswordHasher()
    user.password = hasher.encode(PASSWORD, hasher.salt(), iterations=1000)
    user.save(update_fields=["password"])

    response = Client().post(
        reverse("accounts:login"), {"username": user.username, "password": "not the password"}
    )

    assert response.status_code == 401
    assert User.objects.get(pk=user.pk).password.startswith("pbkdf2_sha256$1000$")
