"""Steps a person takes in the browser, shared by the journeys."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page, expect

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
USERS = {  # role -> (username, password) of the demo organisation (jamcheck/web/seed.py)
    "writer": ("handlaggare", "demo-handlaggare"),
    "secretary": ("sekreterare", "demo-sekreterare"),
    "admin": ("admin", "demo-administrator"),
}
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def login(page: Page, base: str, role: str) -> None:
    username, password = USERS[role]
    page.goto(base + "/logga-in")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(password)
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("button", name="Logga ut")).to_be_visible()


def flash(page: Page):
    return page.locator(".flashes")


def percent(text: str) -> float | None:
    """'67 %' or '58,3 %' -> 67.0 / 58.3; 'ej tillämpligt' or '–' -> None."""
    match = re.search(r"(\d+(?:,\d+)?)\s*%", text)
    return float(match.group(1).replace(",", ".")) if match else None


def create_case(page: Page, base: str, diarienummer: str, title: str, committee: str,
                meeting_date: str) -> int:
    page.goto(base + "/arenden")
    page.get_by_role("link", name="Nytt ärende").click()
    expect(page).to_have_url(re.compile(r"/arenden/nytt$"))
    page.get_by_label("Diarienummer").fill(diarienummer)
    page.get_by_label("Ärendets rubrik").fill(title)
    page.get_by_label("Nämnd").select_option(label=committee)
    page.get_by_label("Sammanträdesdatum").fill(meeting_date)
    page.get_by_role("button", name="Skapa ärende").click()
    expect(page).to_have_url(re.compile(r"/arenden/\d+$"))
    expect(flash(page)).to_contain_text("Ärendet är skapat")
    return int(re.search(r"/arenden/(\d+)$", page.url).group(1))


def upload(page: Page, path_or_file) -> None:
    """Choose a file in the upload form on the current page and send it."""
    page.get_by_label("Utkast (.docx)").set_input_files(path_or_file)
    page.get_by_role("button", name="Ladda upp och granska").click()


def tab_to(page: Page, selector: str, limit: int = 80) -> list[str]:
    """Press Tab until the focused element matches `selector`; returns what got focus on the
    way. Fails when it is not reached within `limit` presses."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        info = page.evaluate(
            "s => { const e = document.activeElement; return [e.matches(s), "
            "e.tagName + (e.id ? '#' + e.id : '') + ' ' + (e.textContent || e.value || '')"
            ".trim().slice(0, 40)]; }", selector)
        seen.append(info[1])
        if info[0]:
            return seen
    raise AssertionError(f"{selector} not reached with {limit} Tab presses; focus went to "
                         f"{seen[:30]}")


FOCUS_STYLE = """() => {
  const e = document.activeElement, s = getComputedStyle(e);
  const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
  return {visible: e.matches(':focus-visible') && (outline || s.boxShadow !== 'none'),
          element: e.tagName + (e.id ? '#' + e.id : '') + (e.className ? '.' + e.className : ''),
          outline: s.outlineStyle + ' ' + s.outlineWidth, shadow: s.boxShadow};
}"""


def assert_focus_visible(page: Page) -> None:
    style = page.evaluate(FOCUS_STYLE)
    assert style["visible"], f"no visible focus indicator on {style}"
