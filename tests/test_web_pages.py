"""The public pages: help on the criteria (/hjalp) and the accessibility statement (/tillganglighet)."""

from __future__ import annotations

import itertools
import re
from html.parser import HTMLParser

import pytest
import yaml

from jamcheck.ruleset import CRITERIA, RULES_DIR
from jamcheck.web import create_app
from jamcheck.web.pages import CRITERIA_HELP, HelpError, load_criteria_help, parse_criteria_help


class Outline(HTMLParser):
    """Collects headings, ids, in-page links, inline styles/scripts and, per criterion section,
    the classes and text inside it."""

    def __init__(self):
        super().__init__()
        self.headings: list[tuple[int, str]] = []
        self.ids: list[str] = []
        self.fragments: list[str] = []
        self.inline: list[str] = []
        self.sections: dict[str, dict] = {}
        self._heading: list[str] | None = None
        self._stack: list[tuple[str, str | None]] = []  # (tag, criterion id opened by it)
        self._open: list[str] = []  # criterion sections currently open

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" or "style" in attrs or any(a.startswith("on") for a in attrs):
            self.inline.append(f"<{tag} {attrs}>")
        if attrs.get("id"):
            self.ids.append(attrs["id"])
        if tag == "a" and (attrs.get("href") or "").startswith("#"):
            self.fragments.append(attrs["href"][1:])
        if re.fullmatch(r"h[1-6]", tag):
            self._heading = []
            self._level = int(tag[1])
        opened = None
        if tag == "section" and attrs.get("id") in CRITERIA:
            opened = attrs["id"]
            self.sections[opened] = {"classes": set(), "text": []}
            self._open.append(opened)
        for cid in self._open:
            self.sections[cid]["classes"].update((attrs.get("class") or "").split())
        if tag not in ("br", "img", "input", "meta", "link", "hr"):
            self._stack.append((tag, opened))

    def handle_endtag(self, tag):
        if re.fullmatch(r"h[1-6]", tag) and self._heading is not None:
            self.headings.append((self._level, " ".join("".join(self._heading).split())))
            self._heading = None
        while self._stack:
            open_tag, opened = self._stack.pop()
            if opened:
                self._open.remove(opened)
            if open_tag == tag:
                break

    def handle_data(self, data):
        if self._heading is not None:
            self._heading.append(data)
        for cid in self._open:
            self.sections[cid]["text"].append(data)


@pytest.fixture()
def client(tmp_path):
    app = create_app({"DATABASE_URL": f"sqlite:///{tmp_path}/x.sqlite", "SECRET_KEY": "test",
                      "WTF_CSRF_ENABLED": False})
    return app.test_client()


def outline(html: str) -> Outline:
    parser = Outline()
    parser.feed(html)
    parser.close()
    return parser


def assert_sound_structure(page: Outline) -> None:
    levels = [level for level, _ in page.headings]
    assert levels.count(1) == 1 and levels[0] == 1, page.headings
    for before, after in itertools.pairwise(levels):
        assert after <= before + 1, f"heading level skipped: {page.headings}"
    assert all(text for _, text in page.headings)
    assert len(page.ids) == len(set(page.ids)), "duplicate ids"
    missing = [f for f in page.fragments if f not in page.ids]
    assert not missing, f"in-page links without a target: {missing}"
    assert not page.inline, f"inline styles or scripts (forbidden by the CSP): {page.inline}"


def test_help_page_renders_without_login(client):
    response = client.get("/hjalp")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<title>Hjälp – jamcheck</title>" in html
    page = outline(html)
    assert_sound_structure(page)
    assert page.headings[0][1].startswith("Hjälp")
    assert "Innehåll" in [text for _, text in page.headings]


def test_help_page_explains_every_criterion_with_examples(client):
    html = client.get("/hjalp").get_data(as_text=True)
    page = outline(html)
    assert list(page.sections) == list(CRITERIA)
    for cid in CRITERIA:
        assert f'href="#{cid}"' in html, f"{cid} missing from the table of contents"
        section = page.sections[cid]
        assert {"help-example-good", "help-example-weak"} <= section["classes"], cid
        text = " ".join(" ".join(section["text"]).split())
        assert "Bra formulering" in text and "Svag formulering" in text, cid
        for score in ("3 – finns", "2 – behöver utvecklas", "1 – saknas"):
            assert score in text, (cid, score)
    entries = {e["id"]: e for e in load_criteria_help()}
    for cid in CRITERIA:
        text = " ".join(" ".join(page.sections[cid]["text"]).split())
        assert entries[cid]["good"]["text"] in text
        assert entries[cid]["weak"]["text"] in text
        assert entries[cid]["good"]["text"] != entries[cid]["weak"]["text"]


def test_help_page_uses_the_criterion_titles_of_the_rule_set(client):
    html = client.get("/hjalp").get_data(as_text=True)
    criteria = yaml.safe_load((RULES_DIR / "criteria.yml").read_text(encoding="utf-8"))["criteria"]
    headings = [text for level, text in outline(html).headings if level == 3]
    for c in criteria:
        assert any(h.endswith(c["title"]) for h in headings), c["title"]


def test_help_page_explains_total_and_workflow(client):
    text = " ".join(client.get("/hjalp").get_data(as_text=True).split())
    assert "100 × summan av (poäng − 1) ÷ (2 × antalet tillämpliga kriterier)" in text
    assert "ej tillämpligt" in text.lower()
    for state in ("Utkast", "Inskickat", "Återskickat för komplettering", "Godkänt"):
        assert state in text
    assert "Inte relevant?" in text


def test_accessibility_statement_renders_without_login(client):
    response = client.get("/tillganglighet")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<title>Tillgänglighetsredogörelse – jamcheck</title>" in html
    page = outline(html)
    assert_sound_structure(page)
    assert page.headings[0][1].startswith("Tillgänglighetsredogörelse")
    text = " ".join(html.split())
    assert "Demoregionen" in text  # the organisation
    assert "delvis förenlig" in text
    assert 'href="https://www.digg.se/tdosanmalan"' in html
    assert 'href="mailto:tillganglighet@example.se"' in html
    assert 'datetime="2026-11-23"' in html
    assert "WCAG 2.1" in text and "axe-core" in text
    for heading in ("Tillsyn", "Innehåll som inte är tillgängligt", "Hur vi testat tjänsten"):
        assert heading in [t for _, t in page.headings]


def test_accessibility_contact_is_configurable(tmp_path):
    app = create_app({"DATABASE_URL": f"sqlite:///{tmp_path}/x.sqlite", "SECRET_KEY": "test",
                      "WTF_CSRF_ENABLED": False, "ACCESSIBILITY_CONTACT": "webb@region.example"})
    html = app.test_client().get("/tillganglighet").get_data(as_text=True)
    assert 'href="mailto:webb@region.example"' in html
    assert "tillganglighet@example.se" not in html


def test_broken_help_file_is_reported_in_swedish(tmp_path):
    data = yaml.safe_load(CRITERIA_HELP.read_text(encoding="utf-8"))
    parse_criteria_help(CRITERIA_HELP, data)
    good = data["criteria"][0].pop("good")
    with pytest.raises(HelpError, match="gendered_target_groups.good"):
        parse_criteria_help(CRITERIA_HELP, data)
    data["criteria"][0]["good"] = good
    data["criteria"][1]["id"] = "gendered_target_groups"
    with pytest.raises(HelpError, match="två gånger"):
        parse_criteria_help(CRITERIA_HELP, data)
    data["criteria"][1]["id"] = CRITERIA[1]
    broken = tmp_path / "help.yml"
    broken.write_text("criteria:\n  - id: [\n", encoding="utf-8")
    with pytest.raises(HelpError, match="inte giltig YAML"):
        load_criteria_help(broken)
    missing = tmp_path / "short.yml"
    missing.write_text(yaml.safe_dump({"criteria": data["criteria"][1:]}), encoding="utf-8")
    with pytest.raises(HelpError, match="saknas"):
        load_criteria_help(missing)
