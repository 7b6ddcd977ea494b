"""Claim check: a claim that gender equality is unaffected, irrelevant or already achieved, and the reason given for it.

Parameters: `claim` (terms that make a sentence such a claim) and `reason`:
  connectives: terms that introduce a reason after or around the claim ("eftersom", "då")
  backward:    terms in the claim sentence that point to a reason before it ("därför")
  scope:       terms that state who or what the decision is limited to ("enbart", "inga")
  circular:    terms that make a reason restate the claim ("inte beröra jämställdhet")
  who:         terms that name who is affected (people, sex, "enskilda", "ingen")
  uniform:     terms that only say everyone gets the same ("gäller alla", "samma villkor",
               "oavsett kön"): equal rules are no reason why women and men are not affected
               differently, so such a reason is thin ...
  specific:    ... unless it also says something about the women and men themselves
               (sex terms outside the uniform phrase, "inga enskilda personer")
  elsewhere:   terms that open a sentence about another perspective ("Barn berörs inte,
               eftersom ..."): from there on, the following sentences hold that claim's
               reason, not this one's
  scope_before: terms that state the scope of the case itself ("Ärendet berör enbart denna
               dimension"): such a sentence in the paragraph just before a claim that opens
               its own paragraph is its reason, across a heading between them
  prior:       terms that make a sentence just before the claim, in its paragraph, its
               reason ("Bidraget fördelas utifrån antal deltagarveckor och är därmed neutralt
               i förhållande till deltagarnas kön. Förvaltningen har inte identifierat ..."),
               a thin one; so are these or `uniform` terms before the claim in its own
               sentence ("Riktlinjerna gäller alla elever lika och förslaget bedöms inte ...")
  deferral:    terms that put the analysis off to a later stage ("Jämställdhetsaspekter beaktas
               i respektive investeringsprojekt"): a sentence after the claim that says so is a
               thin reason
  kind:        terms that only say what kind of case it is ("Ärendet är en redovisning och
               bedöms inte ...", "av finansiell karaktär"): in the claim's sentence or just
               before it in its paragraph, a thin reason, as it names no one affected
  contrast:    terms that turn a sentence against the claim ("Däremot ställer ... krav på
               en avvägning"): such a sentence qualifies the claim, it does not say why
  against:     terms that say women and men differ ("Kvinnor är i majoritet bland
               brukarna"): a reason that states such a difference does not show why they are
               not affected differently, so it is thin
  holds:       terms that make a reason about who is affected one that holds: it says
               why they are not affected differently, that nothing changes for them
               ("förändrar inte utbudet för invånarna") or that it reaches no individuals
               ("berör inte enskilda"); with sex terms outside a uniform phrase (`specific`)
               or a `scope` term it holds too, without them it is thin; a sentence after the
               claim with such terms is a reason even without a connective
  filler:      lemmas that carry no content in a reason ("ärende", "beslut")
  min_content: how many content words a reason needs to hold
A term key the rule leaves out is the lexicon's entry of that name (`reason_connective` for
`connectives`, `reason_<key>` for the others), so that every claim rule reads reasons alike.
and `thin`: the level, message and suggestion used when a reason is circular or thin.
`without` (conditions, as in the lexicon check) leaves out claims in sentences where they
hold: a claim another body makes, which the case retells, is not the case's own claim.
`following` is how many sentences after the claim (and, with a backward term, before it)
may hold its reason (a template's comment line on the next paragraph, "Kommentar: ...", also
follows a claim that ends its paragraph); with `before_claim` the words before the claim in its own sentence
are a reason when they hold `min_content` content words, and with `paragraph` every other
sentence of the claim's paragraph is.
A claim grades 1 without a reason, 2 with a circular or thin reason, 3 with a reason
that names who is affected and says why not differently.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.lang.sv.stop_words import STOP_WORDS

from ..analysis import AnalysedDocument, Sentence
from ..terms import TermError, Terms
from .base import Condition, Hit, conditions, in_sections, line_label, report_filter

PARAMS = ("claim", "reason", "thin", "following", "before_claim", "paragraph", "without")
# the reason's term keys and the lexicon entries they default to
REASON_TERMS = {"connectives": "reason_connective", "backward": "reason_backward",
                "scope": "reason_scope", "circular": "reason_circular", "who": "reason_who",
                "uniform": "reason_uniform", "specific": "reason_specific",
                "elsewhere": "reason_elsewhere", "contrast": "reason_contrast",
                "scope_before": "reason_scope_before", "against": "reason_against",
                "prior": "reason_prior", "deferral": "reason_deferral", "kind": "reason_kind",
                "holds": "reason_holds"}
REASON_KEYS = (*REASON_TERMS, "filler", "min_content")


@dataclass
class Params:
    claim: Terms
    connectives: Terms
    backward: Terms
    scope: Terms
    circular: Terms
    who: Terms
    uniform: Terms
    specific: Terms
    elsewhere: Terms
    contrast: Terms
    scope_before: Terms
    against: Terms
    prior: Terms
    deferral: Terms
    kind: Terms
    holds: Terms
    filler: frozenset[str]
    min_content: int
    following: int
    before_claim: bool
    paragraph: bool
    thin: dict[str, str]
    without: list[Condition]


def compile(data: dict, lexicons: dict[str, str]) -> Params:
    for key in ("claim", "reason", "thin"):
        if key not in data:
            raise KeyError(key)
    reason = data["reason"]
    if not isinstance(reason, dict) or set(reason) - set(REASON_KEYS):
        raise TermError(f"'reason' ska vara en mappning med {', '.join(REASON_KEYS)}")
    thin = data["thin"]
    if not isinstance(thin, dict) or not all(isinstance(thin.get(k), str)
                                             for k in ("level", "message", "suggestion")):
        raise TermError("'thin' ska ha level, message och suggestion")
    min_content = reason.get("min_content", 4)
    if not isinstance(min_content, int) or min_content < 1:
        raise TermError("'reason.min_content' ska vara ett positivt heltal")
    terms = {key: Terms.compile(_reason_terms(reason, key, entry, lexicons), lexicons)
             for key, entry in REASON_TERMS.items()}
    return Params(
        claim=Terms.compile(data["claim"], lexicons), **terms,
        filler=frozenset(str(x).lower() for x in reason.get("filler", [])),
        min_content=min_content, following=int(data.get("following", 2)),
        before_claim=bool(data.get("before_claim", False)), paragraph=bool(data.get("paragraph", False)),
        thin=thin, without=conditions(data.get("without"), lexicons))


def _reason_terms(reason: dict, key: str, entry: str, lexicons: dict[str, str]):
    """A reason key's terms: the rule's own, else the lexicon entry named for the key."""
    if key in reason:
        return reason[key]
    return {"patterns": [f"{{{entry}}}"]} if entry in lexicons else None


def run(rule, adoc: AnalysedDocument) -> list[Hit]:
    p: Params = rule.params
    hits = []
    done: set[int] = set()
    matches = p.claim.matches(adoc)
    excluded = [c.holds_at(adoc, adoc.cache) for c in p.without] if matches else []
    for first, last in matches:
        s_index = adoc.token_sentence[first]
        sentence = adoc.sentences[s_index]
        if s_index in done or not in_sections(rule, adoc, sentence.block) \
                or any(holds(sentence) for holds in excluded):
            continue
        done.add(s_index)
        grade = _grade(adoc, p, sentence, first, last)
        span = adoc.sentence_span(sentence)
        if grade == 2:
            hits.append(Hit(rule, grade, span, level=p.thin["level"],
                            message=p.thin["message"], suggestion=p.thin["suggestion"]))
        else:
            hits.append(Hit(rule, grade, span))
    return report_filter(rule, hits)


def _grade(adoc, p: Params, sentence: Sentence, first: int, last: int) -> int:
    """Grade the reason around a claim: 1 without a reason; 2 for a circular one, one that
    only says the rules are the same for all, one that itself says women and men differ, or
    a thin one; 3 for one that says who is affected, with content, and why they are not
    affected differently (`specific`, `scope` or `holds` terms): "berör i första hand yngre
    resenärer" says who, not why, and readers call it thin."""
    reasons: list[tuple[int, int]] = []  # token ranges [start, end)
    connective = [a for a, _ in p.connectives.sentence_matches(adoc, sentence)]
    before = [a for a in connective if a < first]
    after = [a for a in connective if a > last]
    if after:
        reasons.append((min(after), sentence.end_token))
    if before:
        reasons.append((sentence.first_token, first))
    if p.scope.in_sentence(adoc, sentence):
        reasons.append((last + 1, sentence.end_token))
    block_sentences = adoc.by_block.get(sentence.block.index, [])
    position = block_sentences.index(sentence)
    following = block_sentences[position + 1: position + 1 + p.following]
    if position == len(block_sentences) - 1:  # "Jämställdhetsanalys: Nej." / "Kommentar: ..."
        following += _comment_line(adoc, sentence)
    for nxt in following:
        if p.elsewhere and p.elsewhere.in_sentence(adoc, nxt):
            break  # "Barn berörs inte, eftersom ...": another perspective's claim and reason
        if p.contrast and p.contrast.in_sentence(adoc, nxt):
            continue
        # a reason by its connective, its scope, or by saying that nothing changes for those
        # concerned ("Jämställdhetsanalys: Nej. Kommentar: Ärendet avser en organisatorisk
        # förändring. Patienternas tillgång till vården påverkas inte.")
        if (p.connectives.in_sentence(adoc, nxt) or p.scope.in_sentence(adoc, nxt)
                or (p.holds and p.holds.in_sentence(adoc, nxt))) \
                and not any(_conceded(adoc, nxt.first_token, a)
                            for a, _ in p.claim.sentence_matches(adoc, nxt)):
            reasons.append((nxt.first_token, nxt.end_token))
    if position == 0 and p.scope_before:  # "Ärendet berör enbart denna dimension." before it
        reasons.extend((s.first_token, s.end_token) for s in _previous_paragraph(adoc, sentence)
                       if p.scope_before.in_sentence(adoc, s))
    if p.before_claim and sum(1 for t in range(sentence.first_token, first) if _content(adoc, p, t)) \
            >= p.min_content:  # "Ärendet är en återrapportering och bedöms inte medföra ..."
        reasons.append((sentence.first_token, first))
    if p.paragraph:  # the rest of the claim's paragraph says why
        reasons.extend((s.first_token, s.end_token) for s in block_sentences if s is not sentence
                       and not (p.contrast and p.contrast.in_sentence(adoc, s)))
    if p.backward.in_sentence(adoc, sentence):
        # "Alla har samma rätt, och förslaget påverkar därför inte ...": the reason comes first
        if any(_content(adoc, p, t) for t in range(sentence.first_token, first)):
            reasons.append((sentence.first_token, first))
        for prev in block_sentences[max(0, position - p.following):position]:
            reasons.append((prev.first_token, prev.end_token))
        if position == 0:
            prev_block = _previous_sentences(adoc, sentence, p.following)
            reasons.extend((s.first_token, s.end_token) for s in prev_block)
    # "En majoritet av de boende är kvinnor, men investeringen bedöms inte påverka ...": what
    # comes before a "men" that opens the claim's clause is conceded, not a reason for it
    reasons = [(a, b) for a, b in reasons if not (b == first and _conceded(adoc, a, first))]
    if not reasons:
        before = block_sentences[max(0, position - p.following):position]
        return 2 if _thin_reason(adoc, p, sentence, (first, last), before, following) else 1
    content, circular, who, uniform, specific, against, holds = 0, *[False] * 6
    for start, end in reasons:
        holds = holds or _found(adoc, p.scope, start, end) or _found(adoc, p.holds, start, end)
        text_tokens = range(start, end)
        circ_tokens = set()
        for a, b in _range_matches(adoc, p.circular, start, end):
            circular = True
            circ_tokens.update(range(a, b + 1))
        who = who or _found(adoc, p.who, start, end)
        against = against or _found(adoc, p.against, start, end)
        uniform_tokens = set()
        for a, b in _range_matches(adoc, p.uniform, start, end):
            uniform = True
            uniform_tokens.update(range(a, b + 1))
        if any(a not in uniform_tokens
               for a, _ in _range_matches(adoc, p.specific, start, end)):
            specific = True
        for t in text_tokens:
            if t in circ_tokens or first <= t <= last:
                continue
            if _content(adoc, p, t):
                content += 1
    if circular and content < p.min_content:
        return 2
    if (uniform and not specific) or against:
        return 2
    if who and content >= p.min_content and (specific or holds):
        return 3
    return 2


def _thin_reason(adoc, p: Params, sentence: Sentence, claim: tuple[int, int],
                 before: list[Sentence], following: list[Sentence]) -> bool:
    """Whether a claim without a reason that holds still has a thin one: a sentence before it
    that says women and men are alike ("Fördelningen är i stort sett jämn."), the same words
    or the same rules for all before the claim in its own sentence ("Riktlinjerna gäller alla
    elever lika och förslaget bedöms inte ...") or in the sentence after it, a sentence
    after it that puts the analysis off ("Jämställdhetsaspekter beaktas i respektive
    investeringsprojekt"), or the kind of case named beside it ("Ärendet är en redovisning
    och bedöms inte ...")."""
    first, last = claim
    if p.prior and any(p.prior.in_sentence(adoc, s) for s in before):
        return True
    # the group described by sex just before it ("Majoriteten av dem som bor på kommunens
    # särskilda boenden är kvinnor. Förslaget bedöms inte påverka kvinnor och män olika."):
    # who is affected is said, not why they are not affected differently
    if p.against and any(p.against.in_sentence(adoc, s) for s in before[-1:]):
        return True
    if p.kind and (any(a < first or a > last for a, _ in p.kind.sentence_matches(adoc, sentence))
                   or any(p.kind.in_sentence(adoc, s) for s in before)):
        return True
    # the same rules for all said just after it: "Förvaltningen bedömer att förslaget inte
    # påverkar jämställdheten. Avgiften tillämpas lika för alla vårdnadshavare oavsett bakgrund."
    if p.uniform and any(p.uniform.in_sentence(adoc, s) for s in following):
        return True
    if any(a < first for terms in (p.prior, p.uniform) if terms
           for a, _ in terms.sentence_matches(adoc, sentence)):
        return True
    return bool(p.deferral) and any(p.deferral.in_sentence(adoc, s) for s in following)


def _conceded(adoc, start: int, first: int) -> bool:
    """Whether the words before a claim end in a concession: "..., men" just before it."""
    return any(adoc.token_lemmas[t] == "men" for t in range(max(start, first - 6), first))


def _content(adoc, p: Params, t: int) -> bool:
    """Whether token t is a content word (not a stop word or filler such as "ärende")."""
    lemma = adoc.token_lemmas[t]
    return lemma.isalpha() and lemma not in STOP_WORDS and lemma not in p.filler


def _previous_sentences(adoc, sentence: Sentence, n: int) -> list[Sentence]:
    """Up to n sentences before this one, in the same section, skipping headings."""
    out = []
    i = sentence.index - 1
    while i >= 0 and len(out) < n:
        s = adoc.sentences[i]
        if s.block.section != sentence.block.section or s.block.kind in ("heading", "title"):
            break
        out.append(s)
        i -= 1
    return out


COMMENT_LABELS = ("kommentar", "motivering", "förklaring", "skäl")


def _comment_line(adoc, sentence: Sentence) -> list[Sentence]:
    """The first sentence of the next paragraph when that paragraph is a template's comment
    line ("Kommentar: Riktlinjerna gäller lika för kvinnor och män.") after a yes/no answer."""
    blocks = adoc.document.blocks
    i = sentence.block.index + 1
    if i >= len(blocks):
        return []
    label = line_label(blocks[i].text, reach=30)
    if label is None or label.strip().lower() not in COMMENT_LABELS:
        return []
    return adoc.by_block.get(blocks[i].index, [])[:1]


def _previous_paragraph(adoc, sentence: Sentence) -> list[Sentence]:
    """The sentences of the paragraph before this sentence's, across a heading between them
    (the scope of the case stated at the end of one section, the claim opening the next)."""
    blocks = adoc.document.blocks
    i = sentence.block.index - 1
    while i >= 0 and blocks[i].kind in ("heading", "title"):
        i -= 1
    return adoc.by_block.get(blocks[i].index, []) if i >= 0 else []


def _found(adoc, terms: Terms, start: int, end: int) -> bool:
    """Whether terms match inside the token range [start, end) of one sentence."""
    return next(_range_matches(adoc, terms, start, end), None) is not None


def _range_matches(adoc, terms: Terms, start: int, end: int):
    """Matches of terms lying inside the token range [start, end) of one sentence."""
    if not terms or start >= end:
        return
    sentence = adoc.sentences[adoc.token_sentence[start]]
    for a, b in terms.sentence_matches(adoc, sentence):
        if a >= start and b < end:
            yield a, b


