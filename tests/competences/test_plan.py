"""The training plan: suggestions from the gaps, accepting them once, status, the PDF, the progress
figures for the trajectory, and the demo data."""

import io

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from leerscan.competences import services
from leerscan.competences.demo import create_demo
from leerscan.competences.models import Matrix, PlanAction


def test_suggestions_become_actions_once(login, assessed, world):
    client = login(world.users["consultant_a"])
    page = client.get(reverse("competences:plan", args=[world.org_a.pk])).content.decode()
    assert 'data-testid="suggestions"' in page and "Sara" in page  # Sara can mentor Ahmed in dough
    url = reverse("competences:plan_accept", args=[world.org_a.pk])
    client.post(url, {"all": "1"})
    count = PlanAction.objects.count()
    assert count > 0
    client.post(url, {"all": "1"})  # double click
    assert PlanAction.objects.count() == count
    assert services.plan_suggestions(world.org_a) == []
    mentoring = PlanAction.objects.get(kind="mentoring", competence=assessed.dough)
    assert mentoring.mentor == assessed.sara and list(mentoring.participants.all()) == [assessed.ahmed]
    assert mentoring.title == ""  # no name stored: drawn from the linked mentor in the reader's language
    with translation.override("nl"):
        assert mentoring.label == "“Make dough” leren van Sara"
    with translation.override("fr"):
        assert mentoring.label == "Apprendre «\u00a0Make dough\u00a0» avec Sara"
    assert "“Make dough” leren van Sara" in page_after(client, world)
    assert mentoring.starts_on <= mentoring.due_on


def page_after(client, world):
    return client.get(
        reverse("competences:plan", args=[world.org_a.pk]), HTTP_ACCEPT_LANGUAGE="nl"
    ).content.decode()


def test_choosing_some_suggestions(login, assessed, world):
    client = login(world.users["contact_a"])
    keys = [s.key for s in services.plan_suggestions(world.org_a)]
    client.post(reverse("competences:plan_accept", args=[world.org_a.pk]), {"key": keys[:1]})
    assert list(PlanAction.objects.values_list("suggestion_key", flat=True)) == keys[:1]


def test_status_and_progress(login, assessed, world):
    services.accept_suggestions(world.org_a)
    client = login(world.users["contact_a"])
    action = PlanAction.objects.first()
    client.post(reverse("competences:action_status", args=[world.org_a.pk, action.pk]), {"status": "done"})
    client.post(reverse("competences:action_status", args=[world.org_a.pk, action.pk]), {"status": "bogus"})
    action.refresh_from_db()
    assert action.status == "done"
    progress = services.training_plan_progress(world.org_a)
    assert progress.total == PlanAction.objects.count() and progress.done == 1
    assert progress.planned == progress.total - 1 and progress.in_progress == 0
    assert sum(progress.by_kind.values()) == progress.total
    assert progress.people == len(
        set(PlanAction.participants.through.objects.values_list("employee_id", flat=True))
    )
    assert services.training_plan_progress(world.org_b).total == 0


def test_plan_progress_fragment_renders_for_another_page():
    progress = services.PlanProgress(
        total=4, planned=1, in_progress=1, done=2, by_kind={"formal": 3, "mentoring": 1}, people=3
    )
    with translation.override("en"):
        html = render_to_string("competences/_plan_progress.html", {"plan_progress": progress})
        empty = render_to_string(
            "competences/_plan_progress.html", {"plan_progress": services.PlanProgress()}
        )
    assert 'data-testid="plan-total">4<' in html and "2 (50%)" in html and "formal training" in html
    assert "no actions yet" in empty
    with translation.override("de"):
        assert "Weiterbildungsplans" in render_to_string(
            "competences/_plan_progress.html", {"plan_progress": progress}
        )


def test_a_new_action_by_hand(login, assessed, world):
    client = login(world.users["contact_a"])
    url = reverse("competences:action_new", args=[world.org_a.pk])
    base = {
        "title": "Oven course",
        "kind": "mentoring",
        "status": "planned",
        "participants": [assessed.ahmed.pk],
    }
    assert client.post(url, base).status_code == 200  # mentoring needs a mentor
    assert client.post(url, {**base, "mentor": assessed.ahmed.pk}).status_code == 200  # not yourself
    bad_dates = {**base, "kind": "formal", "starts_on": "2025-05-01", "due_on": "2025-04-01"}
    assert client.post(url, bad_dates).status_code == 200
    stranger = {**base, "kind": "formal", "participants": [assessed.other.pk]}
    assert client.post(url, stranger).status_code == 200  # someone of another organization
    assert not PlanAction.objects.exists()
    ok = {**base, "kind": "formal", "provider": "Bakery school", "hours": "16", "due_on": "2025-06-30"}
    assert client.post(url, ok).status_code == 302
    assert PlanAction.objects.get().provider == "Bakery school"


def test_training_plan_pdf_lists_the_actions(login, assessed, world):
    services.accept_suggestions(world.org_a)
    PlanAction.objects.create(organization=world.org_b, title="Garage secret course")
    client = login(world.users["consultant_a"])
    response = client.get(reverse("competences:plan_pdf", args=[world.org_a.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    with translation.override("en"):
        labels = [action.label for action in PlanAction.objects.filter(organization=world.org_a)]
    assert labels and all(label for label in labels)
    flat = " ".join(text.split())
    for label in labels:
        assert label in flat, label
    assert "Ahmed" in text and "Sara" in text and "Garage secret course" not in text


def test_the_plan_pdf_has_a_section_per_person_and_one_for_groups(login, assessed, world):
    from leerscan.competences.views.plan import _actions, _plan_sections

    services.accept_suggestions(world.org_a)
    group = PlanAction.objects.create(organization=world.org_a, title="Hygiene course for everyone")
    group.participants.set([assessed.ahmed, assessed.sara, assessed.tom])
    PlanAction.objects.create(organization=world.org_a, title="Find a trainer")
    sections = _plan_sections(_actions(world.org_a))
    by_name = {section["person"].name: section["actions"] for section in sections["people"]}
    assert [a.participants.get() for a in by_name["Ahmed"]] == [assessed.ahmed] * len(by_name["Ahmed"])
    assert [a.title for a in sections["groups"]] == ["Hygiene course for everyone"]
    assert [a.title for a in sections["unassigned"]] == ["Find a trainer"]
    client = login(world.users["consultant_a"])
    response = client.get(reverse("competences:plan_pdf", args=[world.org_a.pk]), HTTP_ACCEPT_LANGUAGE="nl")
    text = " ".join(
        " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages).split()
    )
    order = [
        "Ahmed Bakery · Baker",  # Ahmed's section, with his own action
        "“Make dough” leren van Sara",
        "Sara Bakery · Baker",  # then Sara's
        "“Food hygiene” leren van Mia",
        "Groepsacties",  # then the group actions, with who learns
        "Hygiene course for everyone formele opleiding – Ahmed, Sara, Tom",
        "Acties nog zonder deelnemers",
        "Find a trainer",
    ]
    positions = [text.index(part) for part in order]
    assert positions == sorted(positions)


def test_demo_is_idempotent_and_realistic(world):
    first = create_demo(world.org_a)
    counts = (Matrix.objects.count(), PlanAction.objects.count(), world.org_a.competence_people.count())
    second = create_demo(world.org_a)
    assert first.pk == second.pk
    assert (
        Matrix.objects.count(),
        PlanAction.objects.count(),
        world.org_a.competence_people.count(),
    ) == counts
    progress = services.training_plan_progress(world.org_a)
    assert progress.total >= 5 and progress.done >= 1 and progress.in_progress >= 1
    assert {kind for kind, n in progress.by_kind.items() if n} >= {"formal", "mentoring", "on_the_job"}
    assert world.org_a.competence_people.filter(consent_at__isnull=False).count() == counts[2]
    # every mentor in the demo masters what they teach (not a colleague who still needs help)
    from leerscan.competences import matrix as logic

    data = services.organization_data(world.org_a)
    mentored = PlanAction.objects.filter(organization=world.org_a, mentor__isnull=False)
    assert mentored.filter(kind="mentoring").count() >= 3
    for action in mentored:
        level = data.agreed[(action.mentor_id, action.competence_id)]
        assert level >= logic.mastery_level(data.required_for(action.competence_id), 4), action.label
