"""URLs of trajectories, eligibility reviews and the programme view (under ``manage/``)."""

from django.urls import path

from leerscan.trajectories import views

app_name = "trajectories"
trajectory = "organizations/<int:pk>/trajectory/"
urlpatterns = [
    path(trajectory, views.trajectory_page, name="trajectory"),
    path(f"{trajectory}register/", views.trajectory_register, name="register_trajectory"),
    path(f"{trajectory}step/", views.trajectory_move, name="move"),
    path(f"{trajectory}needs/", views.trajectory_needs, name="needs"),
    path(f"{trajectory}de-minimis/", views.trajectory_de_minimis, name="de_minimis"),
    path(f"{trajectory}action-plan/", views.trajectory_action_plan, name="action_plan"),
    path(f"{trajectory}actions/new/", views.action_add, name="action_add"),
    path(f"{trajectory}actions/<int:action_pk>/", views.action_edit, name="action_edit"),
    path(f"{trajectory}<str:kind>/<int:row_pk>/delete/", views.row_delete, name="row_delete"),
    path(f"{trajectory}time/new/", views.time_add, name="time_add"),
    path(f"{trajectory}stories/new/", views.story_add, name="story_add"),
    path(f"{trajectory}consultants/", views.trajectory_consultants, name="consultants"),
    path(f"{trajectory}fiche/", views.trajectory_fiche, name="fiche"),
    path("register/", views.register_page, name="register"),
    path("programme/", views.programme_page, name="programme"),
    path("programme/export/", views.programme_export, name="programme_export"),
    path("programme/communication/", views.communication, name="communication"),
    path("programme/approvals/", views.approvals, name="approvals"),
    path("programme/approvals/<int:trajectory_pk>/", views.review, name="review"),
]
