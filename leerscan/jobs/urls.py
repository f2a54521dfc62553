"""A background job's page, its progress and its file."""

from django.urls import path

from leerscan.jobs import health, views

app_name = "jobs"
urlpatterns = [
    path("jobs/<uuid:job_id>/", views.job_page, name="page"),
    path("jobs/<uuid:job_id>/progress/", views.job_progress, name="progress"),
    path("jobs/<uuid:job_id>/file/", views.job_file, name="file"),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
]
