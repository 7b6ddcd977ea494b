"""Would a small learned model judge better than the rules? A probe, not part of the checker.

For every labelled dev text (real drafts, blind dev, excerpts; never a held-out or reserve
part) it collects what the rules see: the concerns_people hits by rule, grade and place
(title, the parts that state the subject, the body), every criterion's hits by rule and
grade, the rules' own scores, and the lemmas of the title, of the subject parts and of the
sentences that name women and men. A logistic regression (scikit-learn, a dev dependency)
is then trained and tested in 5 × 5 stratified cross-validation, on the rules' signals alone
and on the signals plus the lemmas, and its agreement with the readers is printed beside
the rules' own.

The rules were written on these very texts, so their figures here are in-sample and the
comparison favours them. Session 12 (2026-12-04): the model did not beat them here. That was
the wrong yardstick for concerns_people: session 17 compared by time (rules frozen before a
batch was written, model trained without it) and the model with the case's subject words
won, and so did one for measures; they are now part of the checker (jamcheck/learned.py,
eval/train_models.py).

    python eval/model_probe.py
"""

from __future__ import annotations

import sys
from multiprocessing import Pool
from pathlib import Path

import numpy as np
import yaml
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import evaluate as ev

from jamcheck import scoring
from jamcheck.analysis import AnalysedDocument
from jamcheck.checker import run_rules
from jamcheck.ingest import read_docx
from jamcheck.ruleset import CRITERIA, default_ruleset

FOLDS, REPEATS = 5, 5
# the words that mark a sentence naming women and men, whose other words the probe weighs
SEX_LEMMAS = frozenset({"kvinna", "man", "flicka", "pojke", "kön", "jämställdhet", "jämställd",
                        "könsfördelning", "kvinnlig", "manlig"})


def signals(job: tuple[str, str]) -> tuple[str, str, dict, dict]:
    """What the rules see in one text, and the lemmas of its title, subject parts and the
    sentences that name women and men."""
    setname, name = job
    ruleset = default_ruleset()
    adoc = AnalysedDocument(read_docx(ev.labelled_docx(setname, name), f"{name}.docx"))
    hits = run_rules(ruleset, adoc)
    verdict = scoring.judge(ruleset, adoc, hits)
    config = ruleset.concerns_people
    found: dict = {"rule_cp": int(verdict.concerns_people),
                   "only_noted": int(scoring._only_noted(adoc, config))}
    for hit in hits:
        if hit.rule.criterion == "concerns_people":
            place = "title" if scoring._in_title(adoc, hit) else (
                "core" if scoring._deciding_part(adoc, hit, config["core_sections"]) else "body")
            key = f"cp:{hit.rule.id}:{hit.grade}:{place}"
        elif hit.span is not None:
            key = f"{hit.rule.criterion}:{hit.rule.id}:{hit.grade}"
        else:
            continue
        found[key] = found.get(key, 0) + 1
    scores = {c.criterion.id: c.score for c in verdict.criteria}
    title = adoc.title_sentences()
    lemmas: dict[str, set] = {"title": set(), "core": set(), "sex": set()}
    for sentence in adoc.sentences:
        words = set(adoc.sentence_lemmas(sentence).lower().split())
        if sentence.index in title:
            lemmas["title"] |= words
        elif scoring._deciding_part(adoc, _Located(sentence.block), config["core_sections"]):
            lemmas["core"] |= words
        if words & SEX_LEMMAS:
            lemmas["sex"] |= words
    return setname, name, {"signals": found, "scores": scores}, lemmas


class _Located:
    """The block a sentence lies in, shaped like a hit for scoring._deciding_part."""

    def __init__(self, block):
        self.block = block


def features(row: dict, target: str, with_lemmas: bool) -> dict:
    found = row["seen"]["signals"]
    if target == "concerns_people":
        out = {k: (np.log1p(v) if k.startswith("cp:") else v) for k, v in found.items()
               if k.startswith("cp:") or k in ("rule_cp", "only_noted")}
        parts = ("title", "core")
    else:
        out = {k: np.log1p(v) for k, v in found.items() if k.startswith(f"{target}:")}
        out[f"score={row['seen']['scores'][target]}"] = 1
        parts = ("sex",)
    if with_lemmas:
        for part in parts:
            out.update({f"{part}:{w}": 1 for w in row["lemmas"][part] if w.isalpha() and len(w) > 2})
    return out


def probe(rows: list[dict], target: str) -> None:
    if target == "concerns_people":
        rows = list(rows)
        truth = np.array([int(r["label"]["concerns_people"]) for r in rows])
        rules = np.array([r["seen"]["signals"]["rule_cp"] for r in rows])
    else:  # only where readers and rules both score: the model picks among 1-3
        rows = [r for r in rows if r["label"]["criteria"][target] is not None
                and r["seen"]["scores"][target] is not None]
        truth = np.array([r["label"]["criteria"][target] for r in rows])
        rules = np.array([r["seen"]["scores"][target] for r in rows])
    sets = [r["set"] for r in rows]
    strata = [f"{s}{t}" for s, t in zip(sets, truth)]
    line = [f"{target:30} n={len(rows):3}  rules {100 * (rules == truth).mean():5.1f}"]
    for with_lemmas in (False, True):
        x = DictVectorizer().fit_transform([features(r, target, with_lemmas) for r in rows])
        right = []
        for seed in range(REPEATS):
            predicted = np.zeros(len(rows), int)
            folds = StratifiedKFold(FOLDS, shuffle=True, random_state=seed)
            for train, test in folds.split(x, strata):
                model = LogisticRegression(max_iter=3000).fit(x[train], truth[train])
                predicted[test] = model.predict(x[test])
            right.append((predicted == truth).mean())
        line.append(f"model{' + lemmas' if with_lemmas else ''} {100 * np.mean(right):5.1f}")
    print("  ".join(line))


def main() -> None:
    real = ev.real_labels("dev")
    blind = yaml.safe_load((ev.BLIND / "labels.yml").read_text(encoding="utf-8"))["drafts"]
    dev = yaml.safe_load((ev.BLIND / "split.yml").read_text(encoding="utf-8"))["dev"]
    excerpts = yaml.safe_load((ev.EXCERPTS / "labels.yml").read_text(encoding="utf-8"))["drafts"]
    labels = {"real": real, "blind": {n: blind[n] for n in dev}, "excerpts": excerpts}
    jobs = [(s, n) for s, names in labels.items() for n in names]
    with Pool() as pool:
        seen = pool.map(signals, jobs, chunksize=4)
    rows = [{"set": s, "name": n, "seen": found, "lemmas": lemmas, "label": labels[s][n]}
            for s, n, found, lemmas in seen]
    print(f"{len(rows)} labelled dev texts; agreement with the readers, rules (in-sample) "
          f"against a logistic regression in {REPEATS} × {FOLDS}-fold cross-validation")
    for target in ("concerns_people",) + CRITERIA:
        probe(rows, target)


if __name__ == "__main__":
    main()
