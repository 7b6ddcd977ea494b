"""The check kinds: each turns one rule's parameters and an analysed document into hits."""

from . import claim, contrast, lexicon, section, statistic, table

CHECK_KINDS = {
    "lexicon": lexicon,
    "statistic": statistic,
    "contrast": contrast,
    "claim": claim,
    "section": section,
    "table": table,
}
