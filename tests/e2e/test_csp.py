"""With the Content-Security-Policy on, the main pages of every kind of user work without a single
console error or policy violation: the programme and the consultant follow every link they are shown,
a respondent opens the questionnaire, an administrator sets up two-factor login, a lost visitor sees
the 404 page."""

import pytest

from tests.e2e.test_every_page import PASSWORD, crawl, demo  # noqa: F401  (the demo fixture)

pytestmark = pytest.mark.slow

LISTEN = """document.addEventListener('securitypolicyviolation',
    e => console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));"""


class Console:
    """Every console error and page error of every page opened (``crawl`` calls :meth:`check`)."""

    def __init__(self):
        self.problems: list[str] = []
        self.pages = 0

    def watch(self, page, who: str):
        page.add_init_script(LISTEN)
        page.on(
            "console", lambda m: m.type == "error" and self.problems.append(f"{who} {page.url}: {m.text}")
        )
        page.on("pageerror", lambda e: self.problems.append(f"{who} {page.url}: {e}"))

    def check(self, page, who, kind):
        self.pages += 1


def _log_in(page, base, who):
    page.goto(f"{base}/accounts/login/")
    page.locator("input[name=username]").fill(who)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state()


def test_main_pages_pass_the_content_security_policy(browser, live_server, demo, settings):  # noqa: F811
    console = Console()
    base = live_server.url
    for who in ("demo-programma", "demo-consulent"):
        context = browser.new_context(locale="nl-BE")
        context.set_default_timeout(120_000)
        page = context.new_page()
        console.watch(page, who)
        response = page.goto(f"{base}/accounts/login/")
        policy = response.headers["content-security-policy"]
        assert "style-src 'self'" in policy and "unsafe" not in policy
        _log_in(page, base, who)
        crawl(page, console, who, f"{base}/manage/", base)
        context.close()

    context = browser.new_context(locale="fr-BE")
    page = context.new_page()
    console.watch(page, "respondent")
    page.goto(f"{base}/s/{demo['questionnaire']}/")
    page.locator("button[name=consent][value=agree]").click()
    page.wait_for_load_state()
    page.goto(f"{base}/c/{demo['personal']}/")
    context.close()

    settings.LEERSCAN_TWO_FACTOR_ROLES = ["admin", "programme", "provider"]
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    console.watch(page, "beheerder")
    _log_in(page, base, "beheerder")
    assert "/accounts/two-factor/" in page.url and page.locator(".qr svg").count() == 1
    context.close()

    context = browser.new_context(locale="de-DE")
    page = context.new_page()
    page.add_init_script(LISTEN)
    violations = []
    page.on("console", lambda m: "CSP" in m.text and violations.append(m.text))
    assert page.goto(f"{base}/no-such-page/").status == 404
    assert "Seite nicht gefunden" in page.content() or "Page not found" in page.content()
    context.close()

    assert console.pages > 20, console.pages
    assert not console.problems, "\n".join(console.problems)
    assert not violations, violations
