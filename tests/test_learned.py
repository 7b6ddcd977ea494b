"""The learned models (jamcheck/learned.py): the stored files, and where they decide."""

import shutil
from dataclasses import replace

import docxfactory as f
import pytest

from jamcheck import check_bytes, learned
from jamcheck.errors import RuleError
from jamcheck.ruleset import default_ruleset, load_ruleset

RULESET = default_ruleset()


def concerns(paragraphs, headings, intercept: float) -> bool:
    """concerns_people with a model that always says yes (intercept +50) or no (-50)."""
    model = learned.LinearModel((False, True), (intercept,), {}, "")
    ruleset = replace(RULESET, models={**RULESET.models, "concerns_people": model})
    return check_bytes(f.plain(paragraphs, headings), "ärende.docx", ruleset).to_dict()["concerns_people"]


def test_the_stored_model_weighs_only_what_the_rules_and_words_give():
    """Every signal the model weighs is a rule in this rule set (a renamed rule would leave its
    weight unused: train the model again), concerns_people's by place, the other criteria's
    wherever they hit, and every word a content word."""
    target = "concerns_people"
    model = RULESET.models[target]
    assert model.trained_on and len(model.classes) >= 2
    rules = {(r.criterion, r.id) for r in RULESET.rules}
    for name in model.weights:
        kind, _, rest = name.partition(":")
        if kind in learned.PEOPLE_PARTS:
            assert learned.content_word(rest), name
        elif (kind, rest.split(":")[0]) in rules:
            _, grade, *place = rest.split(":")
            assert grade in ("None", "1", "2", "3"), name
            assert place in ([], ["title"], ["core"], ["body"]) if kind == target else not place, name
        else:
            assert name in ("rule_cp", "only_noted"), name


TECHNICAL = (["Försäljning av fastigheten Lövsta 1:4", "Regionstyrelsen föreslås sälja fastigheten.",
              "Köpeskillingen är 4 mnkr."], {1: "Förslag till beslut", 2: "Ärendet"})
ABOUT_WOMEN = (["Stöd till kvinnojouren",
                ("Kvinnor som utsätts för våld i nära relationer får skydd och stöd; män som söker "
                 "stöd hänvisas till kommunens mottagning."),
                "Nämnden beviljar föreningen 300 000 kronor."], {1: "Ärendet", 2: "Förslag till beslut"})
LIST_OF_MOTIONS = (["Förteckning över obesvarade motioner",
                    "Motion om jämställda löner för kvinnor och män i kommunen.",
                    "Förteckningen läggs till handlingarna."], {1: "Ärendet", 2: "Förslag till beslut"})


def test_the_model_decides_where_the_rules_have_no_decisive_signal():
    paragraphs, headings = TECHNICAL
    assert concerns(paragraphs, headings, 50.0) is True
    assert concerns(paragraphs, headings, -50.0) is False


def test_the_model_does_not_overrule_women_and_men_described_in_substance():
    """A case that describes women and men in substance concerns people (DESIGN.md §2),
    whatever the model weighs."""
    assert concerns(*ABOUT_WOMEN, -50.0) is True


def test_the_model_does_not_overrule_a_list_of_motions():
    """The women and men a list of motions names are in the titles of what it lists."""
    assert concerns(*LIST_OF_MOTIONS, 50.0) is False


@pytest.mark.parametrize("content", [
    '{"classes": [false, true], "intercepts": [0], "weights": {"rule_cp": ["x"]}}',
    '{"classes": [false, true], "weights": {}}', "[1, 2]", "inte json",
    '{"classes": [1, 2, 3], "intercepts": [0], "weights": {}}',
    '{"classes": [false, true], "intercepts": [0], "weights": {"rule_cp": [1, 2]}}'])
def test_a_broken_model_file_is_named_in_swedish(tmp_path, content):
    rules = tmp_path / "rules"
    shutil.copytree(RULESET.directory, rules)
    (rules / "concerns_people" / learned.MODEL_FILE).write_text(content, encoding="utf-8")
    with pytest.raises(RuleError, match="model.json"):
        load_ruleset(rules)


def test_a_rule_set_without_models_decides_by_the_rules_alone(tmp_path):
    rules = tmp_path / "rules"
    shutil.copytree(RULESET.directory, rules)
    for path in rules.glob(f"*/{learned.MODEL_FILE}"):
        path.unlink()
    assert load_ruleset(rules).models == {}


def test_a_model_file_beside_a_criterion_that_no_model_judges_is_not_read(tmp_path):
    """Only concerns_people has a model; a model.json left in another criterion's folder (the
    measures model, removed in session 18) is neither used nor part of the rule set's version."""
    rules = tmp_path / "rules"
    shutil.copytree(RULESET.directory, rules)
    (rules / "measures" / learned.MODEL_FILE).write_text("inte json", encoding="utf-8")
    loaded = load_ruleset(rules)
    assert set(loaded.models) == {"concerns_people"}
    assert loaded.version == load_ruleset(RULESET.directory).version


def test_a_case_that_names_people_but_decides_no_change_for_them_says_so():
    """Where the case names people but is judged formal without a sign in its title, the
    rationale quotes the words it names and says that what it decides is weighed."""
    paragraphs, headings = (["Revidering av arkivrutiner",
                             "Nämnden beslutar om nya rutiner för arkivering av handlingar.",
                             "Invånare och medarbetare kan som tidigare begära ut handlingar."],
                            {1: "Förslag till beslut", 2: "Ärendet"})
    model = learned.LinearModel((False, True), (-50.0,), {}, "")
    report = check_bytes(f.plain(paragraphs, headings), "ärende.docx",
                         replace(RULESET, models={**RULESET.models, "concerns_people": model})).to_dict()
    assert report["concerns_people"] is False
    assert report["concerns_people_rationale"].startswith(
        "Ärendet nämner människor eller det de får och betalar (”")
    assert "”Invånare”" in report["concerns_people_rationale"]
