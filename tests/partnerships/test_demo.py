"""The demo has partnership rounds in two lots: one confidential, one open with two rounds."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.http import HttpRequest

from leerscan.partnerships.models import PartnershipResponse, PartnershipRound


@pytest.mark.django_db
@pytest.mark.slow
def test_the_demo_shows_every_partnership_view_to_its_people(client):
    call_command("demo", stdout=StringIO())
    out = StringIO()
    call_command("demo", stdout=out)  # idempotent
    rounds = PartnershipRound.objects.order_by("lot__number", "number")
    assert [(r.lot.number, r.number, r.mode, r.status) for r in rounds] == [
        (2, 1, "open", "closed"),
        (2, 2, "open", "open"),
        (4, 1, "confidential", "closed"),
    ]
    assert "/manage/partnerships/" in out.getvalue()
    passwords = dict(re.findall(r"(demo-\w+)\s+password: (\S+)", out.getvalue()))
    second = rounds[1]
    assert client.login(
        request=HttpRequest(), username="demo-consulent", password=passwords["demo-consulent"]
    )
    assert PartnershipResponse.objects.filter(round=second, respondent__username="demo-consulent").exists()
    for page in ("", "answer/", "circle/", "map/", "profile/", "gaps/"):
        assert client.get(f"/manage/partnerships/{second.pk}/{page}").status_code == 200, page
    confidential = rounds[2]
    assert client.get(f"/manage/partnerships/{confidential.pk}/").status_code == 404  # another lot
    assert client.login(
        request=HttpRequest(), username="demo-programma", password=passwords["demo-programma"]
    )
    assert client.get(f"/manage/partnerships/{confidential.pk}/map/").status_code == 403
    pooled = client.get("/manage/partnerships/pooled/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'data-testid="profile"' in pooled  # lot 2 (round 2) and lot 4 have at least 5 answers each
    side_by_side = pooled.split('data-testid="open-lots"')[1]
    assert "Lot 2" in side_by_side and "Lot 4" not in side_by_side  # a confidential lot is never shown alone
    needs = pooled.split('data-testid="needs"')[1].split("</table>")[0]
    counts = [int(c) for c in re.findall(r'<td class="num">(\d+)</td>', needs)]
    assert counts == sorted(counts, reverse=True) and sum(counts) == 3 * (8 + 6 + 1)  # three needs each
