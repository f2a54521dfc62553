"""Evaluator workspace URLs (programme role)."""

from django.urls import path

from leerscan.research import views

app_name = "research"
urlpatterns = [
    path("", views.workspace, name="workspace"),
    path("analysis/<uuid:job_id>/progress/", views.analysis_progress, name="progress"),
    path("analysis/retry/", views.analysis_retry, name="retry"),
    path("tables/<slug:name>.csv", views.table_csv, name="table_csv"),
    path("tables/all.zip", views.table_csv, {"name": "all"}, name="tables_zip"),
    path("report.html", views.report_view, name="report_html"),
    path("report.pdf", views.report_pdf, name="report_pdf"),
    path("export/", views.export, name="export"),
    path("codebook.html", views.codebook, {"fmt": "html"}, name="codebook_html"),
    path("codebook.csv", views.codebook, {"fmt": "csv"}, name="codebook_csv"),
]
