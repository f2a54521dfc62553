"""Public respondent URLs (no login)."""

from django.urls import path

from leerscan.surveys import invite_views
from leerscan.surveys import respondent_views as views

app_name = "respond"
urlpatterns = [
    path("s/<str:token>/", views.landing, name="landing"),
    path("s/<str:token>/page/<int:number>/", views.page, name="page"),
    path("s/<str:token>/review/", views.review, name="review"),
    path("s/<str:token>/thanks/", views.thanks, name="thanks"),
    path("s/<str:token>/resume/", views.resume, name="resume"),
    path("p/<str:token>/", views.personal, name="personal"),
    path("stop/<str:token>/", invite_views.stop, name="stop"),
]
