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

Speed: a regular expression searched over a whole document is tried at every character.
Instead (see _Search), each regex is split into its alternatives ("pieces", shared by all
rules that use them), and each piece is analysed once for what the first word of a match
must be, start with or contain ("kvinna", "jämställ", a digit). The document's word index
gives the positions of the words that qualify, and a piece is tried only there, once per
document; a piece whose match depends on one word alone is tried once per distinct word.
A rule's matches follow from its pieces' matches exactly as `finditer` would find them.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from re import _constants as sre  # the standard library's own regex parser (Python >= 3.11)
from re import _parser as sre_parse

from .analysis import AnalysedDocument, Sentence

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


@dataclass(frozen=True)
class FirstWord:
    """What the first word (run of non-space characters) of every match of a regex looks
    like: it is one of `words`, starts with one of `prefixes`, contains one of `infixes`,
    or, if `digit`, starts with a decimal digit."""

    words: frozenset[str]
    prefixes: frozenset[str]
    infixes: frozenset[str]
    digit: bool


def analyse(alternative: str) -> tuple[FirstWord | None, bool, bool, bool]:
    """What `_Piece` needs to know about the regex (?<!\\S)(?:alternative)(?!\\S):
      first_word:     what the first word of every match looks like (None: anything)
      one_word:       every match lies within one word and is found by looking at that
                      word alone
      newline_free:   no match contains a newline, so none crosses a sentence
      sentence_local: also, nothing the regex looks at (lookarounds, anchors) differs
                      between the whole string and one sentence's text
    `alternative` must be a regex of its own (say, not "a)|(b"); else nothing is known.
    """
    try:
        parsed = sre_parse.parse(alternative)
        if parsed.state.flags != re.UNICODE or parsed.getwidth()[0] == 0:
            return None, False, False, False  # flags; an empty match would make finditer differ
        items = [_WORD_START, *parsed, _WORD_END]
        one_word = _one_word(items)
        newline_free = _newline_free(items)
        sentence_local = _newline_free(items, looks_too=True)
        states = _walk(items, {("prefix", "", True)})
    except (re.error, _Unknown):
        return None, False, False, False
    found = {(mode, text) for mode, text, _ in states}
    if any(mode != "digit" and not text for mode, text in found):
        return None, one_word, newline_free, sentence_local  # may start with any word
    first_word = FirstWord(frozenset(t for m, t in found if m == "word"),
                           frozenset(t for m, t in found if m == "prefix"),
                           frozenset(t for m, t in found if m == "infix"),
                           ("digit", "") in found)
    return first_word, one_word, newline_free, sentence_local


# The analysis follows every path through the parsed regex from the start of a match and
# collects what it knows of the first word as states (mode, text, open):
#   ("prefix", "kvi", True)   the word starts with "kvi", and more may be learnt
#   ("word", "kvinna", False) the word is "kvinna" (a space or (?!\S) followed)
#   ("infix", "jäm", False)   the word contains "jäm"; nothing more is learnt on this path
#   ("digit", "", False)      the word starts with a decimal digit
# A path closes when the word may end or an unknown character follows a known one.
_UNSUPPORTED_FLAGS = re.IGNORECASE | re.ASCII | re.LOCALE
_MAX_STATES = 5000
_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT)
_NON_SPACE = (sre.IN, [(sre.CATEGORY, sre.CATEGORY_NOT_SPACE)])  # \S
_WORD_START = (sre.ASSERT_NOT, (-1, [_NON_SPACE]))  # (?<!\S)
_WORD_END = (sre.ASSERT_NOT, (1, [_NON_SPACE]))  # (?!\S)
_NON_SPACE_CATEGORIES = (sre.CATEGORY_NOT_SPACE, sre.CATEGORY_DIGIT, sre.CATEGORY_WORD)


def _data(items) -> list:
    """The items of a parsed (sub)pattern as a plain list (quicker to go through)."""
    return items.data if isinstance(items, sre_parse.SubPattern) else items


class _Unknown(Exception):
    """The regex uses something the first-word analysis does not model."""


def _walk(items, states: set) -> set:
    for op, av in _data(items):
        open_states = {s for s in states if s[2]}
        if not open_states:
            break
        states = (states - open_states) | _step(op, av, open_states)
        if len(states) > _MAX_STATES:
            raise _Unknown
    return states


def _step(op, av, states: set) -> set:
    if op is sre.LITERAL:
        char = chr(av)
        if char.isspace():
            return _end_word(states)
        return {(mode, text + char, True) for mode, text, _ in states}
    if _is_assert((op, av), sre.ASSERT_NOT, 1, _NON_SPACE):
        return _end_word(states)  # (?!\S)
    if op in (sre.ASSERT, sre.ASSERT_NOT, sre.AT):
        return states  # zero width
    if op is sre.SUBPATTERN:
        _group, add_flags, _del_flags, items = av
        if add_flags & _UNSUPPORTED_FLAGS:
            raise _Unknown
        return _walk(items, states)
    if op is sre.ATOMIC_GROUP:
        return _walk(av, states)
    if op is sre.BRANCH:
        out: set = set()
        for items in av[1]:
            out |= _walk(items, states)
        return out
    if op is sre.IN:
        chars = _plain_chars(av)
        if chars is not None and not any(c.isspace() for c in chars):
            return {(mode, text + c, True) for mode, text, _ in states for c in chars}
        if av == [(sre.CATEGORY, sre.CATEGORY_DIGIT)]:
            return {("digit", "", False) if s == ("prefix", "", True) else _unknown_char(s)
                    for s in states}
        if _non_space(op, av):
            return {_unknown_char(s) for s in states}
        return _close(states)
    if op in _REPEATS:
        low, high, items = av
        if low == 0:
            if _non_space_items(items):
                return {_unknown_char(s) for s in states}
            return _close(states)
        once = _walk(items, states)
        if high == 1:
            return once
        if _non_space_items(items):
            return {_unknown_char(s) if s[2] else s for s in once}
        return _close(once)
    return _close(states)


def _end_word(states: set) -> set:
    """The first word ends here: a known prefix is the whole word."""
    return {("word" if mode == "prefix" else mode, text, False) for mode, text, _ in states}


def _close(states: set) -> set:
    return {(mode, text, False) for mode, text, _ in states}


def _unknown_char(state: tuple) -> tuple:
    """An unknown non-space character (or run of them) follows within the word."""
    mode, text, is_open = state
    if is_open and not text and mode in ("prefix", "infix"):
        return ("infix", "", True)  # nothing known yet: what follows is inside the word
    return (mode, text, False)


def _plain_chars(av) -> set[str] | None:
    """The characters of a small character set of literals and short ranges, else None."""
    chars: set[str] = set()
    for op, arg in av:
        if op is sre.LITERAL:
            chars.add(chr(arg))
        elif op is sre.RANGE and arg[1] - arg[0] < 16:
            chars.update(chr(c) for c in range(arg[0], arg[1] + 1))
        else:
            return None
    return chars


def _non_space(op, av) -> bool:
    """Whether one parsed item matches only non-space characters (or nothing)."""
    if op is sre.LITERAL:
        return not chr(av).isspace()
    if op in (sre.ASSERT, sre.ASSERT_NOT, sre.AT):
        return True
    if op is sre.IN:
        if av and av[0][0] is sre.NEGATE:
            return (sre.CATEGORY, sre.CATEGORY_SPACE) in av[1:]
        chars = _plain_chars(av)
        if chars is not None:
            return not any(c.isspace() for c in chars)
        return all(o is sre.CATEGORY and a in _NON_SPACE_CATEGORIES for o, a in av)
    if op is sre.SUBPATTERN:
        return _non_space_items(av[3])
    if op is sre.BRANCH:
        return all(_non_space_items(items) for items in av[1])
    if op in _REPEATS:
        return _non_space_items(av[2])
    return False


def _non_space_items(items) -> bool:
    return all(_non_space(op, av) for op, av in _data(items))


def _is_assert(item, op, direction: int, body) -> bool:
    return item[0] is op and item[1][0] == direction and _data(item[1][1]) == [body]


def _one_word(items) -> bool:
    """Whether parsed items consume only non-space characters and look at nothing beyond
    the word they are in, so that matching at a word start depends on that word alone."""
    for op, av in _data(items):
        if op is sre.ASSERT or op is sre.ASSERT_NOT:
            direction, body = av
            if direction == 1:
                if not _one_word(body):
                    return False
            elif not (op is sre.ASSERT_NOT and _data(body) == [_NON_SPACE]):  # (?<!\S)
                return False
        elif op is sre.SUBPATTERN:
            if not _one_word(av[3]):
                return False
        elif op is sre.BRANCH:
            if not all(_one_word(items) for items in av[1]):
                return False
        elif op in _REPEATS:
            if not _one_word(av[2]):
                return False
        elif op is sre.LITERAL or op is sre.IN:
            if not _non_space(op, av):
                return False
        else:
            return False
    return True


def _newline_free(items, looks_too: bool = False) -> bool:
    """Whether parsed items never consume a newline; with `looks_too`, also never look at
    one (in a lookaround) nor at the start or end of the string (^, $, \\A, \\Z)."""
    for op, av in _data(items):
        if op is sre.LITERAL:
            ok = av != 10
        elif op is sre.NOT_LITERAL:
            ok = av == 10
        elif op is sre.IN:
            chars = _plain_chars(av)
            if chars is not None:
                ok = "\n" not in chars
            elif av and av[0][0] is sre.NEGATE:
                ok = (sre.CATEGORY, sre.CATEGORY_SPACE) in av[1:]
            else:
                ok = all(o is sre.CATEGORY and a in _NON_SPACE_CATEGORIES for o, a in av)
        elif op is sre.ASSERT or op is sre.ASSERT_NOT:
            ok = not looks_too or _newline_free(av[1], looks_too)
        elif op is sre.AT:
            ok = not looks_too or av in (sre.AT_BOUNDARY, sre.AT_NON_BOUNDARY)
        elif op is sre.SUBPATTERN:
            ok = _newline_free(av[3], looks_too)
        elif op is sre.ATOMIC_GROUP:
            ok = _newline_free(av, looks_too)
        elif op is sre.BRANCH:
            ok = all(_newline_free(alt, looks_too) for alt in av[1])
        elif op in _REPEATS:
            ok = _newline_free(av[2], looks_too)
        else:
            ok = False
        if not ok:
            return False
    return True


class _Piece:
    """One alternative of a Terms regex over one layer (the `lemmas:`/`heads:` token, or one
    pattern) as the regex (?<!\\S)(?:alternative)(?!\\S) of its own, with what `analyse`
    says about it. Pieces are shared by all rules that use the same alternative, and so
    are their per-document results."""

    def __init__(self, alternative: str):
        self.key = r"(?<!\S)(?:" + alternative + r")(?!\S)"
        self.first_word, self.one_word, self.newline_free, self.sentence_local = \
            analyse(alternative)
        if self.first_word is not None:  # else the piece is not used
            try:
                self.regex = re.compile(self.key)
            except re.error:
                self.first_word = None

    def start_words(self, adoc: AnalysedDocument, layer: str) -> set[str]:
        """The document's distinct words that can start a match, once per document."""
        key = ("first_word", layer, self.first_word)
        found = adoc.cache.get(key)
        if found is None:
            words = adoc.words(layer)
            first_word = self.first_word
            found = {word for word in first_word.words if word in words.positions}
            for prefix in first_word.prefixes:
                found.update(words.starting_with(prefix))
            for infix in first_word.infixes:
                found.update(words.containing(infix))
            if first_word.digit:
                found.update(words.digit_initial)
            adoc.cache[key] = found
        return found

    def ends(self, adoc: AnalysedDocument, layer: str) -> dict[int, int]:
        """Start -> end of the match of this piece alone at every position of the layer
        string where it matches, once per document. A one-word piece is tried once per
        distinct word, any other at each start of a word that can start a match."""
        key = ("ends", layer, self.key)
        found = adoc.cache.get(key)
        if found is None:
            found = {}
            positions = adoc.words(layer).positions
            text = adoc.lemmas if layer == "lemmas" else adoc.surface
            for word in self.start_words(adoc, layer):
                if self.one_word:
                    m = self.regex.match(word)
                    if m is not None:
                        found.update((pos, pos + m.end()) for pos in positions[word])
                else:
                    for pos in positions[word]:
                        m = self.regex.match(text, pos)
                        if m is not None:
                            found[pos] = m.end()
            adoc.cache[key] = found
        return found

    def sentences(self, adoc: AnalysedDocument, layer: str) -> set[int]:
        """Indices of the sentences where this piece matches, once per document."""
        key = ("sentences", layer, self.key)
        found = adoc.cache.get(key)
        if found is None:
            token_starts = adoc.token_lemma_pos if layer == "lemmas" else adoc.token_surface_pos
            found = {adoc.token_sentence[bisect_right(token_starts, pos) - 1]
                     for pos in self.ends(adoc, layer)}
            adoc.cache[key] = found
        return found


@lru_cache(maxsize=4096)
def _piece(alternative: str) -> _Piece:
    return _Piece(alternative)


_BACKREFERENCE = re.compile(r"\\[1-9]|\(\?P=|\(\?\(")


class _Search:
    """The regex of a Terms over the `lemmas` or the `surface` string, and how to find its
    matches without trying it at every character.

    The regex `(?<!\\S)(?:A|B|...)(?!\\S)` is split into its alternatives (pieces). Where
    the whole regex matches, the first piece that matches there on its own gives the
    match, so finditer's matches follow from the pieces' matches: from each position on,
    the next match is at the first position where a piece matches. When some piece can
    start anywhere, or the regex is not of that form, it is searched as written.
    """

    def __init__(self, layer: str, regex: re.Pattern, alternatives: list[str]):
        self.layer = layer
        self.regex = regex
        self._alternatives = alternatives

    @cached_property
    def pieces(self) -> list[_Piece] | None:
        """Made on first use, which keeps loading the rules quick."""
        pattern = self.regex.pattern
        start, end = r"(?<!\S)(?:", r")(?!\S)"
        if not (pattern.startswith(start) and pattern.endswith(end)):
            return None
        inner = pattern[len(start):-len(end)]
        alternatives = self._alternatives
        if "|".join(alternatives) != inner or _BACKREFERENCE.search(inner):
            alternatives = [inner]
        pieces = [_piece(alternative) for alternative in alternatives]
        return pieces if all(p.first_word is not None for p in pieces) else None

    @cached_property
    def newline_free(self) -> bool:
        return self.pieces is not None and all(p.newline_free for p in self.pieces)

    @cached_property
    def sentence_local(self) -> bool:
        return self.pieces is not None and all(p.sentence_local for p in self.pieces)

    def token_starts(self, adoc: AnalysedDocument) -> list[int]:
        return adoc.token_lemma_pos if self.layer == "lemmas" else adoc.token_surface_pos

    def matches(self, adoc: AnalysedDocument) -> list[tuple[int, int]]:
        """(start, end) in the layer string of every match in the document, as finditer
        finds them, less those that cross a sentence; once per document."""
        key = ("matches", self.layer, self.regex.pattern)
        found = adoc.cache.get(key)
        if found is not None:
            return found
        text = adoc.lemmas if self.layer == "lemmas" else adoc.surface
        if self.pieces is None:
            found = [m.span() for m in self.regex.finditer(text) if m.end() > m.start()]
        else:
            match_at: dict[int, int] = {}
            for piece in self.pieces:
                for start, end in piece.ends(adoc, self.layer).items():
                    match_at.setdefault(start, end)  # the first piece that matches there
            found = []
            end = 0
            for start in sorted(match_at):
                if start >= end:
                    end = match_at[start]
                    found.append((start, end))
        if not self.newline_free:
            found = [(start, end) for start, end in found if text.find("\n", start, end) == -1]
        adoc.cache[key] = found
        return found

    def sentence_matches(self, adoc: AnalysedDocument, sentence: Sentence) -> list[tuple[int, int]]:
        """(start, end) in the layer string of the matches inside one sentence, as finditer
        finds them in the sentence's own text. For a sentence-local regex these are the
        document's matches that lie in the sentence."""
        token_starts = self.token_starts(adoc)
        offset = token_starts[sentence.first_token]
        if self.sentence_local:
            spans = self.matches(adoc)
            end = (token_starts[sentence.end_token] if sentence.end_token < len(token_starts)
                   else len(adoc.lemmas if self.layer == "lemmas" else adoc.surface))
            return spans[bisect_left(spans, (offset,)):bisect_left(spans, (end,))]
        text = (adoc.sentence_lemmas(sentence) if self.layer == "lemmas"
                else adoc.sentence_surface(sentence))
        return [(offset + m.start(), offset + m.end()) for m in self.regex.finditer(text)
                if m.end() > m.start()]

    def sentence_set(self, adoc: AnalysedDocument) -> set[int]:
        """Indices of the sentences with a match. When no match can cross a sentence, a
        sentence has one exactly when some piece matches in it on its own."""
        if not self.newline_free:
            token_starts = self.token_starts(adoc)
            return {adoc.token_sentence[bisect_right(token_starts, start) - 1]
                    for start, _ in self.matches(adoc)}
        found: set[int] = set()
        for piece in self.pieces:
            found |= piece.sentences(adoc, self.layer)
        return found


@dataclass
class Terms:
    """A compiled term specification."""

    lemma_re: re.Pattern | None
    surface_re: re.Pattern | None
    # the alternatives the regexes are made of, for _Search (not needed, but faster)
    lemma_alts: list[str] = field(default_factory=list, repr=False, compare=False)
    surface_alts: list[str] = field(default_factory=list, repr=False, compare=False)

    def __post_init__(self):
        self._searches = [_Search(layer, regex, alts) for layer, regex, alts
                          in (("lemmas", self.lemma_re, self.lemma_alts),
                              ("surface", self.surface_re, self.surface_alts))
                          if regex is not None]

    @classmethod
    def compile(cls, spec: dict | None, lexicons: dict[str, str]) -> Terms:
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
        return cls(lemma_re, surface_re, lemma_alts, surface_alts)

    def __bool__(self) -> bool:
        return self.lemma_re is not None or self.surface_re is not None

    def matches(self, adoc: AnalysedDocument):
        """Yield (first_token, last_token) of every match in the document."""
        for search in self._searches:
            token_starts = search.token_starts(adoc)  # as in AnalysedDocument.token_at
            for start, end in search.matches(adoc):
                yield (bisect_right(token_starts, start) - 1,
                       bisect_right(token_starts, end - 1) - 1)

    def sentence_matches(self, adoc: AnalysedDocument, sentence: Sentence):
        """(first_token, last_token) of the matches inside one sentence."""
        for search in self._searches:
            token_starts = search.token_starts(adoc)
            for start, end in search.sentence_matches(adoc, sentence):
                yield (bisect_right(token_starts, start) - 1,
                       bisect_right(token_starts, end - 1) - 1)

    def in_sentence(self, adoc: AnalysedDocument, sentence: Sentence) -> bool:
        return next(self.sentence_matches(adoc, sentence), None) is not None

    def sentence_set(self, adoc: AnalysedDocument) -> set[int]:
        """Indices of the sentences where these terms occur, computed once per document
        for each distinct pattern (many rules share conditions such as {equality_claim})."""
        key = (self.lemma_re.pattern if self.lemma_re else None,
               self.surface_re.pattern if self.surface_re else None)
        found = adoc.cache.get(key)
        if found is None:
            found = set().union(*(search.sentence_set(adoc) for search in self._searches))
            adoc.cache[key] = found
        return found
