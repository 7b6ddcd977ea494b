"""Term specifications: what a rule matches, compiled to regular expressions over the lemma and surface strings.

A term specification is a mapping with any of
  lemmas:   [kvinna, flicka]        a token whose lemma is one of these
  heads:    [invånare, patient]     a token whose lemma is one of these or ends in one
                                    after a prefix of two or more letters (compounds)
  except:   [kvinnojour]            lemmas that never match, even by their head
  patterns: ["påverka inte {equality}"]  regular expressions over the lemmas, tokens
                                    separated by one space; {name} stands for one token
                                    of the named lexicon in rules/lexicon.yml
  surface:  ["var (tredje|fjärde)"] regular expressions over the lower-cased words
Matches never cross a sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..analysis import AnalysedDocument, Sentence

SPEC_KEYS = {"lemmas", "heads", "except", "patterns", "surface"}
PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


class TermError(ValueError):
    """A term specification is malformed; the message says which part (in Swedish)."""


def token_regex(spec: dict) -> str:
    """One-token regex (no boundaries) for the lemmas/heads/except of a spec."""
    alts = []
    lemmas = spec.get("lemmas") or []
    heads = spec.get("heads") or []
    if lemmas:
        alts.append("|".join(re.escape(str(x).lower()) for x in sorted(lemmas, key=len, reverse=True)))
    if heads:
        head_alt = "|".join(re.escape(str(x).lower()) for x in sorted(heads, key=len, reverse=True))
        alts.append(rf"(?:[^\s]{{2,}}?)?(?:{head_alt})")
    if not alts:
        return ""
    body = "|".join(alts)
    excepted = spec.get("except") or []
    if excepted:
        exc = "|".join(re.escape(str(x).lower()) for x in excepted)
        return rf"(?!(?:{exc})(?!\S))(?:{body})"
    return f"(?:{body})"


def expand(pattern: str, lexicons: dict[str, str]) -> str:
    def repl(m: re.Match) -> str:
        name = m.group(1)
        if name not in lexicons:
            raise TermError(f"okänt lexikon {{{name}}} i mönstret {pattern!r}")
        return lexicons[name]
    return PLACEHOLDER.sub(repl, pattern)


@dataclass
class Terms:
    """A compiled term specification."""

    lemma_re: re.Pattern | None
    surface_re: re.Pattern | None

    @classmethod
    def compile(cls, spec: dict | None, lexicons: dict[str, str]) -> "Terms":
        spec = spec or {}
        if not isinstance(spec, dict):
            raise TermError("ska vara en mappning med lemmas, heads, patterns eller surface")
        unknown = set(spec) - SPEC_KEYS
        if unknown:
            raise TermError(f"okända nycklar {sorted(unknown)}; tillåtna är {sorted(SPEC_KEYS)}")
        for key in SPEC_KEYS:
            value = spec.get(key)
            if value is not None and not (isinstance(value, list)
                                          and all(isinstance(v, str) for v in value)):
                raise TermError(f"'{key}' ska vara en lista med strängar")
        lemma_alts = []
        tok = token_regex(spec)
        if tok:
            lemma_alts.append(tok)
        for pattern in spec.get("patterns") or []:
            lemma_alts.append(f"(?:{expand(pattern, lexicons)})")
        surface_alts = [f"(?:{expand(p, lexicons)})" for p in spec.get("surface") or []]
        try:
            lemma_re = (re.compile(r"(?<!\S)(?:" + "|".join(lemma_alts) + r")(?!\S)")
                        if lemma_alts else None)
            surface_re = (re.compile(r"(?<!\S)(?:" + "|".join(surface_alts) + r")(?!\S)")
                          if surface_alts else None)
        except re.error as err:
            raise TermError(f"ogiltigt reguljärt uttryck: {err}") from None
        return cls(lemma_re, surface_re)

    def __bool__(self) -> bool:
        return self.lemma_re is not None or self.surface_re is not None

    def matches(self, adoc: AnalysedDocument):
        """Yield (first_token, last_token) of every match in the document."""
        for layer_name, regex in (("lemmas", self.lemma_re), ("surface", self.surface_re)):
            if regex is None:
                continue
            for m in regex.finditer(getattr(adoc, layer_name)):
                if "\n" in m.group() or m.end() == m.start():
                    continue
                yield (adoc.token_at(m.start(), layer_name),
                       adoc.token_at(m.end() - 1, layer_name))

    def sentence_matches(self, adoc: AnalysedDocument, sentence: Sentence):
        """(first_token, last_token) of the matches inside one sentence."""
        for layer_name, regex in (("lemmas", self.lemma_re), ("surface", self.surface_re)):
            if regex is None:
                continue
            starts = adoc.token_lemma_pos if layer_name == "lemmas" else adoc.token_surface_pos
            offset = starts[sentence.first_token]
            text = (adoc.sentence_lemmas(sentence) if layer_name == "lemmas"
                    else adoc.sentence_surface(sentence))
            for m in regex.finditer(text):
                if m.end() == m.start():
                    continue
                yield (adoc.token_at(offset + m.start(), layer_name),
                       adoc.token_at(offset + m.end() - 1, layer_name))

    def in_sentence(self, adoc: AnalysedDocument, sentence: Sentence) -> bool:
        return next(self.sentence_matches(adoc, sentence), None) is not None

    def sentence_set(self, adoc: AnalysedDocument) -> set[int]:
        """Indices of the sentences where these terms occur, computed once per document
        for each distinct pattern (many rules share conditions such as {equality_claim})."""
        key = (self.lemma_re.pattern if self.lemma_re else None,
               self.surface_re.pattern if self.surface_re else None)
        found = adoc.cache.get(key)
        if found is None:
            found = {adoc.token_sentence[first] for first, _ in self.matches(adoc)}
            adoc.cache[key] = found
        return found
