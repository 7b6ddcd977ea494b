"""Agreement of the checker with careful readers.

Sets:
  real       eval/real: whole real drafts (Göteborgs Stad, Region Västerbotten), each labelled
             by two independent readers (disagreements settled by a third), rendered to .docx
             twice: with Word heading styles and with bold Normal lines. The evidence of
             accuracy. A `heldout` part (empty since every corpus draft was spent) is kept
             for its one measurement.
  excerpts   eval/excerpts: 150-350-word excerpts of real drafts (summary and social dimension,
             plain paragraphs without title or headings), each labelled as it stands by two
             independent readers (a third settled differences); rendered to .docx as plain
             paragraphs
  blind      eval/blind: whole drafts and excerpts in the templates of Swedish regions and of
             municipalities other than Göteborg (batches of 40), written by writers who
             never saw the checker (invented cases, not real records), each labelled by two
             independent readers (a third settled differences); split into a dev and a
             held-out part (eval/blind/split.yml)
  excerpts-cp  such excerpts of every real draft with enough text: concerns_people only,
             against the whole draft's label
  samples    samples/expected.yml (written for the product; in-sample, not evidence)
  heldout, heldout2   eval/heldout*/expected.yml (short cases written blind to the checker)

Usage: python bench/evaluate.py [--set real|excerpts|excerpts-cp|blind|samples|heldout|heldout2|all]
                                [--part dev|heldout|all] [--cases] [--json] [--rules-only]
The learned models (rules/*/model.json) are trained on the dev labels, so the dev figures
are in-sample for them; `--rules-only` leaves them out, to measure a change to the rules.
To measure an older commit's rules, check it out in a worktree and run its own script with
the worktree first on sys.path and jamcheck.ruleset.RULES_DIR set to the worktree's rules/:
the editable install maps jamcheck.data.rules to this checkout's rules/ whatever code runs.

For the real set it prints exact agreement over all judgements, agreement where the
label is a score, per criterion, the confusion matrix (label x checker), false passes
(checker 3 where the label is 1), and concerns_people.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from dataclasses import replace
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "eval" / "real"))

from jamcheck.checker import check_document
from jamcheck.ingest import read_docx, read_text
from jamcheck.ruleset import CRITERIA, default_ruleset

REAL = ROOT / "eval" / "real"
EXCERPTS = ROOT / "eval" / "excerpts"
BLIND = ROOT / "eval" / "blind"
SMALL_SETS = {"samples": (ROOT / "samples", "samples"), "heldout": (ROOT / "eval" / "heldout", "cases"),
              # written blind to the checker after the rules were last tuned (2026-11-23, session 2)
              "heldout2": (ROOT / "eval" / "heldout2", "cases")}

RULESET = None  # the default rule set; --rules-only: the same without its learned models


def expert_score(entry) -> int | None:
    return entry["score"] if isinstance(entry, dict) else entry


def real_labels(part: str = "all") -> dict[str, dict]:
    """The settled labels of the real set's drafts in a part (dev, heldout or all)."""
    labels = yaml.safe_load((REAL / "labels.yml").read_text(encoding="utf-8"))["drafts"]
    split = yaml.safe_load((REAL / "split.yml").read_text(encoding="utf-8"))
    names = split["dev"] + split["heldout"] if part == "all" else split[part]
    return {name: labels[name] for name in names}


def renderings(variants=("styles", "bold")) -> dict:
    """{variant: text path -> .docx bytes} for eval/real/render.py's renderings."""
    from render import render  # eval/real/render.py
    return {variant: (lambda path, v=variant: render(path, v)) for variant in variants}


def reports(folder: Path, names, builders: dict):
    """(name, variant, report dict) for each text of a folder built by each builder."""
    for name in sorted(names):
        for variant, build in builders.items():
            data = build(folder / "texts" / f"{name}.txt")
            yield name, variant, check_document(read_docx(data, f"{name}.{variant}.docx"), RULESET).to_dict()


def real_reports(names, variants=("styles", "bold")) -> dict[tuple[str, str], dict]:
    """The checker's report dicts for each real draft rendered in each variant."""
    return {(name, variant): report
            for name, variant, report in reports(REAL, names, renderings(variants))}


class Tally:
    """Agreement between labels and the checker over many judgements."""

    def __init__(self):
        self.judgements = self.agree = self.scored = self.scored_agree = 0
        self.people = self.people_agree = 0
        self.per_criterion: Counter = Counter()
        self.confusion: dict[str, Counter] = {c: Counter() for c in CRITERIA}
        self.false_passes: list[tuple] = []
        self.people_errors: list[tuple] = []

    def add(self, name: str, label: dict, report: dict) -> list[str]:
        """Count one draft; return its differing criteria as 'id got/want'."""
        got = {c["id"]: c["score"] for c in report["criteria"]}
        diffs = []
        self.people += 1
        if report["concerns_people"] == label["concerns_people"]:
            self.people_agree += 1
        else:
            self.people_errors.append((name, report["concerns_people"], label["concerns_people"]))
        for cid in CRITERIA:
            want = label["criteria"][cid]
            same = got[cid] == want
            self.judgements += 1
            self.agree += same
            self.per_criterion[cid] += same
            self.confusion[cid][(want, got[cid])] += 1
            if want is not None:
                self.scored += 1
                self.scored_agree += same
            if want == 1 and got[cid] == 3:
                self.false_passes.append((name, cid))
            if not same:
                diffs.append(f"{cid} {got[cid]}/{want}")
        return diffs

    def figures(self) -> dict:
        def pct(a, b):
            return round(100 * a / b, 1) if b else None
        return {"judgements": self.judgements, "agreement": pct(self.agree, self.judgements),
                "scored": self.scored, "scored_agreement": pct(self.scored_agree, self.scored),
                "false_passes": len(self.false_passes),
                "concerns_people": pct(self.people_agree, self.people), "drafts": self.people,
                "per_criterion": {c: pct(self.per_criterion[c], self.people) for c in CRITERIA}}


def tally(folder: Path, labels: dict, builders: dict, show_cases: bool = False) -> dict:
    """{variant: Tally} of the checker against the labels, each text built by each builder;
    with show_cases, each text's differences in the first variant."""
    tallies = {variant: Tally() for variant in builders}
    first = next(iter(builders))
    for name, variant, report in reports(folder, labels, builders):
        diffs = tallies[variant].add(name, labels[name], report)
        if show_cases and diffs and variant == first:
            print(f"  {name} people {report['concerns_people']}/{labels[name]['concerns_people']}: "
                  + ", ".join(diffs))
    return tallies


def evaluate_real(part: str = "dev", show_cases: bool = False) -> dict:
    return tally(REAL, real_labels(part), renderings(), show_cases)


def print_confusion(tally: Tally, f: dict) -> None:
    """Per criterion: agreement and the confusion matrix (label -> checker); false passes."""
    for cid in CRITERIA:
        cells = " ".join(f"{want}->{got}:{n}" for (want, got), n in
                         sorted(tally.confusion[cid].items(), key=lambda kv: (str(kv[0][0]), str(kv[0][1]))))
        print(f"  {cid:30} {f['per_criterion'][cid]:5} %   etikett->checker {cells}")
    for name, cid in tally.false_passes:
        print(f"  falskt godkännande: {name} {cid}")


def figures_line(f: dict) -> str:
    """A tally's figures in one line: exact, where scored, false passes, concerns_people."""
    return (f"exakt {f['agreement']} % av {f['judgements']} bedömningar; där etiketten är en "
            f"poäng {f['scored_agreement']} % av {f['scored']}; falska godkännanden "
            f"{f['false_passes']}; concerns_people {f['concerns_people']} %")


def print_tallies(name: str, tallies: dict, unit: str) -> dict:
    """Print each variant's figures, and the first variant's confusion matrix, false passes
    and concerns_people errors; return {variant: figures}."""
    figures = {}
    for variant, t in tallies.items():
        f = figures[variant] = t.figures()
        shown = f"{variant}, " if len(tallies) > 1 else ""
        print(f"{name} ({shown}{f['drafts']} {unit}): {figures_line(f)}")
    first = next(iter(tallies))
    print_confusion(tallies[first], figures[first])
    for draft, got, want in tallies[first].people_errors:
        print(f"  concerns_people fel: {draft} checker {got}, etikett {want}")
    return figures


def print_real(part: str, show_cases: bool) -> dict:
    if not real_labels(part):
        print(f"real/{part}: inga utkast i den delen (eval/real/split.yml)")
        return {}
    return print_tallies(f"real/{part}", evaluate_real(part, show_cases), "utkast")


EXCERPT_WORDS = (150, 350)


def excerpt(name: str) -> str | None:
    """A 150-350-word excerpt of a real draft, as a reviewer might be given one: the summary
    (or the motion) and the social-dimension section, as plain paragraphs without title or
    headings; None when the draft has too little there."""
    from render import blocks  # eval/real/render.py
    sections: dict[str, list[str]] = {}
    heading = ""
    for kind, text in blocks(REAL / "texts" / f"{name}.txt"):
        if kind == "text":
            sections.setdefault(heading, []).append(text)
        else:
            heading = text.lower()
    picked = []
    for wanted in (lambda h: "sammanfattning" in h or h == "motionen", lambda h: "social" in h):
        picked += next((texts for h, texts in sections.items() if h and wanted(h)), [])
    paragraphs, words = [], 0
    for text in picked:
        kept = text.split()[:EXCERPT_WORDS[1] - words]
        paragraphs.append(" ".join(kept))
        words += len(kept)
        if words >= EXCERPT_WORDS[1]:
            break
    return "\n\n".join(paragraphs) if words >= EXCERPT_WORDS[0] else None


def print_excerpts(part: str) -> None:
    """concerns_people on excerpts of the real drafts, against the whole draft's label (the
    criteria's labels do not carry over to an excerpt)."""
    agree = {True: [0, 0], False: [0, 0]}
    for name, label in real_labels(part).items():
        text = excerpt(name)
        if text is None:
            continue
        got = check_document(read_text(text, f"{name}.txt"), RULESET).to_dict()["concerns_people"]
        want = label["concerns_people"]
        agree[want][0] += 1
        agree[want][1] += got == want
    n = agree[True][0] + agree[False][0]
    right = agree[True][1] + agree[False][1]
    print(f"excerpts/{part} ({n} utdrag om 150-350 ord): concerns_people {100 * right / n:.1f} % "
          f"(ja {agree[True][1]} av {agree[True][0]}, nej {agree[False][1]} av {agree[False][0]})")


def plain_docx(text: str) -> bytes:
    """A .docx of plain Normal paragraphs (one per blank-line-separated paragraph)."""
    from render import render_blocks  # eval/real/render.py
    return render_blocks([("text", " ".join(p.split())) for p in text.split("\n\n") if p.strip()])


def labelled_docx(setname: str, name: str) -> bytes:
    """A labelled text of a set as the checker reads it: an excerpt as plain paragraphs, a
    real or blind text rendered with heading styles."""
    if setname == "excerpts":
        return plain_docx((EXCERPTS / "texts" / f"{name}.txt").read_text(encoding="utf-8"))
    folder = REAL if setname == "real" else BLIND
    return renderings(("styles",))["styles"](folder / "texts" / f"{name}.txt")


def print_labelled(name: str, folder: Path, builders: dict, show_cases: bool,
                   names: set[str] | None = None) -> dict | None:
    """Agreement on a labelled folder (texts/ and labels.yml), or on `names` of it: each text
    built to .docx by each of `builders` ({variant: text path -> bytes}); the first variant's
    figures."""
    path = folder / "labels.yml"
    if not path.exists():
        print(f"{name}: inga etiketter ({path.relative_to(ROOT)})")
        return None
    labels = yaml.safe_load(path.read_text(encoding="utf-8"))["drafts"]
    if names is not None:
        labels = {draft: label for draft, label in labels.items() if draft in names}
    figures = print_tallies(name, tally(folder, labels, builders, show_cases), "texter")
    return figures[next(iter(builders))]


def print_excerpt_set(show_cases: bool) -> dict | None:
    """Agreement on the labelled excerpts (eval/excerpts), as plain paragraphs."""
    return print_labelled("excerpts", EXCERPTS, {
        "plain": lambda path: plain_docx(path.read_text(encoding="utf-8"))}, show_cases)


def print_blind_set(part: str, show_cases: bool) -> dict | None:
    """Agreement on a part (split.yml: dev, heldout or all) of eval/blind: whole drafts and
    excerpts in the templates of regions and of municipalities other than Göteborg, written
    by writers who never saw the checker, labelled by two independent readers."""
    split = yaml.safe_load((BLIND / "split.yml").read_text(encoding="utf-8"))
    names = set(split["dev"] + split["heldout"]) if part == "all" else set(split[part])
    return print_labelled(f"blind/{part}", BLIND, renderings(), show_cases, names)


def print_small(name: str, cases_wanted: bool = False) -> None:
    folder, key = SMALL_SETS[name]
    cases = yaml.safe_load((folder / "expected.yml").read_text(encoding="utf-8"))[key]
    agree, per_criterion, people_agree = 0, Counter(), 0
    for file, exp in cases.items():
        path = folder / file
        document = (read_docx(path) if path.suffix == ".docx"
                    else read_text(path.read_text(encoding="utf-8"), file))
        report = check_document(document, RULESET).to_dict()
        got = {c["id"]: c["score"] for c in report["criteria"]}
        differ = []
        for cid in CRITERIA:
            same = expert_score(exp["criteria"][cid]) == got[cid]
            agree += same
            per_criterion[cid] += same
            if not same:
                differ.append(f"{cid} {got[cid]}/{expert_score(exp['criteria'][cid])}")
        if cases_wanted and differ:
            print(f"  {file} (checker/förväntat): {', '.join(differ)}")
        people_agree += report["concerns_people"] == exp["concerns_people"]
    n = len(cases)
    print(f"{name}: criteria agreement {agree}/{n * 7} ({100 * agree / (n * 7):.0f} %), "
          f"concerns_people {people_agree}/{n}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", default="all",
                        choices=["real", "excerpts", "excerpts-cp", "blind", "all", *SMALL_SETS])
    parser.add_argument("--part", default="dev", choices=["dev", "heldout", "all"])
    parser.add_argument("--cases", action="store_true", help="list each draft's differences")
    parser.add_argument("--json", action="store_true", help="print the real set's figures as JSON")
    parser.add_argument("--rules-only", action="store_true",
                        help="without the learned models (they are trained on the dev labels)")
    args = parser.parse_args(argv)
    global RULESET
    RULESET = replace(default_ruleset(), models={}) if args.rules_only else None
    if args.set in ("real", "all"):
        figures = print_real(args.part, args.cases)
        if args.json:
            print(json.dumps(figures, ensure_ascii=False))
    if args.set in ("excerpts", "all"):
        print_excerpt_set(args.cases)
    if args.set in ("blind", "all"):
        print_blind_set(args.part, args.cases)
    if args.set in ("excerpts-cp", "all") and real_labels(args.part):
        print_excerpts(args.part)
    for name in SMALL_SETS:
        if args.set in (name, "all"):
            print_small(name, args.cases)
    return 0


if __name__ == "__main__":
    sys.exit(main())
