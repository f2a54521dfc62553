"""Helpers of the trajectory tests: the facts registration needs, the trajectory page, a step, an
approval."""

from leerscan.trajectories.models import Trajectory

REGISTER_FACTS = {"enterprise_number": "0417497106", "employees": 23, "joint_committees": ["124"]}


def give_facts(organization, **changes):
    for key, value in {**REGISTER_FACTS, **changes}.items():
        setattr(organization, key, value)
    organization.save()


def page(client, organization, language="en"):
    return client.get(f"/manage/organizations/{organization.pk}/trajectory/", HTTP_ACCEPT_LANGUAGE=language)


def step(client, organization, target, note="", language="en"):
    return client.post(
        f"/manage/organizations/{organization.pk}/trajectory/step/",
        {"target": target, "note": note},
        HTTP_ACCEPT_LANGUAGE=language,
        follow=True,
    )


def approve(client, trajectory, **data):
    return client.post(
        f"/manage/programme/approvals/{trajectory.pk}/",
        {"decision": "approve", "note": "", **data},
        follow=True,
    )


def status_of(organization):
    return Trajectory.objects.get(organization=organization).status
