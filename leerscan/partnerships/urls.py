"""URLs of the partnership scan (under ``manage/partnerships/``)."""

from django.urls import path

from leerscan.partnerships.views import answer, results, rounds

app_name = "partnerships"
urlpatterns = [
    path("partnerships/", rounds.index, name="index"),
    path("partnerships/new/", rounds.create, name="create"),
    path("partnerships/pooled/", results.pooled, name="pooled"),
    path("partnerships/<int:pk>/", rounds.detail, name="round"),
    path("partnerships/<int:pk>/agree/", rounds.agree, name="agree"),
    path("partnerships/<int:pk>/open/", rounds.change_status, {"action": "open"}, name="open"),
    path("partnerships/<int:pk>/close/", rounds.change_status, {"action": "close"}, name="close"),
    path("partnerships/<int:pk>/answer/", answer.answer, name="answer"),
    path("partnerships/<int:pk>/circle/", answer.circle, name="circle"),
    path("partnerships/<int:pk>/map/", results.lot_map, name="map"),
    path("partnerships/<int:pk>/profile/", results.layer_profile, name="profile"),
    path("partnerships/<int:pk>/gaps/", results.gaps, name="gaps"),
    path("partnerships/<int:pk>/change/", results.change, name="change"),
    path("partnerships/<int:pk>/export/", results.export, name="export"),
    path("partnerships/<int:pk>/feedback.pdf", results.feedback_pdf, name="feedback_pdf"),
]
