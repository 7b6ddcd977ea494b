"""The main flows with the keyboard alone: the skip link is the first Tab stop and moves focus
to the main content, the login form is filled and sent with Tab, typing and Enter, focus is
always visible, and a draft is uploaded through the form reached with Tab."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from .steps import SAMPLES, USERS, assert_focus_visible, login, tab_to


def choose_file_with_space(page, path) -> None:
    """Space on the focused file field opens the file chooser (one retry: headless Chromium
    now and then drops the first key press after a navigation)."""
    from playwright.sync_api import TimeoutError

    for attempt in (1, 2):
        try:
            with page.expect_file_chooser(timeout=5_000) as chooser:
                page.keyboard.press("Space")
            chooser.value.set_files(path)
            return
        except TimeoutError:
            if attempt == 2:
                raise


def test_skip_link_and_login_with_the_keyboard(page, server, a11y, shoot):
    page.goto(server.url + "/logga-in")
    a11y.check(page, "inloggning")
    shoot(page, "login")
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    expect(skip).to_have_text("Hoppa till innehållet")
    expect(skip).to_be_in_viewport()
    assert_focus_visible(page)
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    username, password = USERS["writer"]
    page.keyboard.press("Tab")  # from <main>, the first field of the form
    expect(page.get_by_label("Användarnamn")).to_be_focused()
    assert_focus_visible(page)
    page.keyboard.type(username)
    page.keyboard.press("Tab")
    expect(page.get_by_label("Lösenord")).to_be_focused()
    assert_focus_visible(page)
    page.keyboard.type(password)
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Logga in")).to_be_focused()
    assert_focus_visible(page)
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")  # sends the form from the password field
    expect(page).to_have_url(re.compile(r"/arenden(#main)?$"))  # the skip link's #main stays
    expect(page.get_by_role("button", name="Logga ut")).to_be_visible()


def test_case_and_upload_with_the_keyboard(page, server, a11y):
    login(page, server.url, "writer")
    page.goto(server.url + "/arenden")
    tab_to(page, "a[href$='/arenden/nytt']")
    assert_focus_visible(page)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/arenden/nytt$"))

    tab_to(page, "#diarienummer")
    page.keyboard.type("KS 2026/321")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Ärendets rubrik")).to_be_focused()
    page.keyboard.type("Öppettider för simhallen")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Nämnd", exact=True)).to_be_focused()
    assert_focus_visible(page)
    page.keyboard.press("ArrowDown")  # the second committee in the list
    page.keyboard.press("Tab")
    expect(page.get_by_label("Sammanträdesdatum")).to_be_focused()
    page.keyboard.type("03152027")  # headless Chromium's date field is month/day/year
    expect(page.get_by_label("Sammanträdesdatum")).to_have_value("2027-03-15")
    tab_to(page, "input[type=submit], button[type=submit]", limit=5)
    assert_focus_visible(page)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/arenden/\d+$"))
    expect(page.locator(".summary")).to_contain_text("2027-03-15")

    seen = tab_to(page, "#file")
    assert_focus_visible(page)
    choose_file_with_space(page, SAMPLES / "bus_routes_strong.docx")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Ladda upp och granska")).to_be_focused()
    assert_focus_visible(page)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/utkast/1$"))
    assert len(seen) < 40, f"the upload form is {len(seen)} Tab presses away: {seen}"

    # Every Tab stop on the report page shows where the focus is, to the end of the page.
    stops = []
    for _ in range(200):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement === document.body"):
            break  # past the last stop: focus left the page
        assert_focus_visible(page)
        stops.append(page.evaluate("document.activeElement.textContent.trim().slice(0, 30)"))
    assert len(stops) >= 15, stops
