"""Browser helpers for the end-to-end tests: Debian's Chromium and axe-core."""

import json
from pathlib import Path

from django.conf import settings

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def axe_violations(page) -> list[dict]:
    """Run axe-core's WCAG 2.1 A/AA rules on the page as it is now."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    return page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}}))"
        ".violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " targets: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))", WCAG_AA)


def assert_accessible(page, where: str) -> None:
    violations = axe_violations(page)
    assert not violations, f"axe on {where} ({page.url}):\n" + json.dumps(
        violations, ensure_ascii=False, indent=1)
