"""Competence matrix URLs: staff pages under ``manage/organizations/<pk>/competences/`` and the
personal pages behind a person's own link under ``c/<token>/`` (mounted at the site root)."""

from django.urls import path

from leerscan.competences import public_views
from leerscan.competences.views import insight, matrices, people, plan

app_name = "competences"

STAFF = "manage/organizations/<int:pk>/competences/"
MATRIX = STAFF + "matrices/<int:matrix_pk>/"
PERSON = STAFF + "people/<int:employee_pk>/"
ACTION = STAFF + "plan/actions/<int:action_pk>/"

urlpatterns = [
    path(STAFF, insight.overview, name="overview"),
    path(STAFF + "matrices/new/", matrices.matrix_new, name="matrix_new"),
    path(MATRIX, matrices.matrix_detail, name="matrix"),
    path(MATRIX + "edit/", matrices.matrix_edit, name="matrix_edit"),
    path(MATRIX + "levels/", matrices.matrix_levels, name="matrix_levels"),
    path(MATRIX + "delete/", matrices.matrix_delete, name="matrix_delete"),
    path(MATRIX + "export.<str:fmt>", matrices.matrix_export, name="matrix_export"),
    path(MATRIX + "roles/new/", matrices.role_form, name="role_new"),
    path(MATRIX + "roles/<int:role_pk>/", matrices.role_form, name="role_edit"),
    path(MATRIX + "roles/<int:role_pk>/delete/", matrices.role_delete, name="role_delete"),
    path(MATRIX + "competences/new/", matrices.competence_form, name="competence_new"),
    path(MATRIX + "competences/<int:competence_pk>/", matrices.competence_form, name="competence_edit"),
    path(
        MATRIX + "competences/<int:competence_pk>/delete/",
        matrices.competence_delete,
        name="competence_delete",
    ),
    path(STAFF + "insight/", insight.insight, name="insight"),
    path(STAFF + "people/", people.people, name="people"),
    path(STAFF + "people/new/", people.person_form, name="person_new"),
    path(STAFF + "people/links.csv", people.links_csv, name="links_csv"),
    path(PERSON, people.person_detail, name="person"),
    path(PERSON + "edit/", people.person_form, name="person_edit"),
    path(PERSON + "consent/", people.person_consent, name="person_consent"),
    path(PERSON + "link/", people.person_link, name="person_link"),
    path(PERSON + "export/", people.person_export, name="person_export"),
    path(PERSON + "delete/", people.person_delete, name="person_delete"),
    path(STAFF + "plan/", plan.plan, name="plan"),
    path(STAFF + "plan/accept/", plan.plan_accept, name="plan_accept"),
    path(STAFF + "plan/plan.pdf", plan.plan_pdf, name="plan_pdf"),
    path(STAFF + "plan/actions/new/", plan.action_form, name="action_new"),
    path(ACTION, plan.action_form, name="action_edit"),
    path(ACTION + "status/", plan.action_status, name="action_status"),
    path(ACTION + "delete/", plan.action_delete, name="action_delete"),
    path("c/<str:token>/", public_views.person_home, name="person_home"),
    path("c/<str:token>/assess/", public_views.person_assess, name="person_assess"),
    path("c/<str:token>/team/", public_views.person_team, name="person_team"),
    path("c/<str:token>/team/<int:employee_pk>/", public_views.person_report, name="person_report"),
    path("c/<str:token>/my-data/", public_views.person_export, name="person_data"),
    path("c/<str:token>/delete/", public_views.person_delete, name="person_delete_own"),
]
