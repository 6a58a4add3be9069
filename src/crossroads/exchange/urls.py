from django.urls import path

from crossroads.exchange.views import (
    downloads,
    member,
    narrative,
    network,
    secretariat,
    submission,
)

app_name = "exchange"
urlpatterns = [
    path("", member.overview, name="overview"),
    path("build/", member.build, name="build"),
    path("agreement/", member.agreement, name="agreement"),
    path("narrative/<int:year>/", narrative.edit, name="narrative"),
    path("submissions/<int:submission_id>/", submission.detail, name="submission"),
    path("submissions/<int:submission_id>/submit/", submission.submit, name="submit"),
    path("submissions/<int:submission_id>/rebuild/", submission.rebuild, name="rebuild"),
    path("submissions/<int:submission_id>/discard/", submission.discard, name="discard"),
    path(
        "submissions/<int:submission_id>/accept/",
        submission.review,
        {"decision": "accept"},
        name="accept",
    ),
    path(
        "submissions/<int:submission_id>/return/",
        submission.review,
        {"decision": "return"},
        name="return",
    ),
    path(
        "submissions/<int:submission_id>/download/<str:fmt>/",
        downloads.submission_download,
        name="download",
    ),
    path("submissions/<int:submission_id>/signed-file/", downloads.signed_file, name="signed_file"),
    path("inbox/", secretariat.inbox, name="inbox"),
    path("agreements/", secretariat.agreements, name="agreements"),
    path(
        "agreements/<slug:code>/",
        secretariat.organisation_agreement,
        name="organisation_agreement",
    ),
    path("agreements/<slug:code>/new/", secretariat.new_agreement, name="new_agreement"),
    path("import/", secretariat.import_file, name="import"),
    path("keys/", secretariat.keys, name="keys"),
    path("keys/<int:key_id>/revoke/", secretariat.revoke_key, name="revoke_key"),
    path("network/", network.years, name="network"),
    path("network/<int:year>/", network.year, name="network_year"),
    path("network/<int:year>/compute/", network.compute, name="network_compute"),
    path("network/<int:year>/download/<str:fmt>/", network.download, name="network_download"),
]
