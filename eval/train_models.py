"""Train the learned model (jamcheck/learned.py) on the labelled dev texts.

For every labelled dev text (real drafts, blind dev, excerpts; never a held-out or reserve
part) it runs the rules without any model, takes what they saw (scoring.people_features) and
the readers' labels, fits a logistic regression (scikit-learn, a dev dependency) and writes
its weights to rules/concerns_people/model.json. Words seen in fewer than MIN_DF training
texts are left out. The model is used where the rules have no decisive signal.

It also prints the model's agreement with the readers in 5 × 5-fold cross-validation, used
as the checker uses it, beside the rules' own (in-sample) agreement. Run it again after a
change to a concerns_people rule or to a word list they use, since the model weighs their
hits:

    python eval/train_models.py [--check] [--no-cv]

`--check` trains and compares with the stored model instead of writing it (weights within
0.001; tests/test_eval_real.py runs it, so a rule change without a retrained model fails CI);
`--no-cv` skips the cross-validation. `--by-batch FIRST` also prints leave-one-batch-out
figures: each blind dev batch from FIRST on predicted by a model trained on every other
labelled dev text, the rules deciding where they are decisive, as the checker does; this is
how a change to what the model weighs is judged (a batch is the unit texts are written in).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from dataclasses import replace
from multiprocessing import Pool
from pathlib import Path

import numpy as np
import yaml
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import evaluate as ev

from jamcheck import learned, scoring
from jamcheck.analysis import AnalysedDocument
from jamcheck.checker import run_rules
from jamcheck.ingest import read_docx
from jamcheck.ruleset import default_ruleset

C = 1.0  # inverse regularisation strength (scikit-learn's default)
MIN_DF = 2  # a word must occur in this many training texts to be weighed
FOLDS, REPEATS = 5, 5


def labelled() -> list[tuple[str, str, dict]]:
    """(set, name, label) of every labelled dev text."""
    blind = yaml.safe_load((ev.BLIND / "labels.yml").read_text(encoding="utf-8"))["drafts"]
    split = yaml.safe_load((ev.BLIND / "split.yml").read_text(encoding="utf-8"))
    unseen = set(split.get("heldout") or []) | set(split.get("reserve") or [])
    excerpts = yaml.safe_load((ev.EXCERPTS / "labels.yml").read_text(encoding="utf-8"))["drafts"]
    rows = [("real", n, lab) for n, lab in ev.real_labels("dev").items()]
    rows += [("blind", n, blind[n]) for n in split["dev"] if n not in unseen]
    rows += [("excerpts", n, lab) for n, lab in excerpts.items()]
    return rows


TARGET = learned.MODEL_TARGETS[0]  # concerns_people


class _Probe:
    """Stands where the model stands: says what the rules say and notes that it was asked
    (it is not asked where the rules are decisive)."""

    asked = False

    def decide(self, features: dict[str, float]) -> bool:
        self.asked = True
        return bool(features["rule_cp"])


def seen(job: tuple[str, str, dict]) -> tuple[dict, bool, bool]:
    """What the rules alone see in one text: concerns_people's features, the rules'
    decision, and whether a model would be asked."""
    setname, name, _ = job
    probe = _Probe()
    ruleset = replace(default_ruleset(), models={TARGET: probe})
    adoc = AnalysedDocument(read_docx(ev.labelled_docx(setname, name), f"{name}.docx"))
    hits = run_rules(ruleset, adoc)
    verdict = scoring.judge(ruleset, adoc, hits)
    return (scoring.people_features(adoc, hits, ruleset.concerns_people, verdict.concerns_people),
            verdict.concerns_people, probe.asked)


def fit(features: list[dict], truth: np.ndarray) -> tuple[DictVectorizer, LogisticRegression]:
    df = Counter(k for f in features for k in f if k.startswith(learned.PEOPLE_PARTS))
    kept = [{k: v for k, v in f.items() if not k.startswith(learned.PEOPLE_PARTS) or df[k] >= MIN_DF}
            for f in features]
    vectorizer = DictVectorizer()
    return vectorizer, LogisticRegression(C=C, max_iter=5000).fit(vectorizer.fit_transform(kept), truth)


def cross_validated(features: list[dict], truth, strata) -> float:
    right = []
    for seed in range(REPEATS):
        predicted = np.zeros(len(truth), int)
        for train, test in StratifiedKFold(FOLDS, shuffle=True, random_state=seed).split(features, strata):
            vectorizer, model = fit([features[i] for i in train], truth[train])
            predicted[test] = model.predict(vectorizer.transform([features[i] for i in test]))
        right.append((predicted == truth).mean())
    return float(np.mean(right))


def by_batch(jobs: list[tuple[str, str, dict]], results: list[tuple[dict, bool, bool]],
             first: int) -> str:
    """Leave-one-batch-out over the blind dev batches from `first` on: drafts right with the
    model (asked only where the rules leave room) against the rules alone."""
    truth = np.array([int(label[TARGET]) for _, _, label in jobs])
    batch = [(int(name[1:]) - 1) // 20 + 1 if s == "blind" else 0 for s, name, _ in jobs]
    lines, right, rules_right, n = [], 0, 0, 0
    for k in range(first, max(batch) + 1):
        test = [i for i, b in enumerate(batch) if b == k]
        if not test:
            continue
        train_ = [i for i, b in enumerate(batch) if b != k]
        vectorizer, model = fit([results[i][0] for i in train_], truth[train_])
        guess = model.predict(vectorizer.transform([results[i][0] for i in test]))
        decided = [g if results[i][2] else int(results[i][1]) for i, g in zip(test, guess)]
        got = sum(int(d == truth[i]) for d, i in zip(decided, test))
        alone = sum(int(int(results[i][1]) == truth[i]) for i in test)
        lines.append(f"  batch {k}: {got} of {len(test)} with the model, {alone} with the rules alone")
        right, rules_right, n = right + got, rules_right + alone, n + len(test)
    total = (f"  batches {first}-{max(batch)}: {right} of {n} with the model ({100 * right / n:.1f} %), "
             f"{rules_right} with the rules alone ({100 * rules_right / n:.1f} %)")
    return "\n".join([*lines, total])


def train(rows: list[tuple[str, tuple, bool]], cv: bool = True) -> tuple[dict, str]:
    """The stored form of the model and a line on how it fares. rows: (set, (features, the
    rules' own decision, whether a model is asked), label)."""
    features = [f for _, (f, *_), _ in rows]
    rules = np.array([int(r) for _, (_, r, _), _ in rows])
    truth = np.array([int(label) for _, _, label in rows])
    strata = [f"{s}{t}" for (s, _, _), t in zip(rows, truth)]
    line = (f"{TARGET}: {len(rows)} texts; the rules agree with the readers on "
            f"{100 * (rules == truth).mean():.1f} % (in-sample)")
    if cv:
        line += (f", with the model in {REPEATS} × {FOLDS}-fold cross-validation on "
                 f"{100 * cross_validated(features, truth, strata):.1f} %")
    vectorizer, model = fit(features, truth)
    names = vectorizer.get_feature_names_out()
    weights = {name: [round(float(w), 5) for w in column]
               for name, column in zip(names, model.coef_.T) if any(round(float(w), 5) for w in column)}
    counts = Counter(s for s, _, _ in rows)
    stored = {"trained_on": ", ".join(f"{n} {s}" for s, n in sorted(counts.items())) + " labelled texts",
              "C": C, "min_df": MIN_DF, "classes": [bool(c) for c in model.classes_],
              "intercepts": [round(float(b), 5) for b in model.intercept_],
              "weights": dict(sorted(weights.items()))}
    return stored, line


def stored_text(stored: dict) -> str:
    """The model file: one line per setting and per weight, so that a retrained model's diff
    shows which weights moved."""
    head = {k: v for k, v in stored.items() if k != "weights"}
    lines = [f"{json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}," for k, v in head.items()]
    weights = [f"  {json.dumps(k, ensure_ascii=False)}: {json.dumps(v)}" for k, v in stored["weights"].items()]
    return "{\n" + "\n".join(lines) + '\n"weights": {\n' + ",\n".join(weights) + "\n}}\n"


def same_model(stored: dict, path: Path, tolerance: float = 1e-3) -> bool:
    """Whether the model file holds these classes and features with these weights (within
    `tolerance`: the last digits of a fit may differ between machines)."""
    if not path.is_file():
        return False
    old = json.loads(path.read_text(encoding="utf-8"))
    if old["classes"] != stored["classes"] or set(old["weights"]) != set(stored["weights"]):
        return False
    pairs = [(old["intercepts"], stored["intercepts"])] + [
        (old["weights"][k], w) for k, w in stored["weights"].items()]
    return all(abs(a - b) <= tolerance for x, y in pairs for a, b in zip(x, y))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the stored model")
    parser.add_argument("--no-cv", action="store_true", help="skip the cross-validation")
    parser.add_argument("--by-batch", type=int, metavar="FIRST",
                        help="also leave one blind batch out at a time, from batch FIRST on")
    args = parser.parse_args(argv)
    jobs = labelled()
    with Pool() as pool:
        results = pool.map(seen, jobs, chunksize=8)
    rows = [(s, r, label[TARGET]) for (s, _, label), r in zip(jobs, results)]
    stored, line = train(rows, cv=not args.no_cv)
    print(line)
    if args.by_batch:
        print(by_batch(jobs, results, args.by_batch))
    path = default_ruleset().directory / TARGET / learned.MODEL_FILE
    if args.check:
        if not same_model(stored, path):
            print(f"  {path.name}: NOT what these labels and rules train")
            return 1
        print(f"  {path.name}: up to date")
    else:
        path.write_text(stored_text(stored), encoding="utf-8")
        print(f"  {len(stored['weights'])} weights written to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
