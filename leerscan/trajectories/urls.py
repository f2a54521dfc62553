"""URLs of trajectories, eligibility reviews and the programme view (under ``manage/``)."""

from django.urls import path

from leerscan.trajectories.views import exports, programme_pages, records, steps

app_name = "trajectories"
trajectory = "organizations/<int:pk>/trajectory/"
urlpatterns = [
    path(trajectory, steps.trajectory_page, name="trajectory"),
    path(f"{trajectory}register/", steps.trajectory_register, name="register_trajectory"),
    path(f"{trajectory}step/", steps.trajectory_move, name="move"),
    path(f"{trajectory}needs/", records.trajectory_needs, name="needs"),
    path(f"{trajectory}de-minimis/", records.trajectory_de_minimis, name="de_minimis"),
    path(f"{trajectory}action-plan/", records.trajectory_action_plan, name="action_plan"),
    path(f"{trajectory}actions/new/", records.action_add, name="action_add"),
    path(f"{trajectory}actions/<int:action_pk>/", records.action_edit, name="action_edit"),
    path(f"{trajectory}<str:kind>/<int:row_pk>/delete/", records.row_delete, name="row_delete"),
    path(f"{trajectory}time/new/", records.time_add, name="time_add"),
    path(f"{trajectory}stories/new/", records.story_add, name="story_add"),
    path(f"{trajectory}consultants/", steps.trajectory_consultants, name="consultants"),
    path(f"{trajectory}fiche/", exports.trajectory_fiche, name="fiche"),
    path("register/", programme_pages.register_page, name="register"),
    path("programme/", programme_pages.programme_page, name="programme"),
    path("programme/export/", exports.programme_export, name="programme_export"),
    path("programme/communication/", programme_pages.communication, name="communication"),
    path("programme/approvals/", programme_pages.approvals, name="approvals"),
    path("programme/approvals/<int:trajectory_pk>/", programme_pages.review, name="review"),
]
