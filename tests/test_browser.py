"""In a real browser: a client writes in Uzbek and staff see the case in the queue; a staff
member adds a passkey and logs in with it."""

import os

import pytest

from huquq.cases.models import Case
from huquq.security.models import AuditEvent, Passkey
from tests.conftest import PASSWORD, client_for, needs_executable

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


def test_add_a_passkey_then_log_in_with_it(browser, live_server, operator, settings):
    # Browsers allow WebAuthn over plain HTTP only on localhost, which is the live server's host.
    assert live_server.url.startswith("http://localhost:")
    settings.PASSKEY_ORIGIN = live_server.url
    settings.PASSKEY_RP_ID = "localhost"
    context = browser.new_context()
    session = client_for(operator).cookies["sessionid"]
    context.add_cookies([{"name": "sessionid", "value": session.value, "url": live_server.url}])
    page = context.new_page()
    console = []
    page.on("console", lambda message: console.append(message.text))
    # Chromium's virtual authenticator: a platform passkey that always verifies its user.
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    options = {
        "protocol": "ctap2",
        "transport": "internal",
        "hasResidentKey": True,
        "hasUserVerification": True,
        "isUserVerified": True,
        "automaticPresenceSimulation": True,
    }
    authenticator = cdp.send("WebAuthn.addVirtualAuthenticator", {"options": options})

    page.goto(f"{live_server.url}/staff/security/account/?lang=en")
    assert page.locator(".passkey-nojs").is_hidden()  # the script runs and offers the button
    page.fill("input[name=name]", "test laptop")
    page.click("form[data-passkey] button[type=submit]")
    page.wait_for_selector("text=Passkey added.")
    assert "test laptop" in page.locator("table").inner_text()
    passkey = Passkey.objects.get(user=operator)
    credentials = cdp.send(
        "WebAuthn.getCredentials", {"authenticatorId": authenticator["authenticatorId"]}
    )
    assert len(credentials["credentials"]) == 1

    context.clear_cookies()
    page.goto(f"{live_server.url}/staff/login/")
    page.fill("input[name=username]", "op")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/staff/security/otp/**")
    page.click("text=Log in with a passkey")
    page.wait_for_url(f"{live_server.url}/staff/")
    assert page.locator("h1").inner_text() in {"Open cases", "Открытые дела"}
    passkey.refresh_from_db()
    assert passkey.last_used_at is not None
    assert AuditEvent.objects.filter(action="security.passkey.used", actor=operator).exists()
    assert not [text for text in console if "Content Security Policy" in text]
