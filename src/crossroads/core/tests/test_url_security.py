"""Every URL of the project, found in the URL configuration, has a declared access rule.

A URL added later fails :func:`test_every_url_has_a_declared_access_rule_and_test`
until it is entered in :data:`ACCESS` with the test file that checks who may
reach it. Each URL that is not public is then checked here: the outsider is
sent to sign in and learns nothing. The Django administration (``admin:``)
is Django's own set of pages, guarded by :class:`CrossroadsAdminSite` and
tested in ``cases/tests/test_isolation.py``.
"""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter, UUIDConverter

from crossroads.audit.models import Action, AuditEntry
from crossroads.audit.services import record
from crossroads.exchange.models import SigningKey
from crossroads.exchange.services import files
from crossroads.testing import Personas

APPS = Path(__file__).resolve().parents[2]
PUBLIC = "public"  # anyone, without signing in
SIGNED_IN = "signed in"  # any signed-in user; the view checks the role
API = "api"  # an access token or the session; the outsider gets a 401 problem, never a page
ISOLATION = {
    "cases": "cases/tests/test_isolation.py",
    "data": "cases/tests/test_data_isolation.py",
    "exchange": "exchange/tests/test_isolation.py",
    "narrative": "exchange/tests/test_narrative.py",
    "civicspace": "civicspace/tests/test_isolation.py",
    "library": "library/tests/test_library.py",
    "bodies": "bodies/tests/test_calendar.py",
    "mel": "mel/tests/test_mel.py",
    "estimation": "estimation/tests/test_isolation.py",
    "reports": "reports/tests/test_url_isolation.py",
    "privacy": "reports/tests/test_privacy.py",
    "here": "core/tests/test_url_security.py",
    "sign_in": "accounts/tests/test_sign_in.py",
    "preferences": "accounts/tests/test_preferences.py",
    "aggregation": "exchange/tests/test_aggregation.py",
    "tasks": "tasks/tests/test_isolation.py",
    "second_factor": "accounts/tests/test_second_factor.py",
    "passkeys": "accounts/tests/test_passkeys.py",
    "people": "accounts/tests/test_people.py",
    "password_reset": "accounts/tests/test_password_reset.py",
    "safety": "safety/tests/test_isolation.py",
    "reporting": "reporting/tests/test_isolation.py",
    "checkin": "monitoring/tests/test_checkin.py",
    "tokens": "accounts/tests/test_tokens.py",
    "api": "api/tests/test_isolation.py",
    "api_imports": "api/tests/test_imports.py",
    "api_exchange": "api/tests/test_exchange.py",
    "api_figures": "api/tests/test_figures.py",
    "api_published_pooled": "api/tests/test_published_pooled.py",
    "api_estimates": "api/tests/test_estimates.py",
}

# URL name -> (who may reach it, the test file that checks it).
ACCESS: dict[str, tuple[str, str]] = {
    "core:home": (SIGNED_IN, ISOLATION["here"]),
    "tasks:list": (SIGNED_IN, ISOLATION["tasks"]),
    "tasks:run": (SIGNED_IN, ISOLATION["tasks"]),
    "tasks:status": (SIGNED_IN, ISOLATION["tasks"]),
    "tasks:cancel": (SIGNED_IN, ISOLATION["tasks"]),
    "accounts:login": (PUBLIC, ISOLATION["sign_in"]),
    "accounts:logout": (SIGNED_IN, ISOLATION["sign_in"]),
    "accounts:language": (SIGNED_IN, ISOLATION["sign_in"]),
    "accounts:preferences": (SIGNED_IN, ISOLATION["preferences"]),
    # The second step answers only a session whose password step succeeded (else: sign in).
    "accounts:second_factor": (SIGNED_IN, ISOLATION["second_factor"]),
    "accounts:security": (SIGNED_IN, ISOLATION["second_factor"]),
    "accounts:enrol": (SIGNED_IN, ISOLATION["second_factor"]),
    "accounts:recovery_codes": (SIGNED_IN, ISOLATION["second_factor"]),
    "accounts:remove_second_factor": (SIGNED_IN, ISOLATION["second_factor"]),
    "accounts:change_password": (SIGNED_IN, ISOLATION["second_factor"]),
    "accounts:passkey_sign_in_options": (SIGNED_IN, ISOLATION["passkeys"]),
    "accounts:passkey_sign_in": (SIGNED_IN, ISOLATION["passkeys"]),
    "accounts:passkey_options": (SIGNED_IN, ISOLATION["passkeys"]),
    "accounts:add_passkey": (SIGNED_IN, ISOLATION["passkeys"]),
    "accounts:remove_passkey": (SIGNED_IN, ISOLATION["passkeys"]),
    "accounts:tokens": (SIGNED_IN, ISOLATION["tokens"]),
    "accounts:token_create": (SIGNED_IN, ISOLATION["tokens"]),
    "accounts:token_revoke": (SIGNED_IN, ISOLATION["tokens"]),
    "accounts:people": (SIGNED_IN, ISOLATION["people"]),
    "accounts:invite": (SIGNED_IN, ISOLATION["people"]),
    "accounts:person_change": (SIGNED_IN, ISOLATION["people"]),
    "accounts:withdraw_invitation": (SIGNED_IN, ISOLATION["people"]),
    "accounts:invitation": (PUBLIC, ISOLATION["people"]),
    "accounts:password_reset": (PUBLIC, ISOLATION["password_reset"]),
    "accounts:password_reset_sent": (PUBLIC, ISOLATION["password_reset"]),
    "accounts:password_reset_confirm": (PUBLIC, ISOLATION["password_reset"]),
    "accounts:password_reset_done": (PUBLIC, ISOLATION["password_reset"]),
    "set_language": (PUBLIC, ISOLATION["here"]),
    "cases:list": (SIGNED_IN, ISOLATION["cases"]),
    "cases:create": (SIGNED_IN, ISOLATION["cases"]),
    "cases:detail": (SIGNED_IN, ISOLATION["cases"]),
    "cases:edit": (SIGNED_IN, ISOLATION["cases"]),
    "cases:delete": (SIGNED_IN, ISOLATION["cases"]),
    "cases:import": (SIGNED_IN, ISOLATION["data"]),
    "cases:import_template": (SIGNED_IN, ISOLATION["data"]),
    "cases:import_job": (SIGNED_IN, ISOLATION["data"]),
    "cases:import_decide": (SIGNED_IN, ISOLATION["data"]),
    "cases:import_report": (SIGNED_IN, ISOLATION["data"]),
    "cases:export": (SIGNED_IN, ISOLATION["data"]),
    "codebook:index": (PUBLIC, ISOLATION["here"]),
    "codebook:download": (PUBLIC, ISOLATION["here"]),
    "audit:log": (SIGNED_IN, ISOLATION["here"]),
    "exchange:overview": (SIGNED_IN, ISOLATION["exchange"]),
    "exchange:build": (SIGNED_IN, ISOLATION["exchange"]),
    "exchange:agreement": (SIGNED_IN, ISOLATION["exchange"]),
    "exchange:narrative": (SIGNED_IN, ISOLATION["narrative"]),
    "civicspace:incidents": (SIGNED_IN, ISOLATION["civicspace"]),
    "civicspace:new": (SIGNED_IN, ISOLATION["civicspace"]),
    "civicspace:incident": (SIGNED_IN, ISOLATION["civicspace"]),
    "civicspace:delete": (SIGNED_IN, ISOLATION["civicspace"]),
    "civicspace:network": (SIGNED_IN, ISOLATION["civicspace"]),
    "civicspace:country": (SIGNED_IN, ISOLATION["civicspace"]),
    # Public documents are read without signing in; the fetch answers 404 for the others.
    "library:index": (PUBLIC, ISOLATION["library"]),
    "library:document": (PUBLIC, ISOLATION["library"]),
    "library:download": (PUBLIC, ISOLATION["library"]),
    "library:upload": (SIGNED_IN, ISOLATION["library"]),
    "library:delete": (SIGNED_IN, ISOLATION["library"]),
    "bodies:calendar": (SIGNED_IN, ISOLATION["bodies"]),
    "bodies:register": (SIGNED_IN, ISOLATION["bodies"]),
    "bodies:round_new": (SIGNED_IN, ISOLATION["bodies"]),
    "bodies:round": (SIGNED_IN, ISOLATION["bodies"]),
    "bodies:round_edit": (SIGNED_IN, ISOLATION["bodies"]),
    "bodies:round_delete": (SIGNED_IN, ISOLATION["bodies"]),
    "bodies:contribution_delete": (SIGNED_IN, ISOLATION["bodies"]),
    "bodies:draft": (SIGNED_IN, "bodies/tests/test_drafting.py"),
    "bodies:draft_file": (SIGNED_IN, "bodies/tests/test_drafting.py"),
    "mel:report": (SIGNED_IN, ISOLATION["mel"]),
    "mel:report_pdf": (SIGNED_IN, ISOLATION["mel"]),
    "mel:logframe": (SIGNED_IN, ISOLATION["mel"]),
    "mel:plan_new": (SIGNED_IN, ISOLATION["mel"]),
    "mel:plan_item": (SIGNED_IN, ISOLATION["mel"]),
    "mel:plan_delete": (SIGNED_IN, ISOLATION["mel"]),
    "mel:activities": (SIGNED_IN, ISOLATION["mel"]),
    "mel:activity_new": (SIGNED_IN, ISOLATION["mel"]),
    "mel:activity": (SIGNED_IN, ISOLATION["mel"]),
    "mel:activity_delete": (SIGNED_IN, ISOLATION["mel"]),
    "mel:note_new": (SIGNED_IN, ISOLATION["mel"]),
    "mel:note": (SIGNED_IN, ISOLATION["mel"]),
    "mel:note_delete": (SIGNED_IN, ISOLATION["mel"]),
    "exchange:submission": (SIGNED_IN, ISOLATION["exchange"]),
    "exchange:submit": (SIGNED_IN, ISOLATION["exchange"]),
    "exchange:rebuild": (SIGNED_IN, ISOLATION["exchange"]),
    "exchange:discard": (SIGNED_IN, ISOLATION["exchange"]),
    "exchange:accept": (SIGNED_IN, ISOLATION["exchange"]),
    "exchange:return": (SIGNED_IN, ISOLATION["exchange"]),
    "exchange:download": (SIGNED_IN, ISOLATION["exchange"]),
    "exchange:signed_file": (SIGNED_IN, ISOLATION["exchange"]),
    "exchange:inbox": (SIGNED_IN, ISOLATION["exchange"]),
    "exchange:agreements": (SIGNED_IN, ISOLATION["exchange"]),
    "exchange:organisation_agreement": (SIGNED_IN, ISOLATION["exchange"]),
    "exchange:new_agreement": (SIGNED_IN, ISOLATION["exchange"]),
    "exchange:import": (SIGNED_IN, ISOLATION["exchange"]),
    "exchange:keys": (SIGNED_IN, ISOLATION["exchange"]),
    "exchange:revoke_key": (SIGNED_IN, ISOLATION["here"]),
    "exchange:network": (SIGNED_IN, ISOLATION["exchange"]),
    "exchange:network_year": (SIGNED_IN, ISOLATION["aggregation"]),
    "exchange:network_compute": (SIGNED_IN, ISOLATION["here"]),
    "exchange:network_download": (SIGNED_IN, ISOLATION["aggregation"]),
    "monitoring:overview": (SIGNED_IN, ISOLATION["reports"]),
    "monitoring:chart_csv": (SIGNED_IN, ISOLATION["reports"]),
    "monitoring:profiles": (SIGNED_IN, ISOLATION["reports"]),
    "monitoring:profile_create": (SIGNED_IN, ISOLATION["reports"]),
    "monitoring:country": (SIGNED_IN, ISOLATION["reports"]),
    "monitoring:country_csv": (SIGNED_IN, ISOLATION["reports"]),
    "monitoring:profile": (SIGNED_IN, ISOLATION["reports"]),
    "monitoring:answer_edit": (SIGNED_IN, ISOLATION["reports"]),
    "monitoring:answer_history": (SIGNED_IN, ISOLATION["reports"]),
    "monitoring:checkin": (SIGNED_IN, ISOLATION["checkin"]),
    "monitoring:checkin_change": (SIGNED_IN, ISOLATION["checkin"]),
    "checkin:answer": (PUBLIC, ISOLATION["checkin"]),
    "checkin:audio": (PUBLIC, ISOLATION["checkin"]),
    "reports:index": (SIGNED_IN, ISOLATION["reports"]),
    "reports:draft": (SIGNED_IN, ISOLATION["reports"]),
    "reports:publish": (SIGNED_IN, ISOLATION["reports"]),
    "reports:build": (SIGNED_IN, ISOLATION["reports"]),
    "reports:privacy_ledger": (SIGNED_IN, ISOLATION["privacy"]),
    "public:home": (PUBLIC, ISOLATION["reports"]),
    "public:methodology": (PUBLIC, ISOLATION["reports"]),
    "public:year": (PUBLIC, ISOLATION["reports"]),
    "public:country": (PUBLIC, ISOLATION["reports"]),
    "public:chart_csv": (PUBLIC, ISOLATION["reports"]),
    "public:report": (PUBLIC, ISOLATION["reports"]),
    "public:ctdc": (PUBLIC, ISOLATION["reports"]),
    "safety:protocol": (SIGNED_IN, ISOLATION["safety"]),
    "safety:protocol_edit": (SIGNED_IN, ISOLATION["safety"]),
    "safety:sign_off": (SIGNED_IN, ISOLATION["safety"]),
    "safety:renew": (SIGNED_IN, ISOLATION["safety"]),
    "safety:incidents": (SIGNED_IN, ISOLATION["safety"]),
    "safety:incident_new": (SIGNED_IN, ISOLATION["safety"]),
    "safety:incident": (SIGNED_IN, ISOLATION["safety"]),
    "safety:retention": (SIGNED_IN, ISOLATION["safety"]),
    "safety:purge": (SIGNED_IN, ISOLATION["safety"]),
    "safety:backups": (SIGNED_IN, ISOLATION["safety"]),
    "safety:backup_start": (SIGNED_IN, ISOLATION["safety"]),
    "safety:network": (SIGNED_IN, ISOLATION["safety"]),
    "estimation:index": (SIGNED_IN, ISOLATION["estimation"]),
    "estimation:new": (SIGNED_IN, ISOLATION["estimation"]),
    "estimation:detail": (SIGNED_IN, ISOLATION["estimation"]),
    "estimation:repeat": (SIGNED_IN, ISOLATION["estimation"]),
    "estimation:delete": (SIGNED_IN, ISOLATION["estimation"]),
    "estimation:publish": (SIGNED_IN, ISOLATION["estimation"]),
    "estimation:unpublish": (SIGNED_IN, ISOLATION["estimation"]),
    "estimation:uploads": (SIGNED_IN, ISOLATION["estimation"]),
    "estimation:upload_delete": (SIGNED_IN, ISOLATION["estimation"]),
    "reporting:inbox": (SIGNED_IN, ISOLATION["reporting"]),
    "reporting:unlock": (SIGNED_IN, ISOLATION["reporting"]),
    "reporting:lock": (SIGNED_IN, ISOLATION["reporting"]),
    "reporting:settings": (SIGNED_IN, ISOLATION["reporting"]),
    "reporting:detail": (SIGNED_IN, ISOLATION["reporting"]),
    "reporting:status": (SIGNED_IN, ISOLATION["reporting"]),
    "reporting:reply": (SIGNED_IN, ISOLATION["reporting"]),
    "reporting:case": (SIGNED_IN, ISOLATION["reporting"]),
    "reporting:file": (SIGNED_IN, ISOLATION["reporting"]),
    "report:network": (PUBLIC, ISOLATION["reporting"]),
    "report:organisation": (PUBLIC, ISOLATION["reporting"]),
    "report:return": (PUBLIC, ISOLATION["reporting"]),
    "api:api-root": (PUBLIC, ISOLATION["here"]),
    "api_not_found": (PUBLIC, ISOLATION["here"]),
    "api:openapi-json": (PUBLIC, ISOLATION["here"]),
    "api:openapi-view": (PUBLIC, ISOLATION["here"]),
    "api:versions": (PUBLIC, ISOLATION["api"]),
    "api:standard": (PUBLIC, ISOLATION["api"]),
    "api:fields": (PUBLIC, ISOLATION["api"]),
    "api:vocabularies": (PUBLIC, ISOLATION["api"]),
    "api:vocabulary": (PUBLIC, ISOLATION["api"]),
    "api:records": (API, ISOLATION["api"]),
    "api:record_create": (API, ISOLATION["api"]),
    "api:record": (API, ISOLATION["api"]),
    "api:record_update": (API, ISOLATION["api"]),
    "api:record_delete": (API, ISOLATION["api"]),
    "api:imports": (API, ISOLATION["api_imports"]),
    "api:import_list": (API, ISOLATION["api_imports"]),
    "api:import": (API, ISOLATION["api_imports"]),
    "api:import_problems": (API, ISOLATION["api_imports"]),
    "api:import_decision": (API, ISOLATION["api_imports"]),
    "api:import_cancel": (API, ISOLATION["api_imports"]),
    "api:export": (API, ISOLATION["api_imports"]),
    "api:submissions": (API, ISOLATION["api_exchange"]),
    "api:submission_build": (API, ISOLATION["api_exchange"]),
    "api:submission": (API, ISOLATION["api_exchange"]),
    "api:submission_submit": (API, ISOLATION["api_exchange"]),
    "api:submission_review": (API, ISOLATION["api_exchange"]),
    "api:submission_signed_file": (API, ISOLATION["api_exchange"]),
    "api:signed_file_import": (API, ISOLATION["api_exchange"]),
    "api:figure_years": (API, ISOLATION["api_figures"]),
    "api:figures": (API, ISOLATION["api_figures"]),
    "api:estimates": (API, ISOLATION["api_estimates"]),
    "api:estimate_create": (API, ISOLATION["api_estimates"]),
    "api:estimate_sources": (API, ISOLATION["api_estimates"]),
    "api:estimate": (API, ISOLATION["api_estimates"]),
    "api:estimate_upload": (API, ISOLATION["api_estimates"]),
    "api:published_years": (PUBLIC, ISOLATION["api_figures"]),
    "api:published": (PUBLIC, ISOLATION["api_figures"]),
    "api:published_pooled": (PUBLIC, ISOLATION["api_published_pooled"]),
}


def project_urls() -> dict[str, str]:
    """Every named URL outside the Django administration, with an example path."""
    found: dict[str, str] = {}

    def walk(patterns: list[URLPattern | URLResolver], namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace == "admin":
                    continue
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, inner)
            elif pattern.name:
                converters = pattern.pattern.converters
                kwargs = {key: _example(converter) for key, converter in converters.items()}
                name = f"{namespace}{pattern.name}"
                found[name] = reverse(name, kwargs=kwargs)

    walk(get_resolver().url_patterns, "")
    return found


def _example(converter: object) -> object:
    """A value each kind of URL parameter accepts."""
    if isinstance(converter, IntConverter):
        return 2024
    if isinstance(converter, UUIDConverter):
        return uuid.UUID(int=1)
    return "xlsx"


def test_the_url_walk_finds_every_app() -> None:
    namespaces = {name.split(":")[0] for name in project_urls() if ":" in name}
    assert {"core", "accounts", "cases", "exchange", "monitoring", "reports", "public"} <= (
        namespaces
    )
    assert "estimation" in namespaces and "audit" in namespaces


def test_every_url_has_a_declared_access_rule_and_test() -> None:
    """A new URL fails here until its access rule and permission test are declared."""
    assert set(project_urls()) == set(ACCESS)
    for name, (_rule, test_file) in ACCESS.items():
        text = (APPS / test_file).read_text(encoding="utf-8")
        namespace = name.split(":")[0]
        # Tests that discover their app's URLs name the namespace, not every URL.
        assert (
            f'"{name}"' in text
            or f'"{namespace}' in text
            or test_file.endswith("test_url_security.py")
        ), (name, test_file)


@pytest.mark.parametrize(
    "name", sorted(name for name, (rule, _test) in ACCESS.items() if rule == API)
)
def test_the_outsider_gets_a_problem_not_a_page_from_the_api(personas: Personas, name: str) -> None:
    url = project_urls()[name]
    client = personas.client_for(None)
    for response in (client.get(url), client.post(url, {})):
        assert response.status_code in {401, 405}, (name, response.status_code)
        assert response["Content-Type"] == "application/problem+json", name


@pytest.mark.parametrize(
    "name", sorted(name for name, (rule, _test) in ACCESS.items() if rule == SIGNED_IN)
)
def test_the_outsider_is_sent_to_sign_in_on_every_url_that_is_not_public(
    personas: Personas, name: str
) -> None:
    url = project_urls()[name]
    client = personas.client_for(None)
    for response in (client.get(url), client.post(url, {})):
        assert response.status_code in {302, 405}, (name, response.status_code)
        if response.status_code == 302:
            assert response["Location"].startswith(reverse("accounts:login")), name


@pytest.mark.parametrize(
    "name", sorted(name for name, (rule, _test) in ACCESS.items() if rule == PUBLIC)
)
def test_public_urls_never_ask_to_sign_in(personas: Personas, name: str) -> None:
    response = personas.client_for(None).get(project_urls()[name])
    assert response.status_code in {200, 302, 404, 405}, (name, response.status_code)
    if response.status_code == 302:  # the language switch returns to the page it came from
        assert not response["Location"].startswith(reverse("accounts:login")), name


def test_the_audit_log_is_for_administrators_and_analysts_and_shows_their_own_organisation(
    personas: Personas,
) -> None:
    record(personas.caseworker_a, Action.READ, object_type="case", summary="marker-org-a")
    record(personas.caseworker_b, Action.READ, object_type="case", summary="marker-org-b")
    url = reverse("audit:log")
    for persona in (personas.caseworker_a, personas.data_officer_a, personas.caseworker_b):
        assert personas.client_for(persona).get(url).status_code == 403
    admin_page = personas.client_for(personas.org_admin_a).get(url)
    assert admin_page.status_code == 200
    assert b"marker-org-a" in admin_page.content and b"marker-org-b" not in admin_page.content
    analyst_page = personas.client_for(personas.analyst).get(url)
    assert analyst_page.status_code == 200
    assert b"marker-org-a" not in analyst_page.content
    assert b"marker-org-b" not in analyst_page.content


def test_only_the_analyst_computes_network_tables_or_revokes_a_key(personas: Personas) -> None:
    public_key = "A" * 43 + "="
    key = files.register_key(personas.analyst, personas.org_a, public_key)
    compute = reverse("exchange:network_compute", args=[2024])
    revoke = reverse("exchange:revoke_key", args=[key.pk])
    for persona in (personas.caseworker_a, personas.data_officer_a, personas.org_admin_a):
        client = personas.client_for(persona)
        assert client.post(compute).status_code == 403
        assert client.post(revoke).status_code == 403
    key.refresh_from_db()
    assert key.revoked_at is None
    assert personas.client_for(personas.analyst).post(revoke).status_code == 302
    assert SigningKey.objects.get(pk=key.pk).revoked_at is not None
    assert AuditEntry.objects.filter(actor_id=personas.analyst.pk).exists()
