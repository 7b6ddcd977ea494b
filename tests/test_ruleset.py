"""The rule set loads, has a version, and a broken rule file fails naming the file and the field."""

import shutil

import pytest

from jamcheck.errors import RuleError
from jamcheck.ruleset import RULES_DIR, load_ruleset


@pytest.fixture
def rules_copy(tmp_path):
    target = tmp_path / "rules"
    shutil.copytree(RULES_DIR, target)
    return target


def test_every_rule_names_criterion_source_and_examples(ruleset):
    assert ruleset.rules
    for rule in ruleset.rules:
        assert rule.source and rule.message and rule.examples["flag"] and rule.examples["pass"]
    assert {r.criterion for r in ruleset.rules} >= {c.id for c in ruleset.criteria}


def test_version_changes_when_a_rule_changes(rules_copy):
    before = load_ruleset(rules_copy).version
    path = rules_copy / "consequences" / "general-consequences.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("allmänna ordalag", "allmänna termer"),
                    encoding="utf-8")
    after = load_ruleset(rules_copy).version
    assert before != after and before.split("+")[0] == after.split("+")[0]


@pytest.mark.parametrize("old,new,field", [
    ("criterion: consequences", "criterion: konsekvenser", "criterion"),
    ("level: warning", "level: allvarlig", "level"),
    ("kind: section", "kind: okänd", "kind"),
    ("message: Ärendet saknar", "mesage: Ärendet saknar", "mesage"),
    ('headings: ["@analysis"]', 'headings: ["@analys"]', "headings"),
])
def test_broken_rule_file_names_file_and_field(rules_copy, old, new, field):
    path = rules_copy / "consequences" / "equality-section-missing.yml"
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    with pytest.raises(RuleError) as err:
        load_ruleset(rules_copy)
    assert "equality-section-missing.yml" in str(err.value) and field in str(err.value)


def test_invalid_yaml_and_bad_regex_are_reported(rules_copy):
    path = rules_copy / "consequences" / "general-consequences.yml"
    path.write_text("kind: lexicon\n  bad: [", encoding="utf-8")
    with pytest.raises(RuleError, match="general-consequences.yml.*YAML"):
        load_ruleset(rules_copy)
    path.write_text((RULES_DIR / "consequences" / "general-consequences.yml")
                    .read_text(encoding="utf-8").replace('"{generic_consequence}"', '"(oavslutad"'),
                    encoding="utf-8")
    with pytest.raises(RuleError, match="general-consequences.yml.*reguljärt"):
        load_ruleset(rules_copy)


def test_named_heading_lists_are_expanded(ruleset):
    """"@analysis" in a rule stands for criteria.yml's list of equality-analysis headings."""
    section_rule = ruleset.rule("equality-section-missing")
    claim_rule = ruleset.rule("no-aspect-in-analysis-section")
    assert "social dimension" in section_rule.params.headings
    assert claim_rule.sections["only"] == section_rule.params.headings
    assert ruleset.gap_anchor[-3:] == ["förslag till beslut", "förslag till yttrande", "beslut"]


@pytest.mark.parametrize("old,new,field", [
    ("noted_max: 2", "noted_max: 3", "consequences.noted_max"),
    ("        message: Det framgår inte vad rapporten visar", "        mesage: Det framgår inte vad rapporten visar",
     "consequences.gap.noted"),
])
def test_broken_criteria_file_names_the_field(rules_copy, old, new, field):
    path = rules_copy / "criteria.yml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(RuleError) as err:
        load_ruleset(rules_copy)
    assert "criteria.yml" in str(err.value) and field in str(err.value)
