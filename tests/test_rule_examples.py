"""Every rule's own examples: each 'flag' example must trigger the rule, each 'pass' example must not.

A flag example may mark the passage the rule must quote with <marker>…</marker>, as
LanguageTool's examples do; a finding must then quote exactly that passage."""

import pytest

from jamcheck.analysis import AnalysedDocument
from jamcheck.checks import CHECK_KINDS
from jamcheck.ingest import read_text
from jamcheck.ruleset import default_ruleset, split_example


def _cases():
    for rule in default_ruleset().rules:
        for kind in ("flag", "pass"):
            for i, text in enumerate(rule.examples[kind]):
                yield pytest.param(rule.id, kind, text, id=f"{rule.id}-{kind}-{i}")


def triggered(rule, text: str) -> list:
    adoc = AnalysedDocument(read_text(text))
    hits = CHECK_KINDS[rule.kind].run(rule, adoc)
    if rule.role == "flag":
        return [h for h in hits if h.is_finding]
    return hits


@pytest.mark.parametrize("rule_id,kind,text", list(_cases()))
def test_rule_example(ruleset, rule_id, kind, text):
    rule = ruleset.rule(rule_id)
    text, marked = split_example(text)
    hits = triggered(rule, text)
    if kind == "flag":
        assert hits, f"{rule.path}: the example should trigger the rule: {text!r}"
        for h in hits:
            if h.span is not None:
                assert h.span.quote == h.span.block.text[h.span.start:h.span.end]
        if marked is not None:
            quotes = [h.span.quote for h in hits if h.span is not None]
            assert marked in quotes, f"{rule.path}: should quote {marked!r}, quotes {quotes}"
    else:
        quotes = [h.span.quote if h.span else f"({h.rule.id})" for h in hits]
        assert not hits, f"{rule.path}: the example should pass but triggered {quotes}: {text!r}"
