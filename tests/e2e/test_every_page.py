"""Every page of every role, in French, on a phone (390 px) and a laptop (1280 px): no sideways scroll
outside tables that scroll on their own, a title of its own, the frame in French (no Dutch or English
left in the header, breadcrumb, tabs or footer), and no serious accessibility finding (axe-core).

The pages are found as a user finds them: each role logs in and follows every link it is shown, one
page per kind of page (URL pattern). The respondent's questionnaire and the personal competence
page are walked through their own links.
"""

import re
from collections import defaultdict
from io import StringIO
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import Resolver404, resolve
from django.utils import translation
from playwright.sync_api import Error as PlaywrightError

from leerscan.competences.models import Employee
from leerscan.surveys.models import ScanRound
from tests.e2e.test_respondent_journey import answer_current_page

PASSWORD = "demo-wachtwoord-42"
ROLES = ("demo-programma", "demo-fonds", "demo-consulent", "demo-eigenaar", "beheerder")
WIDTHS = {"phone": {"width": 390, "height": 844}, "laptop": {"width": 1280, "height": 900}}
FRAME_TEMPLATES = ("base.html", "manage/base.html", "respond/base.html", "competences/base.html")
FRAME = "header.site, footer.site, nav, .skip"
SKIPPED_PATHS = ("/admin/", "/i18n/", "/accounts/logout")
DOWNLOADS = re.compile(
    r"\.(pdf|csv|xlsx|zip|sav|parquet|json|html)$|/(pdf|csv|excel|export|download|fiche|poster)", re.I
)
TEMPLATES = Path(__file__).resolve().parents[2] / "leerscan"


def frame_words() -> set[str]:
    """The frame's texts in English and Dutch wherever French says something else."""
    words = set()
    for name in FRAME_TEMPLATES:
        for path in TEMPLATES.rglob(name):
            if "templates" not in path.parts:
                continue
            for text in re.findall(r"""{% translate ["']([^"']+)["'] %}""", path.read_text()):
                with translation.override("fr"):
                    french = translation.gettext(text)
                with translation.override("nl"):
                    dutch = translation.gettext(text)
                words.update(word for word in (text, dutch) if word != french and len(word) > 3)
    return words


@pytest.fixture
def demo(transactional_db):
    call_command("demo", stdout=StringIO())
    for user in User.objects.filter(username__in=ROLES):
        user.set_password(PASSWORD)
        user.save()
    User.objects.create_superuser("beheerder", password=PASSWORD)
    Employee.objects.update(language="fr")
    return {
        "questionnaire": ScanRound.objects.get(status=ScanRound.Status.OPEN).public_token,
        "personal": Employee.objects.filter(token__isnull=False).first().token,
    }


def kind_of_page(url: str) -> str | None:
    """The URL pattern of a page worth opening, or None for downloads and other sites' pages."""
    parts = urlsplit(url)
    if parts.netloc and not parts.netloc.startswith(("localhost", "127.0.0.1")):
        return None
    if parts.path.startswith(SKIPPED_PATHS) or DOWNLOADS.search(parts.path):
        return None
    try:
        match = resolve(parts.path)
    except Resolver404:
        return None
    return match.route + ("?" + "&".join(sorted(re.findall(r"(\w+)=", parts.query))) if parts.query else "")


class Audit:
    """Collects every problem of every page, so one run lists them all."""

    def __init__(self, artifacts):
        self.problems: list[str] = []
        self.titles: dict[str, dict[str, str]] = defaultdict(dict)
        self.frame_words = frame_words()
        self.axe = Axe()
        self.artifacts = artifacts

    def check(self, page, who: str, kind: str) -> None:
        where = f"{who} {kind} ({page.url})"
        title = page.title().strip()
        if title.lower() in ("", "leerscan"):
            self.problems.append(f"{where}: the title is only '{title}'")
        self.titles[who][kind] = title
        frame = " ".join(page.locator(FRAME).all_inner_texts())
        leftovers = sorted(word for word in self.frame_words if re.search(rf"\b{re.escape(word)}\b", frame))
        if leftovers:
            self.problems.append(f"{where}: frame text not in French: {leftovers}")
        for width, viewport in WIDTHS.items():
            page.set_viewport_size(viewport)
            page.evaluate("() => new Promise(done => requestAnimationFrame(() => done()))")  # after resizing
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            if overflow > 1:
                wide = page.evaluate(
                    """() => [...document.querySelectorAll('main *')].filter(e => {
                        const r = e.getBoundingClientRect();
                        return r.right > document.documentElement.clientWidth + 1
                            && !e.closest('.scroll');
                    }).slice(0, 3)
                    .map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : ''))"""
                )
                self.problems.append(f"{where} at {width}: scrolls {overflow}px sideways ({wide})")
            serious = [
                f"{violation['id']} ({len(violation['nodes'])}x: {violation['nodes'][0]['target']})"
                for violation in self.axe.run(page).response["violations"]
                if violation["impact"] in ("serious", "critical")
            ]
            if serious:
                self.problems.append(f"{where} at {width}: axe: {serious}")

    def check_distinct_titles(self) -> None:
        for who, titles in self.titles.items():
            kinds_by_title = defaultdict(list)
            for kind, title in titles.items():
                kinds_by_title[title].append(kind)
            for title, kinds in kinds_by_title.items():
                if len(kinds) > 1:
                    self.problems.append(
                        f"{who}: {len(kinds)} kinds of page share the title '{title}': {kinds}"
                    )


def crawl(page, audit: Audit, who: str, start: str, base: str) -> int:
    """Open ``start`` and every page it links to, one page per kind; returns how many were opened."""
    queue, seen = [start], set()
    while queue:
        url = queue.pop(0)
        kind = kind_of_page(url)
        if kind is None or kind in seen:
            continue
        seen.add(kind)
        try:
            response = page.goto(url)
        except PlaywrightError as error:  # a file to download, not a page
            if "Download is starting" in str(error):
                continue
            raise
        if response is None or "text/html" not in (response.headers.get("content-type") or ""):
            continue
        landed = kind_of_page(page.url)  # after a redirect: the page the user really sees
        if landed != kind and landed in seen:
            continue
        seen.add(landed)
        kind = landed or kind
        assert response.status < 500, f"{who}: {url} answered {response.status}"
        audit.check(page, who, kind)
        for href in page.locator("a[href]:not([download])").evaluate_all("links => links.map(a => a.href)"):
            if href.startswith(base) and kind_of_page(href) not in seen:
                queue.append(href.split("#")[0])
    return len(seen)


def walk_questionnaire(page, audit: Audit, base: str, token: str) -> None:
    """Consent, every page of the questionnaire (answered as a respondent would) and the review."""
    page.goto(f"{base}/s/{token}/")
    audit.check(page, "respondent", "consent")
    page.locator("button[name=consent][value=agree]").click()
    page.wait_for_load_state()
    for number in range(1, 30):
        if "/review" in page.url:
            break
        audit.check(page, "respondent", f"page {number}")
        before = page.url
        answer_current_page(page)
        page.locator("button.primary").click()
        page.wait_for_load_state()
        assert page.url != before, f"page {number} of the questionnaire did not save"
    audit.check(page, "respondent", "review")


@pytest.mark.slow
def test_every_page_of_every_role_in_french(browser, live_server, demo, artifacts):
    audit = Audit(artifacts)
    opened = {}
    for who in ROLES:
        context = browser.new_context(locale="fr-BE", viewport=WIDTHS["laptop"])
        context.set_default_timeout(120_000)  # the research page computes its figures on each visit
        page = context.new_page()
        page.goto(f"{live_server.url}/accounts/login/")
        audit.check(page, "visitor", "login")
        page.locator("input[name=username]").fill(who)
        page.locator("input[name=password]").fill(PASSWORD)
        page.locator("main form button[type=submit]").last.click()
        page.wait_for_load_state()
        opened[who] = crawl(page, audit, who, f"{live_server.url}/manage/", live_server.url)
        context.close()
    context = browser.new_context(locale="fr-BE", viewport=WIDTHS["phone"])
    page = context.new_page()
    walk_questionnaire(page, audit, live_server.url, demo["questionnaire"])
    opened["employee"] = crawl(
        page, audit, "employee", f"{live_server.url}/c/{demo['personal']}/", live_server.url
    )
    context.close()
    audit.check_distinct_titles()

    assert all(count >= 5 for who, count in opened.items() if who != "employee"), opened
    assert not audit.problems, f"{len(audit.problems)} problems:\n" + "\n".join(audit.problems)
