"""Swedish morphology: inflected, capitalised and compound forms reach their lemma or head."""

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
                        ("utanför", "utanför"), ("födda", "född")):
        assert lemmatize(word) == lemma, word


def test_sentences_keep_offsets_into_the_paragraph():
    text = "Resenärerna får längre restid. Kvinnor reser oftare än män."
    adoc = AnalysedDocument(read_text(text))
    assert [s.text for s in adoc.sentences] == ["Resenärerna får längre restid.",
                                                "Kvinnor reser oftare än män."]
    span = adoc.span(adoc.sentences[1].first_token, adoc.sentences[1].first_token)
    assert span.quote == "Kvinnor" and text[span.start:span.end] == "Kvinnor"


def test_lexicon_lemmas_are_their_own_lemmas(ruleset):
    import yaml

    data = yaml.safe_load((ruleset.directory / "lexicon.yml").read_text(encoding="utf-8"))
    wrong = {lemma: lemmatize(lemma) for spec in data.values()
             for lemma in spec.get("lemmas", []) if lemmatize(lemma) != lemma}
    assert not wrong, f"lexicon lemmas that no word form reaches: {wrong}"


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
