"""The organization report (under /manage/, next to the scan round it belongs to)."""

from django.urls import path

from leerscan.reports import views

app_name = "reports"
urlpatterns = [
    path("rounds/<int:pk>/report/", views.report_page, name="page"),
    path("rounds/<int:pk>/report.pdf", views.report_pdf_download, name="pdf"),
    path("reports.zip", views.reports_zip, name="zip"),
]
