"""The overview and the insight page: gaps, mentors and coverage in numbers."""

from django.urls import reverse

from leerscan.competences import services


def test_insight_shows_gaps_mentors_and_coverage_in_numbers(login, assessed, world):
    services.save_levels(assessed.ahmed, "agreed", {assessed.oven.pk: 1})  # now only Mia runs the oven
    client = login(world.users["contact_a"])
    html = client.get(
        reverse("competences:insight", args=[world.org_a.pk]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert 'data-testid="heat-map"' in html
    assert "1 of 2 below" in html  # bakers and dough: Ahmed below, Sara not; Tom not agreed yet
    assert "1 not agreed yet" in html
    assert 'data-testid="gaps"' in html and "Sara (4 · Can teach)" in html
    coverage = html.split('data-testid="coverage"')[1].split("</table>")[0]
    oven = coverage.split("Run the oven")[1].split("</tr>")[0]
    assert "Mia" in oven and "Only one person" in oven
    dough = coverage.split("Make dough")[1].split("</tr>")[0]
    assert "Mia, Sara" in dough and "OK" in dough


def test_overview_counts_and_risks(login, assessed, world):
    client = login(world.users["contact_a"])
    html = client.get(
        reverse("competences:overview", args=[world.org_a.pk]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert 'data-testid="gap-count">' in html and "Bakery" in html
