"""URL configuration."""

from django.contrib import admin
from django.urls import include, path

from leerscan.surveys import views as survey_views

urlpatterns = [
    path("", survey_views.home, name="home"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
