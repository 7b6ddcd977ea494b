"""The organisation's own settings in the checker: its goals, headings and words change the
judgement, and the rules version names the settings a report was checked with."""

from __future__ import annotations

import json
import subprocess
import sys

import docxfactory as f
import pytest

from jamcheck.checker import check_bytes
from jamcheck.ruleset import default_ruleset, ruleset_with
from jamcheck.settings import OrgSettings, SettingsError

GOAL = {"name": "Jämlikt Göteborg", "terms": ["stadens program för jämlikhet"],
        "description": "Stadens långsiktiga program."}
DRAFT = f.plain(["Ny busslinje i Angered",
                 "Linje 5 dras in. Kvinnor reser oftare med linje 5 än män.",
                 "Förslaget bidrar till målen i Jämlikt Göteborg.",
                 "Förvaltningen har inte funnit några särskilda aspekter."],
                {1: "Ärendet", 3: "Konsekvenser för invånarna"})


def scores(settings: OrgSettings | None) -> dict:
    data = check_bytes(DRAFT, "utkast.docx", ruleset_with(settings)).to_dict()
    return data


def criterion(data: dict, cid: str) -> dict:
    return next(c for c in data["criteria"] if c["id"] == cid)


def test_a_goal_of_the_organisation_meets_the_goals_criterion_and_is_named():
    without = scores(None)
    assert criterion(without, "equality_goals")["score"] == 1
    data = scores(OrgSettings.from_dict({"version": 4, "goals": [GOAL]}))
    goals = criterion(data, "equality_goals")
    assert goals["score"] == 3 and "organisationens mål ”Jämlikt Göteborg”" in goals["rationale"]
    assert data["rules_version"].endswith("+org4-" + OrgSettings.from_dict({"goals": [GOAL]}).digest)
    assert data["total"]["percent"] > without["total"]["percent"]
    # the short form, inflected, counts too
    inflected = f.plain(["Ny busslinje", "Linje 5 dras in för kvinnor och män i Angered.",
                         "Förslaget följer stadens program för jämlikhet."], {1: "Ärendet"})
    data = check_bytes(inflected, "x.docx", ruleset_with(OrgSettings.from_dict({"goals": [GOAL]})))
    assert criterion(data.to_dict(), "equality_goals")["score"] == 3


def test_a_heading_of_the_template_is_where_the_analysis_is_looked_for():
    without = scores(None)
    rules = {x["rule"] for x in without["findings"]}
    assert "equality-section-missing" in rules and "no-aspect-in-analysis-section" not in rules
    data = scores(OrgSettings.from_dict({"headings": {"analysis": ["Konsekvenser för invånarna"]}}))
    rules = {x["rule"] for x in data["findings"]}
    assert "equality-section-missing" not in rules and "no-aspect-in-analysis-section" in rules
    assert criterion(data, "motivated_exemption")["score"] == 1  # the bare claim is caught


def test_own_words_extend_and_narrow_the_target_group_words():
    analysis = ("Norrbottningar i inlandet får längre restid. Norrbottningar som pendlar påverkas "
                "mest. Samverkansparter informeras. Samverkansparterna får en ny tidtabell.")
    # (the case must plainly concern people, or no target group is asked for at all)
    change = "Trafiken ändras så att resenärer som pendlar till arbete och skola får fler avgångar."
    draft = f.plain(["Nya turer för pendlande invånare", change, analysis],
                    {1: "Ärendet", 2: "Jämställdhet"})

    def quotes(settings):
        data = check_bytes(draft, "x.docx", ruleset_with(settings)).to_dict()
        assert data["concerns_people"]
        return [x["quote"] for x in data["findings"] if x["rule"] == "neutral-target-group"]

    assert not any("orrbottning" in q for q in quotes(None))
    own = OrgSettings.from_dict({"words": {"neutral": ["norrbottning"]}})
    assert any("orrbottning" in q for q in quotes(own))
    base = OrgSettings.from_dict({"words": {"neutral": ["samverkanspart"]}})
    assert any("amverkanspart" in q for q in quotes(base))
    narrowed = OrgSettings.from_dict({"words": {"neutral": ["samverkanspart"],
                                                "not_target": ["samverkanspart"]}})
    assert not any("amverkanspart" in q for q in quotes(narrowed))


@pytest.mark.parametrize("data,message", [
    ({"goals": [{"name": ""}]}, r"goals\[1\]\.name.*tomt"),
    ({"goals": [{"name": "A"}, {"name": "a"}]}, "samma namn"),
    ({"words": {"neutral": ["två ord"]}}, "ska vara ett ord"),
    ({"headings": {"summary": ["x"]}}, "bara ha analysis och decision"),
    ({"colour": "red"}, "okänt"),
    ([1, 2], "mappning"),
])
def test_bad_settings_get_a_swedish_message(data, message):
    with pytest.raises(SettingsError, match=message):
        OrgSettings.from_dict(data)


def test_yaml_round_trip_and_bad_yaml():
    settings = OrgSettings.from_dict({"version": 2, "goals": [GOAL],
                                      "headings": {"analysis": ["Jämställdhetsanalys"]},
                                      "words": {"neutral": ["Länsbo"]}})
    again = OrgSettings.from_yaml(settings.to_yaml())
    assert again == settings and again.neutral_words == ("länsbo",)
    with pytest.raises(SettingsError, match="inte giltig YAML"):
        OrgSettings.from_yaml("goals: [")


def test_empty_settings_are_the_default_rule_set():
    assert ruleset_with(OrgSettings()) is default_ruleset()


def test_cli_checks_with_settings_from_a_file(tmp_path):
    draft = tmp_path / "utkast.docx"
    draft.write_bytes(DRAFT)
    settings = tmp_path / "org.yml"
    settings.write_text(OrgSettings.from_dict({"goals": [GOAL]}).to_yaml(), encoding="utf-8")

    def run(*extra):
        out = subprocess.run([sys.executable, "-m", "jamcheck", "check", str(draft),
                              "--format", "json", *extra], capture_output=True, text=True,
                             check=False)
        return out

    plain, own = run(), run("--settings", str(settings))
    assert plain.returncode == own.returncode == 0
    goals = [criterion(json.loads(r.stdout), "equality_goals")["score"] for r in (plain, own)]
    assert goals == [1, 3]
    settings.write_text("goals: [", encoding="utf-8")
    bad = run("--settings", str(settings))
    assert bad.returncode == 2 and "inte giltig YAML" in bad.stderr
