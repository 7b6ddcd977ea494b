"""Swedish morphology: inflected, capitalised and compound forms reach their lemma or head."""

import re

import pytest

from jamcheck.analysis import AnalysedDocument
from jamcheck.ingest import read_text
from jamcheck.language import PRONOUN_MAN, lemmatize


@pytest.mark.parametrize("form,lemma", [
    ("Patienterna", "patient"), ("invånarnas", "invånare"), ("Kvinnornas", "kvinna"),
    ("männen", "man"), ("flickorna", "flicka"), ("pojkarnas", "pojke"), ("Män", "man"),
    ("länsinvånarna", "länsinvånare"), ("vårdtagarna", "vårdtagare"),
    ("hemtjänsttagarnas", "hemtjänsttagare"), ("kvinnojourer", "kvinnojour"),
    ("könen", "kön"), ("jämställdheten", "jämställdhet"), ("med", "med"), ("för", "för"),
    ("anställda", "anställd"), ("tillsvidareanställda", "tillsvidareanställd"),
    ("sjukskrivna", "sjukskriven"),
])
def test_forms_reach_their_lemma(form, lemma):
    assert lemmatize(form) == lemma


def test_compounds_keep_their_head_and_women_in_compounds_are_not_women():
    for word in ("kommuninvånare", "äldreomsorgstagare", "vårdtagare"):
        assert lemmatize(word).endswith(("invånare", "tagare"))
    assert lemmatize("kvinnojourer") != "kvinna"


def test_pronoun_man_is_not_the_noun():
    adoc = AnalysedDocument(read_text("Man kan söka stöd. En man och en kvinna sökte."))
    lemmas = adoc.lemmas.split()
    assert lemmas[0] == PRONOUN_MAN
    assert lemmas.count("man") == 1
    # after "som" the pronoun, unless the phrase ends there
    adoc = AnalysedDocument(read_text("Samtidigt som man skapar en bättre miljö. Både kvinna som man."))
    assert adoc.lemmas.split().count(PRONOUN_MAN) == 1 and adoc.lemmas.split().count("man") == 1
    # after an adjective of a person: "en ensamstående man"
    adoc = AnalysedDocument(read_text("Hushållet är oftast en ensamstående man utan barn."))
    assert adoc.lemmas.split().count("man") == 1


def test_word_lemmas_fixed_for_the_checklist():
    for word, lemma in (("ens", "ens"), ("bor", "bo"), ("resandet", "resandet"),
                        ("resande", "resande"), ("dagens", "dagens"), ("anställda", "anställd"),
                        ("utanför", "utanför"), ("födda", "född"), ("stod", "stå"),
                        ("enkönade", "enkönad"), ("leds", "leda"),
                        ("istället", "istället"), ("förbundet", "förbund"),
                        ("kommunalförbundets", "kommunalförbund"), ("ansökningar", "ansökan"),
                        ("anmälningarna", "anmälan"), ("äldsta", "äldst"), ("yngsta", "yngst"),
                        ("varken", "varken")):
        assert lemmatize(word) == lemma, word


def test_sentences_keep_offsets_into_the_paragraph():
    text = "Resenärerna får längre restid. Kvinnor reser oftare än män."
    adoc = AnalysedDocument(read_text(text))
    assert [s.text for s in adoc.sentences] == ["Resenärerna får längre restid.",
                                                "Kvinnor reser oftare än män."]
    span = adoc.span(adoc.sentences[1].first_token, adoc.sentences[1].first_token)
    assert span.quote == "Kvinnor" and text[span.start:span.end] == "Kvinnor"


def _entries(node, wanted: str):
    """The strings listed under key `wanted` anywhere in a rule file, outside its examples
    and surface specs (those are read as written, not as lemmas)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == wanted and isinstance(value, list):
                yield from (v for v in value if isinstance(v, str))
            elif key not in ("surface", "examples"):
                yield from _entries(value, wanted)
    elif isinstance(node, list):
        for value in node:
            yield from _entries(value, wanted)


def _rule_files(ruleset):
    import yaml

    for path in sorted(ruleset.directory.rglob("*.yml")):
        yield path.name, yaml.safe_load(path.read_text(encoding="utf-8"))


def test_lemmas_in_rules_are_their_own_lemmas(ruleset):
    """Every `lemmas:` list, in lexicon.yml and in the rules, names words a form reaches
    ("mars" is the month, "högst" is a form of "hög")."""
    wrong = {f"{name}: {lemma}": lemmatize(lemma) for name, data in _rule_files(ruleset)
             for lemma in _entries(data, "lemmas") if " " not in lemma and lemmatize(lemma) != lemma}
    assert not wrong, f"lemmas that no word form reaches: {wrong}"


# A word of a pattern over lemmas: a whole word between spaces, brackets or bars, not part of
# a compound ("(?:mans|kvinno)dominera") or the tail of "\S*".
PATTERN_WORD = re.compile(r"(?:(?<=^)|(?<=[\s(|]))([a-zåäöé]{3,})(?=$|[\s)|])")


def _pattern_words(pattern: str):
    for m in PATTERN_WORD.finditer(pattern):
        rest = pattern[m.end():]
        group_end = re.match(r"(?:\|[^)]*)?\)", rest)
        if group_end and re.match(r"[a-zåäö\\]", rest[group_end.end():group_end.end() + 1] or " "):
            continue
        if not pattern[:m.start()].endswith("\\S*"):
            yield m.group(1)


def test_words_in_lemma_patterns_are_lemmas(ruleset):
    """Patterns match the lemma layer, so a word form no lemma has never matches: "redan"
    (which the table once made "reda"), "beror på" (lemmas "bero på"), "födda" ("född").
    A form is fine beside its own lemma in the same pattern ("(?:vara|var)")."""
    dead = {}
    for name, data in _rule_files(ruleset):
        for pattern in _entries(data, "patterns"):
            words = set(_pattern_words(pattern))
            for word in words:
                lemma = lemmatize(word)
                if lemma != word and not re.search(rf"(?<![a-zåäö]){re.escape(lemma)}(?![a-zåäö])",
                                                   pattern):
                    dead[f"{name}: {word}"] = lemma
    assert not dead, f"pattern words that no lemma matches (word: its lemma): {dead}"


def test_lemma_table_cache_is_built_and_a_broken_one_is_ignored(tmp_path, monkeypatch):
    from jamcheck import language

    monkeypatch.setenv("JAMCHECK_CACHE", str(tmp_path))
    language.lemma_table.cache_clear()
    try:
        table = language.lemma_table()  # no cache yet: read from the JSON, cache written
        cached = list(tmp_path.glob("sv-lemmas-*.marshal"))
        assert len(cached) == 1 and table["patienterna"] == "patient"
        cached[0].write_bytes(b"\x00broken")
        language.lemma_table.cache_clear()
        assert language.lemma_table() == table  # a damaged cache falls back to the JSON
    finally:
        monkeypatch.delenv("JAMCHECK_CACHE")
        language.lemma_table.cache_clear()
