"""The one-way flow: Document -> language analysis -> rule checks -> hits -> verdict -> Report."""

from __future__ import annotations

from pathlib import Path

from .analysis import AnalysedDocument
from .checks import CHECK_KINDS
from .document import Document
from .ingest import read_docx
from .report import Report
from .ruleset import RuleSet, default_ruleset
from .scoring import judge


def run_rules(ruleset: RuleSet, adoc: AnalysedDocument):
    hits = []
    for rule in ruleset.rules:
        hits.extend(CHECK_KINDS[rule.kind].run(rule, adoc))
    return hits


def check_document(document: Document, ruleset: RuleSet | None = None) -> Report:
    ruleset = ruleset or default_ruleset()
    adoc = AnalysedDocument(document)
    verdict = judge(ruleset, adoc, run_rules(ruleset, adoc))
    return Report(document, verdict, ruleset.version)


def check_bytes(data: bytes, filename: str, ruleset: RuleSet | None = None) -> Report:
    return check_document(read_docx(data, filename), ruleset)


def check_file(path: str | Path, ruleset: RuleSet | None = None) -> Report:
    """Check one .docx file; raises UnreadableDocument with a Swedish message on bad input."""
    return check_document(read_docx(path), ruleset)
