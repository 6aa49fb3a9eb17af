"""The whole path in a real browser: a client writes in Uzbek, staff see the case in the queue."""

import os

import pytest

from huquq.cases.models import Case
from tests.conftest import client_for, needs_executable

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def browser():
    chromium = needs_executable("chromium")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls in the test
    # body are still synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


def test_uzbek_help_form_reaches_the_staff_queue(browser, live_server, operator):
    page = browser.new_page(viewport={"width": 360, "height": 740})
    page.goto(f"{live_server.url}/help/?lang=uz")
    assert page.locator("html").get_attribute("lang") == "uz"
    page.fill(
        "textarea[name=text]",
        "Akamni hozir politsiya ushlab turibdi, Moskvada bozorda olib ketishdi.",
    )
    page.fill("input[name=contact]", "+998 90 123 45 67")
    page.check("input[name=consent]")
    page.click("button[type=submit]")
    code = page.locator("#case-code").inner_text()
    assert len(page.locator("#case-pin").inner_text()) == 6
    # No horizontal scrolling on a 360 px phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    case = Case.objects.get(code=code)
    assert case.client_language == "uz"

    staff = browser.new_context()
    session = client_for(operator).cookies["sessionid"]
    staff.add_cookies([{"name": "sessionid", "value": session.value, "url": live_server.url}])
    queue = staff.new_page()
    queue.goto(f"{live_server.url}/staff/")
    row = queue.locator(f"a[href='/staff/cases/{code}/']")
    assert row.count() == 1
    row.click()
    assert "ushlab turibdi" in queue.content()
