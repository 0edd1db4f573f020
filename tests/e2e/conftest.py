"""Browser fixtures for the end-to-end tests: Debian's Chromium, axe-core, a screenshot on failure.

Playwright drives /usr/bin/chromium from Debian's package; no browser is ever downloaded.
"""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# Served to the page from the same origin, so that the page's own Content-Security-Policy
# (script-src 'self', nothing inline) stays enforced in the browser while axe-core runs.
AXE_URL = "/__e2e__/axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
RESULTS = ROOT / "test-results"
TIMEOUT_MS = 10_000


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item, so a fixture can tell that the test failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="module")
def browser():
    """One Chromium for the module.

    Playwright's sync API runs an event loop in this thread, which makes Django refuse ORM calls
    from here (factories, transactional_db's flush). DJANGO_ALLOW_ASYNC_UNSAFE lifts that while
    the browser lives, and is removed again when the module is done.
    """
    from playwright.sync_api import sync_playwright

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # os.environ, restored on exit
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()


def new_context(browser, base_url: str):
    """A Finnish browser context of its own (another user's session), with axe-core served."""
    context = browser.new_context(base_url=base_url, locale="fi-FI",
                                  viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    context.route(f"**{AXE_URL}", lambda route: route.fulfill(
        path=AXE, content_type="text/javascript"))
    return context


@pytest.fixture
def page_errors() -> list[str]:
    """Script errors and CSP violations the page reported; a clean walk has none."""
    return []


@pytest.fixture
def page(browser, live_server, settings, request, page_errors):
    """A fresh Finnish browser context against the live server; a screenshot if the test fails."""
    settings.MOTI_REQUIRE_2FA = False  # TOTP sign-in is covered by tests/core/test_hardening.py
    context = new_context(browser, live_server.url)
    tab = context.new_page()
    tab.on("console", lambda m: page_errors.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda error: page_errors.append(str(error)))
    yield tab
    if any(getattr(request.node, f"report_{when}", None) is not None
           and getattr(request.node, f"report_{when}").failed for when in ("setup", "call")):
        RESULTS.mkdir(exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.nodeid)
        try:
            tab.screenshot(path=RESULTS / f"{name}.png", full_page=True)
            (RESULTS / f"{name}.html").write_text(tab.content(), encoding="utf-8")
            print(f"\nscreenshot of the failure: {RESULTS / name}.png ({tab.url})")
        except Exception as error:  # the page may be gone; the failure itself matters more
            print(f"\nno screenshot: {error}")
    context.close()


def axe_violations(page) -> list[dict]:
    """Run axe-core's WCAG 2.0/2.1 A and AA rules on the page as it is now."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # The file itself (path=AXE), fetched from the page's own origin: see AXE_URL.
        page.add_script_tag(url=AXE_URL)
    return page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {runOnly: {type: 'tag', values: tags},
                                                    resultTypes: ['violations']});
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                count: v.nodes.length,
                targets: v.nodes.slice(0, 3).map(n => n.target.join(' ')),
                summary: v.nodes.length ? v.nodes[0].failureSummary : '',
            }));
        }""", WCAG_TAGS)


def format_violations(violations: list[dict], where: str, url: str) -> str:
    lines = [f"axe-core: {len(violations)} WCAG 2.1 A/AA violation(s) on {where} ({url})"]
    for v in violations:
        lines.append(f"- {v['id']} [{v['impact']}]: {v['help']} ({v['count']} element(s))")
        lines.append(f"    first targets: {', '.join(v['targets'])}")
        if v["summary"]:
            lines.append("    " + v["summary"].replace("\n", "\n    "))
        lines.append(f"    {v['helpUrl']}")
    return "\n".join(lines)


def assert_accessible(page, where: str) -> None:
    """Zero axe-core violations of WCAG 2.1 A/AA, once the page and any HTMX swap have settled."""
    page.wait_for_load_state("load")
    # A function, not an expression: Playwright would eval() an expression, which the CSP forbids.
    page.wait_for_function("() => !document.querySelector("
                           "'.htmx-request, .htmx-swapping, .htmx-settling, .htmx-added')")
    violations = axe_violations(page)
    assert not violations, format_violations(violations, where, page.url)


@pytest.fixture
def axe(page):
    """`axe("where")`: assert that the page as it is now has no WCAG 2.1 A/AA violations."""
    return lambda where: assert_accessible(page, where)
