"""Runs the language pipeline over a Document and keeps its sentences as searchable lemma and surface text.

Rules search two strings that cover the whole document: `lemmas` (every token's lemma)
and `surface` (every token lower-cased), with tokens separated by one space and
sentences by a newline. Both strings have the same token layout, so a match in either
maps back to tokens, and tokens map back to character offsets in their block's text.
`words(layer)` indexes the words of either string, so that rules look only where a word
they need occurs.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cached_property
from itertools import accumulate
from operator import add

from .document import Block, Document
from .language import lemmatize_tokens, pipeline, sentence_starts


@dataclass
class Sentence:
    index: int
    block: Block
    start: int  # character offsets in block.text
    end: int
    first_token: int  # global token index range [first_token, end_token)
    end_token: int

    @property
    def text(self) -> str:
        return self.block.text[self.start:self.end]


@dataclass(frozen=True)
class Span:
    """A located piece of a block's text; `quote == block.text[start:end]`."""

    sentence: Sentence
    start: int
    end: int

    @property
    def block(self) -> Block:
        return self.sentence.block

    @property
    def quote(self) -> str:
        return self.sentence.block.text[self.start:self.end]


class Words:
    """The distinct words (runs of non-space characters) of a layer string and where each
    starts, for finding the words that start with or contain a string without a scan."""

    WORD = re.compile(r"\S+")

    def __init__(self, text: str, tokens: list[str], token_starts: list[int]):
        self.positions: dict[str, list[int]] = {}
        if text.split() == tokens:  # every token is one word: the usual case, and faster
            for word, start in zip(tokens, token_starts):
                self.positions.setdefault(word, []).append(start)
        else:
            for m in self.WORD.finditer(text):
                self.positions.setdefault(m.group(), []).append(m.start())
        self.vocabulary = sorted(self.positions)
        self._joined = "\n".join(self.vocabulary)  # for substring search across all words
        self._offsets = []  # start of each vocabulary word in _joined
        offset = 0
        for word in self.vocabulary:
            self._offsets.append(offset)
            offset += len(word) + 1

    def starting_with(self, prefix: str) -> list[str]:
        i = j = bisect_left(self.vocabulary, prefix)
        while j < len(self.vocabulary) and self.vocabulary[j].startswith(prefix):
            j += 1
        return self.vocabulary[i:j]

    def containing(self, infix: str) -> list[str]:
        """Words that contain `infix` (which has no whitespace)."""
        found = []
        i = self._joined.find(infix)
        while i != -1:
            k = bisect_right(self._offsets, i) - 1
            found.append(self.vocabulary[k])
            i = self._joined.find(infix, self._offsets[k] + len(self.vocabulary[k]) + 1)
        return found

    @cached_property
    def digit_initial(self) -> list[str]:
        return [w for w in self.vocabulary if w[0].isdecimal()]


def _token_starts(tokens: list[str]) -> list[int]:
    """Where each token starts in a string of the tokens each followed by one character."""
    lengths = accumulate(map(len, tokens), initial=0)  # length of the tokens before
    return list(map(add, lengths, range(len(tokens))))


# A sentence that states what a text without a title proposes: "Regionkontoret föreslår att
# regionstyrelsen godkänner årsredovisningen för 2024".
PROPOSAL = re.compile(r"(?:^| )föreslå (?:\S+ ){0,3}att ")


class AnalysedDocument:
    def __init__(self, document: Document):
        self.document = document
        self.sentences: list[Sentence] = []
        lemma_parts: list[str] = []
        surface_parts: list[str] = []
        self.token_lemmas: list[str] = []
        self.token_surfaces: list[str] = []
        self.token_char: list[tuple[int, int]] = []  # (start, end) in its block's text
        self.token_sentence: list[int] = []
        nlp = pipeline()
        for block in document.blocks:
            if not block.text.strip():
                continue
            # The pipeline's sentencizer and lemmatizer, applied to plain lists: cheaper
            # than setting their results on spaCy's tokens and reading them back.
            texts, starts, spaces, lowers, punct = zip(*[
                (t.text, t.idx, t.is_space, t.lower_, t.is_punct)
                for t in nlp.make_doc(block.text)])
            block_lemmas = lemmatize_tokens(texts)
            boundaries = [i for i, start in enumerate(sentence_starts(texts, punct)) if start]
            kept: list[int] = []  # the block's tokens that are not whitespace
            for first, end in zip(boundaries, boundaries[1:] + [len(texts)]):
                tokens = [i for i in range(first, end) if not spaces[i]]
                if not tokens:
                    continue
                s = Sentence(index=len(self.sentences), block=block,
                             start=starts[tokens[0]], end=starts[tokens[-1]] + len(texts[tokens[-1]]),
                             first_token=len(self.token_sentence),
                             end_token=len(self.token_sentence) + len(tokens))
                self.sentences.append(s)
                self.token_sentence.extend([s.index] * len(tokens))
                lemma_parts.append(" ".join([block_lemmas[i] for i in tokens]) + "\n")
                surface_parts.append(" ".join([lowers[i] for i in tokens]) + "\n")
                kept += tokens
            self.token_lemmas += [block_lemmas[i] for i in kept]
            self.token_surfaces += [lowers[i] for i in kept]
            self.token_char += [(starts[i], starts[i] + len(texts[i])) for i in kept]
        # Each token is followed by one space or, at the end of its sentence, a newline.
        self.token_lemma_pos = _token_starts(self.token_lemmas)  # start of each token in `lemmas`
        self.token_surface_pos = _token_starts(self.token_surfaces)
        self.cache: dict = {}  # per-document results shared between rules
        self._words: dict[str, Words] = {}
        self.lemmas = "".join(lemma_parts)
        self.surface = "".join(surface_parts)
        self.by_block: dict[int, list[Sentence]] = {}
        for s in self.sentences:
            self.by_block.setdefault(s.block.index, []).append(s)

    def title_sentences(self) -> set[int]:
        """The sentences that state the case's title: those of its title blocks
        (Document.title_area); in a text without a title, where the first paragraph stands for
        the title, only that paragraph's first sentence (an excerpt that opens with running
        text states its subject there, and says more after it), and the sentences that say what
        it proposes ("... föreslår att regionstyrelsen godkänner årsredovisningen")."""
        found = self.cache.get("title_sentences")
        if found is None:
            found = set()
            for block in self.document.title_area:
                sentences = self.by_block.get(block.index, [])
                if self.document.title_block is None and block.kind != "title":
                    sentences = sentences[:1]
                found.update(s.index for s in sentences)
            if self.document.title_block is None:  # an excerpt: what it proposes says its subject
                found.update(s.index for s in self.sentences
                             if PROPOSAL.search(self.sentence_lemmas(s)))
            self.cache["title_sentences"] = found
        return found

    def words(self, layer: str = "lemmas") -> Words:
        """The word index of the `lemmas` or `surface` string, built on first use."""
        index = self._words.get(layer)
        if index is None:
            if layer == "lemmas":
                index = Words(self.lemmas, self.token_lemmas, self.token_lemma_pos)
            else:
                index = Words(self.surface, self.token_surfaces, self.token_surface_pos)
            self._words[layer] = index
        return index

    def token_at(self, pos: int, layer: str = "lemmas") -> int:
        """Index of the token that covers position `pos` of the `lemmas` or `surface` string."""
        starts = self.token_lemma_pos if layer == "lemmas" else self.token_surface_pos
        return max(0, bisect_right(starts, pos) - 1)

    def written(self, t: int) -> str:
        """Token t as written in its block, with its case (the surface layer is lower case)."""
        start, end = self.token_char[t]
        return self.sentences[self.token_sentence[t]].block.text[start:end]

    def span(self, first_token: int, last_token: int) -> Span:
        """The text span from the start of one token to the end of another, in one sentence."""
        sentence = self.sentences[self.token_sentence[first_token]]
        return Span(sentence, self.token_char[first_token][0], self.token_char[last_token][1])

    def sentence_span(self, sentence: Sentence) -> Span:
        return Span(sentence, sentence.start, sentence.end)

    def sentence_lemmas(self, sentence: Sentence) -> str:
        start = self.token_lemma_pos[sentence.first_token]
        end = self.token_lemma_pos[sentence.end_token - 1]
        return self.lemmas[start:self.lemmas.index("\n", end)]

    def sentence_surface(self, sentence: Sentence) -> str:
        start = self.token_surface_pos[sentence.first_token]
        end = self.token_surface_pos[sentence.end_token - 1]
        return self.surface[start:self.surface.index("\n", end)]

