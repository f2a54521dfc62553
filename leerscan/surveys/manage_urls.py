"""URLs for logged-in users (organization contacts, consultants, providers, programme)."""

from django.urls import path

from leerscan.surveys import cockpit_views, invite_views, paper
from leerscan.surveys import manage_views as views

app_name = "manage"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("cockpit/", cockpit_views.cockpit_page, name="cockpit"),
    path("rounds/<int:pk>/closing/", cockpit_views.move_closing, name="round_move_closing"),
    path("organizations/new/", views.organization_create, name="organization_create"),
    path("organizations/<int:pk>/", views.organization_detail, name="organization"),
    path("organizations/<int:pk>/edit/", views.organization_edit, name="organization_edit"),
    path("organizations/<int:pk>/rounds/new/", views.round_create, name="round_create"),
    path("rounds/<int:pk>/", views.round_detail, name="round"),
    path("rounds/<int:pk>/edit/", views.round_edit, name="round_edit"),
    path("rounds/<int:pk>/status/", views.round_status, name="round_status"),
    path("rounds/<int:pk>/progress/", views.round_progress, name="round_progress"),
    path("rounds/<int:pk>/poster/", views.round_poster, name="round_poster"),
    path("rounds/<int:pk>/invitations/", views.round_invitations, name="round_invitations"),
    path("rounds/<int:pk>/mail/", invite_views.round_mail, name="round_mail"),
    path("rounds/<int:pk>/remind/", invite_views.round_remind, name="round_remind"),
    path(
        "rounds/<int:pk>/mail/<str:kind>/<str:language>/",
        invite_views.round_mail_text,
        name="round_mail_text",
    ),
    path("rounds/<int:pk>/paper/", paper.round_paper, name="round_paper"),
    path("rounds/<int:pk>/entry/", paper.round_entry, name="round_entry"),
    path("rounds/<int:pk>/import/", paper.round_import, name="round_import"),
]
