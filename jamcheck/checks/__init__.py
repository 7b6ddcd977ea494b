"""The check kinds: each turns one rule's parameters and an analysed document into hits."""

from . import claim, lexicon, section, statistic

CHECK_KINDS = {
    "lexicon": lexicon,
    "statistic": statistic,
    "claim": claim,
    "section": section,
}
