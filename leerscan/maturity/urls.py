"""Maturity scan pages, under the organization they belong to."""

from django.urls import path

from leerscan.maturity import views

app_name = "maturity"
urlpatterns = [
    path("organizations/<int:pk>/maturity/", views.overview, name="overview"),
    path("organizations/<int:pk>/maturity/fill/<str:perspective>/", views.fill, name="fill"),
    path("organizations/<int:pk>/maturity/decision/", views.decision, name="decision"),
]
