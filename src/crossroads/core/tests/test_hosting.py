"""Settings and HTTP behaviour for a hosted instance: cookies, headers, sessions, secrets."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from crossroads.audit.models import Action, AuditEntry
from crossroads.cases.models import ImportJob
from crossroads.core.middleware import SessionLimitsMiddleware
from crossroads.testing import PASSWORD, Personas

SHOWN = (
    "DEBUG",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "LANGUAGE_COOKIE_SECURE",
    "SECURE_HSTS_SECONDS",
    "SECURE_SSL_REDIRECT",
)


def settings_with(env: dict[str, str], data_dir: Path) -> dict[str, object]:
    """Some settings as a fresh process reads them from ``env`` (umask 022, as on most hosts)."""
    script = (
        "import json, os; os.umask(0o022); import crossroads.settings as s; "
        f"print(json.dumps({{k: getattr(s, k, None) for k in {SHOWN!r}}}))"
    )
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("CROSSROADS_", "DATABASE"))}
    result = subprocess.run(
        [sys.executable, "-c", script],
        env={**keep, "CROSSROADS_DATA_DIR": str(data_dir), **env},
        capture_output=True,
        text=True,
        check=False,
        cwd=data_dir.parent,
    )
    if result.returncode != 0:
        raise RuntimeError(result.stderr.strip().splitlines()[-1])
    shown: dict[str, object] = json.loads(result.stdout)
    return shown


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_generated_secrets_and_the_data_folder_are_for_the_owner_only(tmp_path: Path) -> None:
    data_dir = tmp_path / "var"
    settings_with({}, data_dir)
    assert mode(data_dir) == 0o700
    for name in ("secret_key", "linkage_key", "signing_key", "backup_key"):
        assert mode(data_dir / name) == 0o600, name
        assert len((data_dir / name).read_text(encoding="utf-8")) >= 40


def test_a_laptop_install_runs_without_debug_and_without_secure_cookies(tmp_path: Path) -> None:
    shown = settings_with({}, tmp_path / "var")
    assert shown["DEBUG"] is False
    assert shown["SESSION_COOKIE_SECURE"] is False
    assert shown["SECURE_HSTS_SECONDS"] is None


def test_https_makes_every_cookie_secure_and_turns_on_hsts_and_redirects(tmp_path: Path) -> None:
    shown = settings_with({"CROSSROADS_HTTPS": "true"}, tmp_path / "var")
    assert shown["SESSION_COOKIE_SECURE"] is True
    assert shown["CSRF_COOKIE_SECURE"] is True
    assert shown["LANGUAGE_COOKIE_SECURE"] is True
    assert shown["SECURE_HSTS_SECONDS"] == 31536000
    assert shown["SECURE_SSL_REDIRECT"] is True


def test_production_assumes_https_and_requires_every_secret(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError, match="CROSSROADS_SECRET_KEY"):
        settings_with({"CROSSROADS_ENV": "production"}, tmp_path / "var")
    secrets = {
        "CROSSROADS_ENV": "production",
        "CROSSROADS_SECRET_KEY": "s" * 50,
        "CROSSROADS_LINKAGE_KEY": "l" * 50,
        "CROSSROADS_SIGNING_KEY": "A" * 43 + "=",
        "CROSSROADS_EMAIL_HOST": "smtp.example.org",
    }
    shown = settings_with(secrets, tmp_path / "var")
    assert shown["SESSION_COOKIE_SECURE"] is True and shown["DEBUG"] is False
    assert not (tmp_path / "var" / "secret_key").exists()


PRODUCTION_SECRETS = {
    "CROSSROADS_ENV": "production",
    "CROSSROADS_SECRET_KEY": "s" * 50,
    "CROSSROADS_LINKAGE_KEY": "l" * 50,
    "CROSSROADS_SIGNING_KEY": "A" * 43 + "=",
    "CROSSROADS_EMAIL_HOST": "smtp.example.org",
}


def test_production_refuses_debug_mode(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError, match="CROSSROADS_DEBUG=true is refused"):
        settings_with({**PRODUCTION_SECRETS, "CROSSROADS_DEBUG": "true"}, tmp_path / "var")


@pytest.mark.parametrize("name", ["CROSSROADS_SECRET_KEY", "CROSSROADS_LINKAGE_KEY"])
def test_production_refuses_keys_shorter_than_32_bytes(tmp_path: Path, name: str) -> None:
    with pytest.raises(RuntimeError, match=f"{name} must be at least 32 bytes long"):
        settings_with({**PRODUCTION_SECRETS, name: "short"}, tmp_path / "var")
    settings_with({**PRODUCTION_SECRETS, name: "x" * 32}, tmp_path / "var")


def test_a_signing_or_backup_key_must_be_32_bytes_in_base64(tmp_path: Path) -> None:
    for name in ("CROSSROADS_SIGNING_KEY", "CROSSROADS_BACKUP_KEY"):
        with pytest.raises(RuntimeError, match=f"{name} must be 32 random bytes in base64"):
            settings_with({**PRODUCTION_SECRETS, name: "QUFB"}, tmp_path / "var")


def test_the_database_and_every_secret_are_owner_only_even_in_an_existing_open_folder(
    tmp_path: Path,
) -> None:
    data_dir = tmp_path / "var"
    data_dir.mkdir(mode=0o755)
    data_dir.chmod(0o755)
    settings_with({}, data_dir)
    assert mode(data_dir / "crossroads.sqlite3") == 0o600
    for name in ("secret_key", "linkage_key", "signing_key", "backup_key"):
        assert mode(data_dir / name) == 0o600, name


def test_an_existing_database_file_readable_by_others_is_made_owner_only(tmp_path: Path) -> None:
    data_dir = tmp_path / "var"
    data_dir.mkdir()
    (data_dir / "crossroads.sqlite3").touch(mode=0o644)
    (data_dir / "crossroads.sqlite3").chmod(0o644)
    settings_with({}, data_dir)
    assert mode(data_dir / "crossroads.sqlite3") == 0o600


def test_every_page_carries_the_protective_headers(personas: Personas) -> None:
    response = personas.client_for(personas.caseworker_a).get("/")
    policy = response["Content-Security-Policy"]
    assert "http:" not in policy and "https:" not in policy and "*" not in policy
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_the_session_cookie_is_http_only_same_site_and_ends_with_the_browser(
    personas: Personas,
) -> None:
    client = Client()
    response = client.post(
        reverse("accounts:login"), {"username": "caseworker-a", "password": PASSWORD}
    )
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert cookie["expires"] == "" and cookie["max-age"] == ""  # a browser-session cookie


def _age_session(client: Client, *, started: int, seen: int) -> None:
    session = client.session
    session[SessionLimitsMiddleware.started_key] = started
    session[SessionLimitsMiddleware.seen_key] = seen
    session.save()


def test_a_session_idle_longer_than_the_limit_is_ended_and_audited(personas: Personas) -> None:
    client = personas.client_for(personas.caseworker_a)
    assert client.get("/").status_code == 200
    now = int(time.time())
    _age_session(client, started=now - 3600, seen=now - settings.CROSSROADS_IDLE_MINUTES * 60 - 5)
    response = client.get(reverse("cases:list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert client.get("/").status_code == 302  # signed out for good, not only redirected once
    ended = AuditEntry.objects.get(action=Action.SIGN_OUT, actor_name="caseworker-a")
    assert "inactivity" in ended.summary


def test_a_session_older_than_its_limit_ends_even_when_in_use(personas: Personas) -> None:
    client = personas.client_for(personas.caseworker_a)
    now = int(time.time())
    _age_session(client, started=now - settings.SESSION_COOKIE_AGE - 5, seen=now - 10)
    assert client.get("/").status_code == 302
    assert "time limit" in AuditEntry.objects.get(action=Action.SIGN_OUT).summary


def test_a_session_in_use_stays_open(personas: Personas) -> None:
    client = personas.client_for(personas.caseworker_a)
    now = int(time.time())
    _age_session(client, started=now - 3600, seen=now - 120)
    assert client.get("/").status_code == 200
    assert client.session[SessionLimitsMiddleware.seen_key] >= now


@pytest.mark.parametrize(
    "password", ["short-pw", "123456789012345", "password1234", "caseworker-a-1"]
)
def test_weak_passwords_are_refused(personas: Personas, password: str) -> None:
    with pytest.raises(ValidationError):
        validate_password(password, personas.caseworker_a)


def test_a_long_uncommon_password_is_accepted(personas: Personas) -> None:
    validate_password("violet-harbour-lantern-93", personas.caseworker_a)


def test_no_generated_secret_lies_in_the_source_tree() -> None:
    """Secrets generated by a command run inside the code (e.g. from an app's folder) would
    be committed and shipped with every copy of Crossroads."""
    source = Path(__file__).resolve().parents[2]
    found = [
        str(path.relative_to(source))
        for name in ("secret_key", "linkage_key", "signing_key")
        for path in source.rglob(name)
    ]
    assert found == []


def test_a_body_larger_than_any_upload_is_refused_before_it_is_read(
    personas: Personas, settings: Any
) -> None:
    settings.CROSSROADS_REQUEST_MAX_MEGABYTES = 5
    client = personas.client_for(personas.data_officer_a)
    declared = 6 * 1024 * 1024
    response = client.post(
        reverse("cases:import"),
        data=b"never read",
        content_type="application/octet-stream",
        CONTENT_LENGTH=str(declared),
    )
    assert response.status_code == 413
    page = response.content.decode()
    assert "What you sent has 6 MB; this server accepts at most 5 MB" in page
    assert not ImportJob.objects.exists()


def test_a_body_within_the_ceiling_reaches_the_form_and_its_own_limit(
    personas: Personas, settings: Any
) -> None:
    settings.CROSSROADS_REQUEST_MAX_MEGABYTES = 5
    client = personas.client_for(personas.data_officer_a)
    response = client.get(reverse("cases:import"), CONTENT_LENGTH=str(4 * 1024 * 1024))
    assert response.status_code == 200
