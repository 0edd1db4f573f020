"""Take the README's screenshots from the demo region in Debian's Chromium.

Run: make screenshots   (a temporary database, the demo region, a server on port 8765)
"""

import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
PORT = 8765
BASE = f"http://127.0.0.1:{PORT}"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def main() -> None:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tempfile.mkdtemp()}/shots.sqlite3",
           "DEBUG": "true", "MOTI_REQUIRE_2FA": "false"}
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], env=env, check=True)
    subprocess.run([*manage, "demo"], env=env, check=True, stdout=subprocess.DEVNULL)
    server = subprocess.Popen([*manage, "runserver", "--noreload", f"127.0.0.1:{PORT}"],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(50):
            try:
                urllib.request.urlopen(f"{BASE}/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        shoot()
    finally:
        server.terminate()
        server.wait(timeout=10)


def shoot() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="fi-FI")
        page.goto(f"{BASE}/accounts/login/")
        page.fill("input[name=username]", "koordinaattori")
        page.fill("input[name=password]", "moti-demo-2026")
        page.click("button[type=submit] >> nth=-1")
        page.wait_for_url(f"{BASE}/")
        page.screenshot(path=OUT / "my-work.png", full_page=True)
        # Paju's team: the story of seed 001.
        href = page.locator("#h-led ~ ul li", has_text="Paju").locator("a").first \
            .get_attribute("href")
        team_url = f"{BASE}{href}"
        page.goto(team_url)
        page.screenshot(path=OUT / "team.png", full_page=True)
        page.goto(f"{team_url}plan/")
        page.screenshot(path=OUT / "plan.png", full_page=True)
        page.goto(f"{team_url}plan/print/")
        page.screenshot(path=OUT / "plan-print.png", full_page=True)
        browser.close()
    print(f"screenshots in {OUT}")


if __name__ == "__main__":
    main()
