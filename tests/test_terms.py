"""Term matching: the fast search (first-word analysis, pieces, per-word results) finds
exactly what the plain regex search over the lemma and surface strings finds."""

import dataclasses
import random
import re

import pytest

from jamcheck.analysis import AnalysedDocument, Words
from jamcheck.checks.base import Condition
from jamcheck.ingest import read_text
from jamcheck.terms import Terms, analyse


def reference_matches(terms: Terms, adoc: AnalysedDocument) -> list:
    """What Terms.matches finds: finditer over each whole layer string."""
    found = []
    for layer, regex in (("lemmas", terms.lemma_re), ("surface", terms.surface_re)):
        if regex is None:
            continue
        for m in regex.finditer(getattr(adoc, layer)):
            if "\n" in m.group() or m.end() == m.start():
                continue
            found.append((adoc.token_at(m.start(), layer), adoc.token_at(m.end() - 1, layer)))
    return found


def reference_sentence_matches(terms: Terms, adoc: AnalysedDocument, sentence) -> list:
    """What Terms.sentence_matches finds: finditer over the sentence's own text."""
    found = []
    for layer, regex in (("lemmas", terms.lemma_re), ("surface", terms.surface_re)):
        if regex is None:
            continue
        starts = adoc.token_lemma_pos if layer == "lemmas" else adoc.token_surface_pos
        offset = starts[sentence.first_token]
        text = (adoc.sentence_lemmas(sentence) if layer == "lemmas"
                else adoc.sentence_surface(sentence))
        for m in regex.finditer(text):
            if m.end() > m.start():
                found.append((adoc.token_at(offset + m.start(), layer),
                              adoc.token_at(offset + m.end() - 1, layer)))
    return found


def assert_same(terms: Terms, text: str) -> None:
    adoc = AnalysedDocument(read_text(text))
    expected = reference_matches(terms, adoc)
    assert list(terms.matches(adoc)) == expected
    assert terms.sentence_set(adoc) == {adoc.token_sentence[first] for first, _ in expected}
    for sentence in adoc.sentences:
        assert (list(terms.sentence_matches(adoc, sentence))
                == reference_sentence_matches(terms, adoc, sentence))


def rule_terms(ruleset) -> list[tuple[str, Terms]]:
    """Every Terms of every rule: match terms, conditions and check parameters."""
    found = []
    for rule in ruleset.rules:
        if not dataclasses.is_dataclass(rule.params):
            continue
        for f in dataclasses.fields(rule.params):
            value = getattr(rule.params, f.name)
            if isinstance(value, Terms) and value:
                found.append((f"{rule.id}.{f.name}", value))
            elif isinstance(value, list):
                found += [(f"{rule.id}.{f.name}", c.terms) for c in value
                          if isinstance(c, Condition)]
    return found


def test_first_word_analysis():
    fw, one_word, newline_free, _ = analyse("kvinna|flicka")
    assert fw.words == {"kvinna", "flicka"} and one_word and newline_free
    fw, one_word, _, _ = analyse(r"(?:[^\s]{2,}?)?(?:invånare|patient)")
    assert fw.infixes == {"invånare", "patient"} and one_word
    fw, one_word, _, _ = analyse(r"påverka (?:\S+ ){0,3}\S*jämställ\S*")
    assert fw.words == {"påverka"} and not one_word
    assert analyse(r"\d\S*")[0].digit
    assert analyse(r"(?:\S+ )?inte")[0] is None  # may start with any word
    assert analyse(r"(?i)kvinna")[0] is None  # flags are not analysed
    assert analyse("a))b((c")[0] is None  # not a regex of its own
    assert not analyse(r"\d[\d\s,.:]*")[2]  # may cross a newline
    assert not analyse(r"inte(?=\n)")[3]  # looks past the sentence


def test_word_index():
    words = Words("kvinna kommuninvånare\nkvinna\n", ["kvinna", "kommuninvånare", "kvinna"],
                  [0, 7, 22])
    assert words.positions == {"kvinna": [0, 22], "kommuninvånare": [7]}
    assert words.starting_with("kvin") == ["kvinna"] and words.containing("invånare") == [
        "kommuninvånare"]
    # a token that is not one word (never from spaCy, but possible): words follow the string
    words = Words("a b c\n", ["a b", "c"], [0, 4])
    assert words.positions == {"a": [0], "b": [2], "c": [4]}


@pytest.mark.parametrize("spec,text", [
    ({"lemmas": ["kvinna"], "heads": ["invånare"], "except": ["kvinnojour"]},
     "Kvinnor och kommuninvånare. Kvinnojourer och invånarna. Ingen."),
    ({"surface": [r"(?!(?:19|20)\d\d(?!\S))\d[\d\s,.:]*%?"]},  # crosses sentences
     "Det gäller 3 .\n45 procent av 1 200 personer.\nÅr 2025 kommer 7 % till 9."),
    ({"patterns": ["(?<!god )man", "kvinna"]},  # looks at the previous word
     "Man kan. En god man och en man. Man och kvinna."),
    ({"lemmas": ["x"], "patterns": ["a))b((c"]},  # an alternative that is no regex of its own
     "x b c. a b c. x. a."),
    ({"patterns": ["(?<![^\\n])(?:\\S+ )?(?:ej|inte) aktuell(?=\\n)"]},
     "Inte aktuell.\nEj aktuell\nDet är inte aktuell nu."),
    ({"patterns": [r"\S*jämställ\S*", r"inte (?:\S+ ){0,3}påverka", "påverka"]},
     "Förslaget påverkar inte jämställdheten. Det påverkar inte alls. Jämställt."),
])
def test_handwritten_terms_match_as_the_plain_regex(spec, text):
    assert_same(Terms.compile(spec, {}), text)


def test_rule_terms_match_as_the_plain_regex_on_rule_examples(ruleset):
    texts = [example for rule in ruleset.rules
             for kind in ("flag", "pass") for example in rule.examples[kind]]
    text = "\n".join(texts)
    for _name, terms in rule_terms(ruleset):
        assert_same(terms, text)


def test_rule_terms_match_as_the_plain_regex_on_shuffled_words(ruleset):
    """Random sentences of the rule examples' words (and some awkward ones), so that terms
    meet each other in every order."""
    rng = random.Random(1)
    words = sorted({w for rule in ruleset.rules for kind in ("flag", "pass")
                    for example in rule.examples[kind] for w in re.split(r"\s+", example) if w})
    words += ["-", "–", "nej", ".", "3 .", "45 %", "2025", "1 200", "god man", "inte", "då"]
    lines = []
    for _ in range(150):
        sentence = " ".join(rng.choice(words) for _ in range(rng.randint(1, 16)))
        lines.append(("# " if rng.random() < 0.1 else "") + sentence + rng.choice([".", "", " ."]))
    text = "\n".join(lines)
    for _name, terms in rule_terms(ruleset):
        assert_same(terms, text)


# Terms whose first word may be any word, searched over the whole text as written: a claim
# rule's `elsewhere` ("(?:\S+ ){0,3}(?:barn|miljö ...) ... (?:beröra|påverka)") and a bare
# answer that is a whole line. They are few and cheap; a new one is tried at every token.
SCANNED_WHOLE = {"bare-section-answer.claim", "bare-section-answer.elsewhere",
                 "no-aspect-in-analysis-section.elsewhere", "unaffected-claim.elsewhere"}


def test_rule_terms_are_found_from_their_first_word(ruleset):
    """A pattern that may start at any word ("(?:\\S+ ){0,1}skillnad ...") makes its whole
    Terms a scan of every position: one such pattern once made a 50-page check 90 ms slower.
    Every rule's terms but the known few know their first word."""
    scanned = {name for name, terms in rule_terms(ruleset)
               for search in terms._searches if search.pieces is None}
    assert scanned <= SCANNED_WHOLE, sorted(scanned - SCANNED_WHOLE)
