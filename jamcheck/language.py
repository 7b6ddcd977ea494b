"""The Swedish language pipeline: spaCy's blank Swedish tokenizer, sentences, and lemmas with compound splitting.

Sentences and lemmas are computed by plain functions over a text's token texts
(`sentence_starts`, `lemmatize_tokens`), which the analysis of a document calls directly
on the tokenizer's output: that saves spaCy's per-token bookkeeping. Sentences are split as
spaCy's rule-based Sentencizer splits them.

spacy-lookups-data's Swedish table maps inflected forms to lemmas but is case sensitive,
lacks most base forms and compounds, and has a few entries that matter here wrong ("kön"
as the verb "köna"). `lemmatize_tokens` looks up the lower-cased form,
drops a genitive -s, and splits unknown compounds at the longest known inflected tail
("länsinvånarna" -> "läns" + "invånare"), so that rules can match a compound by its head
("kommuninvånare" ends in "invånare"; "kvinnojour" does not equal "kvinna").
"""

from __future__ import annotations

import gc
import gzip
import hashlib
import json
import marshal
import os
import sys
from functools import lru_cache
from importlib import resources
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.pipeline import Sentencizer

# Corrections to the lookup table where it is wrong for the words the checklist is about,
# and words kept as they are because the rules treat them as their own lemma.
LEMMA_OVERRIDES = {
    "kön": "kön", "könen": "kön", "könet": "kön", "könens": "kön", "könets": "kön",
    "gynnar": "gynna", "gynnade": "gynna", "gynnas": "gynna", "gynnat": "gynna",
    "missgynnar": "missgynna", "missgynnas": "missgynna",
    "fler": "fler", "flera": "flera", "färre": "färre", "äldre": "äldre", "yngre": "yngre",
    # the superlatives likewise ("kvinnor är i majoritet bland de äldsta"), not "gammal", "ung"
    "äldst": "äldst", "äldsta": "äldst", "yngst": "yngst", "yngsta": "yngst",
    "påverka": "påverka", "män": "man", "Män": "man", "andelen": "andel", "andelar": "andel",
    "utrikes": "utrikes", "inrikes": "inrikes", "tredjedel": "tredjedel",
    "tredjedelar": "tredjedel", "fjärdedel": "fjärdedel", "fjärdedelar": "fjärdedel",
    "majoriteten": "majoritet", "minoriteten": "minoritet", "alla": "alla", "samtliga": "samtliga",
    "berörs": "beröra", "påverkas": "påverka", "bedöms": "bedöma", "anses": "anse",
    "en": "en", "ett": "en", "lika": "lika", "när": "när", "bara": "bara", "olika": "olika",
    "beslutet": "beslut", "beslutets": "beslut", "förslaget": "förslag", "förslagets": "förslag",
    "mål": "mål", "målet": "mål", "jämställd": "jämställd", "jämställt": "jämställd",
    # a woman giving birth: "föderskor" is no form of a "födersko"
    "föderskor": "föderska", "föderskorna": "föderska", "föderskan": "föderska",
    # fathers: "fäder" is no form of "far" the verb ("barnet far illa"), which the table gives
    # the same lemma; "far" alone stays ambiguous
    "fäder": "fader", "fäderna": "fader", "fädernas": "fader", "fadern": "fader",
    "faderns": "fader", "fäders": "fader",
    "jämställda": "jämställd", "jämlik": "jämlik", "jämlikt": "jämlik", "jämlika": "jämlik",
    "flesta": "flest", "hälften": "hälft", "dubbelt": "dubbel",
    "ska": "ska", "skall": "ska", "finns": "finnas", "fanns": "finnas", "funnits": "finnas",
    "det": "det", "den": "den", "de": "de", "dem": "de", "deras": "de",
    "majoritet": "majoritet", "deltagande": "deltagande", "oftare": "oftare", "ofta": "ofta",
    "är": "vara", "var": "vara", "varit": "vara", "har": "ha", "hade": "ha", "haft": "ha",
    "kan": "kunna", "kunde": "kunna", "får": "få", "fick": "få", "fått": "få", "blir": "bli",
    "blev": "bli", "blivit": "bli", "skulle": "ska", "rör": "röra", "går": "gå", "ger": "ge",
    "gör": "göra", "gjorde": "göra", "gjort": "göra", "tar": "ta", "står": "stå", "ser": "se",
    "visar": "visa", "visas": "visa",
    # "ta bort" is no form of "böra"; "års" is "år"; passive and past forms of "ta"
    "bort": "bort", "års": "år", "tas": "ta", "tagits": "ta", "togs": "ta",
    # "i synnerhet" (the table has no entry; the compound splitter made it "synnerh")
    "synnerhet": "synnerhet",
    # the plural of "låg" ("låga inkomster"), not the noun for a flame
    "låga": "låg",
    # the comparative of "lång" ("längre väntetid än pojkarna"), as "kortare" is of "kort"
    "längre": "lång", "längst": "lång",
    "sällan": "sällan", "särskilt": "särskilt", "framför": "framför", "knappast": "knappast",
    "födelseland": "födelseland", "födelseländer": "födelseland", "könsidentitet": "könsidentitet",
    "ensamstående": "ensamstående", "nyanländ": "nyanländ", "nyanlända": "nyanländ",
    "funktionsnedsatt": "funktionsnedsatt", "funktionsnedsatta": "funktionsnedsatt",
    # the people, not the verbs "anställa" and "sjukskriva": "300 anställda", "de sjukskrivna"
    "anställd": "anställd", "anställda": "anställd", "anställdas": "anställd",
    "sjukskriven": "sjukskriven", "sjukskrivna": "sjukskriven", "sjukskrivnas": "sjukskriven",
    # the table has "oavsedd", "särskilja", "följe", "föda" and "bakgrunda" for these
    "oavsett": "oavsett", "särskild": "särskild", "särskilda": "särskild",
    "följs": "följa", "följas": "följa", "följts": "följa", "född": "född", "fött": "född",
    "födda": "född", "bakgrund": "bakgrund", "bakgrunden": "bakgrund",
    "ensamkommande": "ensamkommande", "andraspråk": "andraspråk", "andraspråket": "andraspråk",
    # the verbs ("brukar vara", "utövar tillsyn"), not "brukare" and "utövare"
    "brukar": "bruka", "brukade": "bruka", "utövar": "utöva", "utövas": "utöva",
    "utövade": "utöva",
    # the adverb ("inte ens") or the pronoun's genitive ("ens egen"), never the noun "man"
    "ens": "ens",
    # "de resande" are travellers; "resandet" is the travelling ("bilresandet ökar")
    "resandet": "resandet", "resandets": "resandet",
    # "today's", not a day counted: "20 % av dagens unga"
    "dagens": "dagens",
    # the verb ("de som bor i området"), which the table leaves as it is
    "bor": "bo", "bodde": "bo", "bott": "bo",
    # the noun ("budgetramar"), not the verb "rama"
    "ramar": "ram",
    # the verb "vilja" ("kommunen vill"), not the noun "villa"; "i åtanke", not "åtanka"
    "vill": "vilja", "ville": "vilja", "velat": "vilja", "åtanke": "åtanke",
    # the month, not the noun "mara"
    "mars": "mars",
    # the adjective ("enkönade grupper"), not a verb "enköna"
    "enkönade": "enkönad", "enkönat": "enkönad",
    # past tenses the table leaves as they are ("Flickor stod för 40 procent"; "drevs" it
    # maps to "driva" already)
    "stod": "stå", "drev": "driva",
    # the passive of "leda" ("företag som leds av kvinnor"), not "lida"; its supine
    "leds": "leda", "ledas": "leda", "letts": "leda", "lett": "leda",
    # the adverb ("föreslår istället att"), not a form of a noun "iställ"
    "istället": "istället",
    # the noun ("förbundet har 46 medlemmar", "kommunalförbundet"), not the participle
    # "förbunden"
    "förbundet": "förbund", "förbundets": "förbund",
    # the plurals of "ansökan" and "anmälan" ("1 046 ansökningar", "41 anmälningar"), which
    # the table gives as forms of "ansökning" and "anmälning"
    "ansökningar": "ansökan", "ansökningarna": "ansökan", "ansökningarnas": "ansökan",
    "anmälningar": "anmälan", "anmälningarna": "anmälan", "anmälningarnas": "anmälan",
    # a holder ("tillståndshavare", "innehavare"), not a form of "havara"
    "havare": "havare", "havaren": "havare", "havarna": "havare", "havares": "havare",
    # the reflexive possessive ("har i sin verksamhetsplan", "i sitt yttrande"), not "sina"
    # nor the verb "sitta"
    "sin": "sin", "sitt": "sin", "sina": "sin",
    # the noun ("118 nya fall av malignt melanom", "i så fall", "fallet"), not the verb "falla"
    # (whose imperative "fall" officials do not write) nor the participle "fallen"
    "fall": "fall", "fallet": "fall", "fallen": "fall", "fallens": "fall", "fallets": "fall",
    # the tail of "flicklag", "pojklag" ("lag", a team), not the imperative of "klaga"
    "klag": "klag",
}
# Function words that the table maps to unrelated lemmas ("med" -> "mede"); kept as they are.
for _word in ["med", "mellan", "för", "om", "av", "på", "till", "från", "under", "över", "efter", "utan", "mot", "vid", "genom", "inom", "bland", "hos", "enligt", "än", "som", "och", "eller", "samt", "att", "när", "då", "där", "men", "så", "även", "också", "endast", "enbart", "ingen", "varav", "vilka", "vilket", "denna", "sådan", "sådana", "emedan", "ty", "nämligen", "således", "följaktligen", "sammantaget",
              # adverbs the table takes for forms of other words ("nästan" -> "nästad",
              # "ytterligare" -> "ytterlig", "närmare" -> "nära")
              "nästan", "ytterligare", "närmare", "drygt", "knappt", "cirka", "omkring",
              "ungefär",
              # the adverb ("dock"), never the noun "docka"
              "dock",
              # prepositions the table takes for verbs ("utanför" -> "utanföra")
              "utanför", "innanför", "ovanför", "nedanför", "bortom",
              # adverbs the table takes for other words ("redan" -> "reda", "vidare" -> "vid",
              # "mestadels" -> "mestadel")
              "redan", "vidare", "mestadels",
              # the conjunction ("varken ... eller"), not a form of "vark"
              "varken"]:
    LEMMA_OVERRIDES.setdefault(_word, _word)
LEMMA_OVERRIDES.update({"inga": "ingen", "inget": "ingen", "dessa": "denna", "detta": "denna"})
# Inflectional endings of nouns the table lacks, most specific first: ending -> base ending.
NOUN_ENDINGS = (
    ("arnas", "are"), ("arna", "are"), ("arens", "are"), ("aren", "are"),
    ("ornas", "a"), ("orna", "a"), ("ernas", ""), ("erna", ""), ("ers", ""), ("er", ""),
    ("ans", "a"), ("an", "a"), ("ens", ""), ("en", ""), ("ets", ""), ("et", ""),
)
# Words after which "man" is the noun ("en man"), not the pronoun ("man kan").
MAN_NOUN_BEFORE = {"en", "varje", "ingen", "annan", "ung", "äldre", "gammal", "äldst", "yngst", "vuxen", "ensam",
                   "ensamstående", "yngre", "medelålders", "arbetslös", "sjuk", "svensk",
                   "kvinna", "och", "eller", "/", "-", "per", "vilken", "den", "denna"}
# After "som", "man" is the noun only at the end of a phrase ("både kvinnor som män."),
# else the pronoun ("samtidigt som man skapar", "som man kan se")
MAN_NOUN_AFTER_SOM = {"och", "eller", "/", ",", ".", ";", ":", ")", "!", "?", ""}
PRONOUN_MAN = "PRON:man"
MIN_TAIL = 4  # shortest compound tail looked up; shorter tails ("man", "son") mislead


LEMMA_SOURCE = ("spacy_lookups_data", "data/sv_lemma_lookup.json.gz")


def _source():
    package, name = LEMMA_SOURCE
    return resources.files(package).joinpath(name)


def _cache_path() -> Path:
    """Where the lemma table is kept in Python's own fast format (marshal), keyed by the source
    file, the overrides and the Python version: parsing the 22 MB JSON costs about 1 s."""
    source = Path(str(_source()))
    stat = source.stat()
    key = hashlib.sha256(repr((str(source), stat.st_size, stat.st_mtime_ns,
                               sorted(LEMMA_OVERRIDES.items()), sys.version_info[:2],
                               marshal.version)).encode()).hexdigest()[:16]
    folder = Path(os.environ.get("JAMCHECK_CACHE") or Path.home() / ".cache" / "jamcheck")
    return folder / f"sv-lemmas-{key}.marshal"


def _read_source() -> dict[str, str]:
    with _source().open("rb") as raw, gzip.open(raw) as fh:
        table = json.load(fh)
    table.update(LEMMA_OVERRIDES)
    return table


def build_cache(table: dict[str, str] | None = None) -> Path | None:
    """Write the lemma table cache (run by `make setup`; also done on first use)."""
    table = table if table is not None else _read_source()
    try:
        path = _cache_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_bytes(marshal.dumps(table))
        os.replace(temporary, path)  # atomic: a concurrent reader sees all or nothing
        return path
    except OSError:
        return None  # a read-only home: the JSON is read each time


@lru_cache(maxsize=1)
def lemma_table() -> dict[str, str]:
    try:
        table = marshal.loads(_cache_path().read_bytes())
        if isinstance(table, dict) and len(table) > 100_000:
            return table
    except (OSError, ValueError, EOFError, TypeError):
        pass
    table = _read_source()
    build_cache(table)  # the table just read, not a second parse
    return table


@lru_cache(maxsize=1)
def base_forms() -> frozenset[str]:
    """Every lemma in the table: a word that is itself a base form keeps its form.

    The table maps some base forms to an unrelated lemma ("med" -> "mede", "för" -> "föra",
    "finns" aside); keeping known base forms as they are avoids most of these.
    """
    return frozenset(lemma_table().values())


@lru_cache(maxsize=200_000)
def lemmatize(word: str) -> str:
    """Lower-cased lemma of a Swedish word form, compounds lemmatised by their tail."""
    table = lemma_table()
    low = word.lower()
    if low in LEMMA_OVERRIDES:
        return LEMMA_OVERRIDES[low]
    if low in base_forms():
        return low
    found = table.get(word)
    if found is None:
        found = table.get(low)
        if found is None:
            found = (_compound(low) or (low.endswith("s") and _compound(low[:-1]))
                     or _strip_ending(low) or low)
    found = found.lower()
    if low.endswith("ar") and found == low + "e":
        # "spelar", "arbetar": the verb in the present tense; the table gives the agent noun
        # ("spelare"), whose forms never end in -ar
        return low[:-1]
    return found


def _strip_ending(low: str) -> str | None:
    """Guess the base form of an unknown (usually compound) noun from its ending."""
    for ending, base in NOUN_ENDINGS:
        if low.endswith(ending) and len(low) - len(ending) >= 4:
            return low[: -len(ending)] + base
    return None


def _compound(low: str) -> str | None:
    table = lemma_table()
    if low in table:
        return table[low]
    for i in range(2, len(low) - MIN_TAIL + 1):
        tail = low[i:]
        if tail in LEMMA_OVERRIDES:
            return low[:i] + LEMMA_OVERRIDES[tail]
        if tail in base_forms():  # "verksamhetsbidrag": "bidrag" is a base form (not "bidra")
            return low
        if tail in table:
            return low[:i] + table[tail]
    return None


SENTENCE_END = frozenset(Sentencizer.default_punct_chars)


def sentence_starts(texts: list[str], is_punct: list[bool]) -> list[bool]:
    """Whether each token of one text starts a sentence, as spaCy's Sentencizer (default
    punctuation) decides: after sentence-final punctuation, the next token that is not
    punctuation starts a sentence."""
    starts = [False] * len(texts)
    if texts:
        starts[0] = True
        start = 0
        seen_period = False
        for i, text in enumerate(texts):
            is_end = text in SENTENCE_END
            if seen_period and not is_punct[i] and not is_end:
                starts[start] = True
                start = i
                seen_period = False
            elif is_end:
                seen_period = True
        starts[start] = True
    return starts


def lemmatize_tokens(texts: list[str]) -> list[str]:
    """Lemmas of the tokens of one text (a Doc's token texts, spaces included)."""
    lemmas = []
    previous = ""
    for i, text in enumerate(texts):
        if text == "man" or text == "Man":
            nxt = texts[i + 1].lower() if i + 1 < len(texts) else ""
            noun = (previous in MAN_NOUN_BEFORE or nxt in ("och", "eller", "/")
                    or (previous == "som" and nxt.strip() in MAN_NOUN_AFTER_SOM))
            lemma = "man" if noun else PRONOUN_MAN
        else:
            lemma = lemmatize(text)
        lemmas.append(lemma)
        previous = lemma
    return lemmas


@lru_cache(maxsize=1)
def pipeline() -> Language:
    """The process-wide pipeline: spaCy's blank Swedish tokenizer. Sentences and lemmas are
    computed from its tokens by `sentence_starts` and `lemmatize_tokens` (analysis.py),
    cheaper than setting them on spaCy's tokens and reading them back."""
    nlp = spacy.blank("sv")
    base_forms()
    # spaCy and the lemma tables stay for the life of the process: move what is loaded so
    # far out of the cyclic garbage collector's view, so that its full collections (some
    # 50 ms each, several while a long document is checked) do not walk them again and
    # again. Reference counting still frees these objects as usual.
    gc.freeze()
    return nlp


if __name__ == "__main__":  # python -m jamcheck.language: build the lemma table cache
    print(build_cache() or "jamcheck: lemmatabellens cache kunde inte skrivas.")
