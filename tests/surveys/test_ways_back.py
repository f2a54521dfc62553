"""Every page under a scan round, and every form, has a way back to the page the user came from."""

import re


def test_every_page_under_a_round_or_a_form_leads_back(world, login):
    """A form or a page under a scan round has a way back to the page the user came from."""
    client = login(world.users["consultant_a"])
    round_url = f"/manage/rounds/{world.round_a.pk}/"
    organization_url = f"/manage/organizations/{world.org_a.pk}/"
    back_to = {
        f"{round_url}edit/": round_url,
        f"{round_url}entry/": round_url,
        f"{round_url}import/": round_url,
        f"{round_url}report/": round_url,
        f"{organization_url}rounds/new/": organization_url,
        f"{organization_url}edit/": organization_url,
        "/manage/organizations/new/": "/manage/",
        f"{organization_url}maturity/fill/owner/": f"{organization_url}maturity/",
    }
    for url, parent in back_to.items():
        html = client.get(url, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
        main = html[html.index("<main") :]
        assert re.search(rf'<a [^>]*href="{re.escape(parent)}"', main), url
    programme = login(world.users["programme"])
    html = programme.get("/manage/programme/communication/").content.decode()
    assert 'href="/manage/programme/"' in html[html.index("<main") :]
