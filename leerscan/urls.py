"""URL configuration."""

import os

from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView

from leerscan.surveys import views as survey_views

urlpatterns = [
    path("", survey_views.home, name="home"),
    path("", include("leerscan.surveys.respond_urls")),
    path("manage/", include("leerscan.surveys.manage_urls")),
    path("manage/", include("leerscan.reports.urls")),
    path("manage/", include("leerscan.maturity.urls")),
    path("manage/", include("leerscan.trajectories.urls")),
    path("manage/", include("leerscan.partnerships.urls")),
    path("research/", include("leerscan.research.urls")),
    path("", include("leerscan.jobs.urls")),
    path("", include("leerscan.competences.urls")),  # manage/organizations/<pk>/competences/ and c/<token>/
    path("accounts/", include("leerscan.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    # Browsers ask for /favicon.ico on pages that name no icon (a 404 there is a console error).
    path("favicon.ico", RedirectView.as_view(url=static("leerscan/favicon.svg"))),
]

if os.environ.get("LEERSCAN_BENCHMARK_ENDPOINTS") == "1":
    from leerscan.core.bench_views import write_one_row

    urlpatterns.append(path("_bench/write/", write_one_row))
