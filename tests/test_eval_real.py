"""The checker's agreement with careful readers on real drafts (eval/real) must not drop.

The floor is the level reached when the rules were last changed, measured on the set's
`dev` part in both renderings (heading styles and bold lines). A `heldout` part, when there
is one, is not read here: it is kept for its one measurement (bench/evaluate.py --part
heldout). Since session 6 every corpus draft is in `dev` (split.yml says why).
Since session 17 the learned model (rules/concerns_people/model.json) is trained on the dev
labels of every set, so the floors are in-sample twice over; the README gives the
cross-validated and held-out figures.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from jamcheck.ruleset import CRITERIA

ROOT = Path(__file__).resolve().parent.parent
FLOOR = {"agreement": 97.1, "scored_agreement": 93.6, "concerns_people": 99.6}
# none since session 6: gbg075's two came from minutes attached after the signature, which
# the analysis rules no longer read as the case's own (`@attachments`)
MAX_FALSE_PASSES = 0


def _evaluate():
    spec = importlib.util.spec_from_file_location("evaluate", ROOT / "bench" / "evaluate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def assert_at_floor(name: str, got: dict, floor: dict, max_false_passes: int = 0) -> None:
    """Every figure at least its floor, and no more false passes than allowed."""
    for key, value in floor.items():
        assert got[key] >= value, f"{name}: {key} {got[key]} % < {value} %"
    assert got["false_passes"] <= max_false_passes, got


@pytest.fixture(scope="module")
def figures():
    return {variant: tally.figures() for variant, tally in _evaluate().evaluate_real("dev").items()}


@pytest.mark.parametrize("variant", ["styles", "bold"])
def test_agreement_with_readers_does_not_drop(figures, variant):
    assert_at_floor(variant, figures[variant], FLOOR, MAX_FALSE_PASSES)


def test_labels_cover_every_draft_once():
    import yaml
    split = yaml.safe_load((ROOT / "eval" / "real" / "split.yml").read_text(encoding="utf-8"))
    labels = yaml.safe_load((ROOT / "eval" / "real" / "labels.yml").read_text(encoding="utf-8"))
    names = split["dev"] + split["heldout"]
    assert len(names) == len(set(names)) >= 80
    assert set(names) == set(labels["drafts"])
    assert {p.stem for p in (ROOT / "eval" / "real" / "texts").glob("*.txt")} == set(names)
    # each round's held-out part is run once and then joins dev (split.yml keeps its figures)
    assert not set(split["heldout"]) & set(split["dev"])


# The labelled excerpts (eval/excerpts): 150-350-word excerpts of real drafts without title or
# headings, each labelled as it stands; the level reached when they were first measured.
EXCERPT_FLOOR = {"agreement": 94.5, "scored_agreement": 88.6, "concerns_people": 100.0}


def test_agreement_on_excerpts_does_not_drop(capsys):
    got = _evaluate().print_excerpt_set(False)
    capsys.readouterr()
    assert_at_floor("excerpts", got, EXCERPT_FLOOR)


def test_excerpt_labels_cover_every_excerpt():
    import yaml
    folder = ROOT / "eval" / "excerpts"
    labels = yaml.safe_load((folder / "labels.yml").read_text(encoding="utf-8"))["drafts"]
    sources = yaml.safe_load((folder / "sources.yml").read_text(encoding="utf-8"))
    texts = {p.stem for p in (folder / "texts").glob("*.txt")}
    assert set(labels) == set(sources) == texts and len(texts) >= 60
    real = {p.stem for p in (ROOT / "eval" / "real" / "texts").glob("*.txt")}
    assert set(sources.values()) <= real


# eval/blind: drafts and excerpts in regions' and other municipalities' templates, written by
# writers who never saw the checker and labelled by two independent readers; its dev part
# (the held-out part is kept for its one measurement). The level reached in
# session 34, when the dev part had 3,240 texts (batches 1-81; each joined after its one
# measurement, batch 10 after serving as session 12's validation part) and the learned model
# was trained on it. (The scored agreement went from 86.9 to 86.8 % as the hard batches 71
# to 75 joined, and the rules alone from 84.6 to 84.4 % exact, 83.5 to 83.3 % scored and
# 89.0 to 88.7 % on concerns_people; every rule change was checked before and after on all
# labelled texts: +27, -2 in session 33. In session 34 batches 76-77 joined: 91.0 to 90.9 %
# exact; the rules alone 84.4 to 84.3 %, 83.3 to 83.1 %, 88.7 to 88.6 %; rule changes +15, -2.
# Then batches 78-81 joined: 90.9 to 90.8 % exact, 86.8 to 86.6 % scored; the rules alone
# 84.3 to 84.0 %, 83.1 to 82.9 %, 88.6 to 88.3 %; rule changes +5, -1. In session 35 batches
# 82-88 joined: 90.8 to 90.7 % exact, 86.6 to 86.5 % scored; the rules alone 84.0 to 83.8 %,
# 88.3 to 88.1 % on concerns_people; rule changes +12, -0 and +6, -0. In session 36 batches
# 89-92 joined: 86.5 to 86.4 % scored; the rules alone 82.9 to 82.8 % scored; rule changes
# +4, -8 (five of them one draft's concerns_people before retraining), +4, -0 and +1, -1.
# In session 37 batches 93-96 joined: 90.7 to 90.6 % exact, 86.4 to 86.2 % scored; the
# rules alone 83.8 to 83.6 %, 82.8 to 82.6 %, 88.1 to 88.0 %; rule changes +1, -0, +4, -1,
# +5, -0 and +1, -0. Then batches 97-100 joined: 90.6 to 90.5 % exact; the rules alone 83.6
# to 83.5 %; rule changes +3, -1. In session 38 batches 101-104 joined: 90.5 to 90.3 % exact,
# 86.2 to 86.0 % scored; the rules alone 83.5 to 83.1 %, 82.6 to 82.4 %, 88.0 to 87.6 %; rule
# changes +3, -0. Then batches 105-108 joined: 90.3 to 90.2 % exact, 86.0 to 85.8 % scored;
# the rules alone 83.1 to 83.0 %, 82.4 to 82.3 %, 87.6 to 87.5 %; rule changes +1, -0 and
# +5, -2. Then batches 109-112 joined: 85.8 to 85.7 % scored; the rules alone 83.0 to 82.7 %,
# 82.3 to 82.2 %, 87.5 to 87.3 %; rule change +1, -0. In session 39 batches 113-116 joined:
# the rules alone 87.3 to 87.2 % concerns_people; rule changes +1, -0 and +4, -0. Then
# batches 117-120 joined: 90.2 to 90.1 % exact, 85.7 to 85.6 % scored, 99.7 to 99.6 %
# concerns_people; the rules alone 82.7 to 82.6 %, 82.2 to 82.1 %, 87.2 to 87.1 %; rule change
# +1, -0. Then batches 121-124 joined: the rules alone 82.6 to 82.5 %, 87.1 to 87.0 %; rule
# changes +2, -0 and +2, -0. In session 40 batches 125-128 joined: the rules alone 87.0 to
# 86.9 % concerns_people; rule changes +3, -1 and +1, -0. Then batches 129-132 joined: 90.1 to
# 90.0 % exact, 85.6 to 85.5 % scored; the rules alone 82.1 to 81.9 % scored; rule change +1,
# -0. In session 41 batches 133-136 joined: 85.5 to 85.4 % scored; the rules alone 81.9 to
# 81.8 % scored, 86.9 to 87.1 % concerns_people; rule changes +3, -0. Then batches 137-140
# joined: the rules alone 82.5 to 82.4 % exact, 81.8 to 81.7 % scored; rule changes +2, -0.
# In session 42 batches 141-144 joined: 85.4 to 85.3 % scored; the rules alone 87.1 to 87.0 %
# concerns_people; rule changes +2, -0. Then batches 145-148 joined: 90.0 to 89.9 % exact; rule
# changes +2, -0.)
BLIND_FLOOR = {"agreement": 89.9, "scored_agreement": 85.3, "concerns_people": 99.6}
# Batch 31 brought two false passes: m607 measures (a requirement for residents with
# dementia read as a measure against the difference between women and men described beside
# it; fixed by cause) and r603 intersectionality (a follow-up split by sex and occupation read
# as sex combined with another factor; the readers split 2 to 1 on it), left. Batch 34's two
# (r674 consequences, r678 measures) and batch 35's two (m696, r694 consequences) were fixed
# by cause, and batch 36's one (r708 consequences: an effect denied, "men deras
# anställningsvillkor påverkas inte av beslutet", read as one). Batch 37's one, m722
# intersectionality, is r603's kind: a follow-up "uppdelad på kön och yrkesgrupp", which the
# readers of eight other dev drafts scored as sex combined with occupation (3) and m722's two
# readers did not; left, as the labels disagree with each other. Batch 39's one (r773
# measures: a table's header cell "Åtgärd" read as a section of measures) was fixed by
# cause. Batch 44's two (m878 and r879 consequences: how the present users of a service split
# by sex read as what the decision does) were fixed by cause, and batch 45's two (m897 and
# r898 measures: a service for both sexes alike and an assessed effect read as measures),
# batch 46's one (m914 consequences: an association's own plan read as what the decision
# does) and batch 47's one (r926, an association's own stated goal, the same class). Of batch
# 48's six, four were fixed by cause (three sentences that are no measure, m957, r944, r946;
# those who wait split by sex, m944) and two left: r944 consequences (what working conditions
# matter for, beside a majority of women, read as what the decision does; fixed in session 27
# with batch 49's r971: an admission beside it that no analysis was made) and r960 statistics
# (a survey's finding by sex in words scored 3 where the readers count 61 400 handled
# compensation cases, which the rule does not count as people). Batch 49's one (r971
# consequences) was fixed by cause; batches 50 and 51 brought none. Batch 52's two (m1022 and
# m1033 measures: the services a group has, "som har insatser från nämnden", and crimes
# "riktade mot kvinnor", read as measures) were fixed by cause; batch 53 brought none; batch 54's three (r1066 measures: an assessed effect
# of measures read as a measure; r1070 and r1073 consequences: what national data show, and
# what a response rate means for the results, read as what the decision does) were fixed by
# cause. Batch 55's two: m1097 measures (an effect "kan därmed antas bidra", assessed, read as
# the proposal's own) was fixed by cause; m1092 consequences (an introduction aimed at girls,
# read as what the decision does) is left: dev readers score the same wording 3 (m537).
# Batch 56's one (r1119 consequences: "Någon särskild insats ... beskrivs inte", a denial,
# read as a consequence) was fixed by cause. Of batch 57's two, m1130 consequences (a group
# counted, "Av de 143 barn som fick beslut ...", read as one named back) was fixed by cause;
# r1124 consequences (who an illness strikes, "ALS drabbar något fler män än kvinnor", read as
# a consequence) is left: dev readers score such sentences 3 in six drafts. Batch 58's one
# (m1153 consequences: whom a proposal concerns, beside an admission that no analysis was
# made) was fixed by cause, and so was batch 59's one (r1167 measures: an effort for other
# areas read as a measure against the difference beside "har inte sett skäl att ställa
# särskilda villkor"). Batch 60 brought none; batch 61's two (m1213 measures: what an
# association has already started; r1205 consequences: what a share implies, "vilket innebär
# att skadefrekvensen är ungefär densamma") were fixed by cause, and so was batch 62's one
# (m1237 measures: "bedömer inte att skillnaderna motiverar särskilda åtgärder"). Batches 63
# and 64 brought none; batch 65's one (r1291 consequences: the share of past cases that led
# to compensation, by sex, read as what the decision does) was fixed by cause, and so was
# batch 66's one (r1304 consequences: the share of men among those who got continued
# employment). Batches 67 to 69 brought none; batch 70's one, r1381 intersectionality, is
# r603's and m722's kind (a follow-up "per kön och yrkesgrupp"; reader A scored it 3, B and
# the third reader 1), left. Of batches 71-75's four, three were fixed by cause (r1403: a
# follow-up by sex read as a consequence; r1434: a disease that strikes men read as one;
# m1480: a place for dementia read as a factor of the people counted); r1450 measures (two
# manager posts created in the sentence after a staff count by sex, read as a measure against
# the difference) is left: the narrowing tried for it lost 12 dev judgements. Batch 76 brought
# none; batch 77's two (m1528 and r1538 consequences: an admission of no analysis before a
# comma, and what a past decline in industry did to men, read as what the decision does)
# were fixed by cause, and so were batch 79's one (r1570 measures: companies that people
# start, "startades 34 procent av kvinnor", read as a measure) and batch 81's one (r1619
# measures: a unit "tillgänglig för alla som har behov av insatserna" read as a measure
# against the difference); batches 78 and 80 brought none. Batch 82's one (r1633
# consequences: a condition as the subject of "drabba", "Traumatiska ryggmärgsskador drabbar
# betydligt fler män än kvinnor") and batch 84's one (r1680 measures: a proposal against a
# difference between places) were fixed by cause; batch 83 brought none. Of batches 85-88's
# four, three were fixed by cause (m1698: a group described by what it is offered; m1704: a
# distribution of cases among staff followed up; r1753: what private clinics offer); m1702
# intersectionality (an open house for girls in years 8 and 9) is left: dev readers count a
# school year beside girls as a second factor in nearly every other draft. Of batches 91-92's
# four, three were fixed by cause (m1808: how what exists is used; m1819: a situation's
# interpretation; r1833: a measure said not to be needed); m1814 consequences (a noted
# inspection report in an excerpt without a decision section, its difference in grades
# described) is left: reading the excerpt's proposal as a noting lost dev judgements. Batches
# 93-96's three were fixed by cause (r1845: a mother tongue, "modersmål", beside a planned
# step read as a goal in a plan; m1917 consequences and measures: a change said to concern
# only how services are organised, "och inte vilka insatser som ges"), and so were batches
# 97-100's three (m1934: what explains a difference; m1994: what is still to be discussed,
# "diskutera hur fler män kan nås", read as consequences; r1971: a strategy's goals named by
# their subject read as a goal about women and men), and so were batches 101-104's three
# (r2013: a past fall in a total, "minskade från 5 820 personer 2020 till 4 930 personer
# 2025, varav 16 procent kvinnor"; r2046: who took part, "34 fotografer medverkade ...,
# varav 19 kvinnor", read as consequences; m2056: "86 elever" beside "flickors och pojkars
# önskemål" read as split by sex). Of batches 105-108's three, r2117 consequences (an
# admission that no analysis was made, "Någon analys av om ... har inte gjorts", read as a
# consequence) was fixed by cause; m2135 intersectionality (girls' and boys' grades "i årskurs
# 6" read as sex combined with a school year, which dev readers score 3 in 33 of 43 such
# drafts) and r2151 intersectionality (a follow-up "uppdelat på kön och yrkesgrupp", r603's
# kind) are left. Of batches 109-112's two, m2198 consequences (what insurers' statistics say,
# "Pojkar råkar enligt försäkringsbolagens statistik något oftare ut för olycksfall", read as a
# consequence) was fixed by cause; m2184 statistics ("en majoritet av medarbetarna är kvinnor"
# counted as a statistic split by sex, where the readers count 138 salary payments, which the
# rule does not count as people) is left. Batches 113-116's one (m2262 equality_goals: care
# plans where "den boendes önskemål" were recorded, a wish read as a goal in a plan) was fixed
# by cause. Of batches 117-120's two, r2388 consequences (what a difference may be due to,
# "Skillnaden kan bero på att män oftare har riskfaktorer som rökning", read as a consequence)
# was fixed by cause; r2392 intersectionality ("pappor till för tidigt födda barn", fathers,
# read as sex combined with parenthood, as a rule example reads "mödrar till barn som vårdades
# på sjukhuset") is left. Batches 121-124's one, m2457 consequences (a report the committee
# notes, in an excerpt without a decision section, read as a consequence), is m1814's kind,
# left. Batches 125-128's three (r2500 and r2554 consequences: what a past distribution shows
# and what one sex answers in a survey; r2547 consequences: an association's board read as a
# decided distribution) were fixed by cause, and so were batches 129-132's two (m2610
# measures: what the measures do for whom read as a measure against the difference; r2611
# motivated_exemption: a sentence on children read as the claim's reason), and so were
# batches 133-136's three (m2641 consequences: decisions not carried out, which a report
# counts, read as a decided distribution; r2668 consequences and intersectionality: what an
# applicant intends, study visits "riktade till flickor i årskurs 8 och 9", read as a
# consequence and as sex combined with age). The last change also fixed m1702: a school year
# that bounds whom an activity is for names a target group, while girls' and boys' results in
# a school year (m2135) are still sex with age. Of batches 137-140's three, r2738 measures (a
# labelled line, "Jämställdhet: Insatserna ...", read as a section of measures) and m2785
# equality_goals (goals in a person's own care plan read as a goal for equality) were fixed
# by cause; r2757 intersectionality ("kortare sjukskrivningar för kvinnor med små barn" in a
# motion on pain after pregnancy) is r2392's kind, left. Batches 141-144's three were fixed by
# cause: m2859 consequences (decisions not carried out, "14 ej verkställda beslut ..., varav
# nio gällde män"), r2823 measures (military missions, "internationella insatser") and r2854
# consequences (what motion writers point out, carried on with "De påpekar också att ...").
# So were batches 145-148's two: m2891 consequences (what the administration has raised with a
# club, "lyft möjligheten att nå fler flickor och kvinnor") and m2933 consequences (who take
# part least now, "är de som i minst utsträckning tar del av insatsen"). No more.
BLIND_MAX_FALSE_PASSES = 14


def test_agreement_on_blind_drafts_does_not_drop(capsys):
    got = _evaluate().print_blind_set("dev", False)
    capsys.readouterr()
    assert_at_floor("blind", got, BLIND_FLOOR, BLIND_MAX_FALSE_PASSES)


# The rules alone (`bench/evaluate.py --rules-only`) on the same texts: the learned model is
# trained on these labels and recalls them, so this floor is what keeps a rule change from
# making the rules worse unseen behind them.
BLIND_RULES_FLOOR = {"agreement": 82.4, "scored_agreement": 81.7, "concerns_people": 87.0}


def test_agreement_of_the_rules_alone_does_not_drop(capsys):
    from dataclasses import replace

    from jamcheck.ruleset import default_ruleset

    evaluate = _evaluate()
    evaluate.RULESET = replace(default_ruleset(), models={})
    got = evaluate.print_blind_set("dev", False)
    capsys.readouterr()
    assert_at_floor("blind, rules alone", got, BLIND_RULES_FLOOR, BLIND_MAX_FALSE_PASSES)


def test_blind_labels_cover_every_text_once():
    import yaml
    folder = ROOT / "eval" / "blind"
    split = yaml.safe_load((folder / "split.yml").read_text(encoding="utf-8"))
    labels = yaml.safe_load((folder / "labels.yml").read_text(encoding="utf-8"))["drafts"]
    names = split["dev"] + split["heldout"] + (split.get("reserve") or [])
    assert len(names) == len(set(names))
    assert set(names) == set(labels) == {p.stem for p in (folder / "texts").glob("*.txt")}


@pytest.mark.parametrize("which", ["blind", "real"])
def test_rereaders_label_the_same_texts_whole(which):
    """eval/<set>/reread/: further readers' labels of a part of the set, each for the same
    texts, with every criterion (eval/reread.py compares them with the settled labels)."""
    import json

    import yaml
    folder = ROOT / "eval" / which
    settled = yaml.safe_load((folder / "labels.yml").read_text(encoding="utf-8"))["drafts"]
    files = sorted((folder / "reread").glob("*.json"))
    assert len(files) >= 2
    names = None
    for path in files:
        labels = json.loads(path.read_text(encoding="utf-8"))
        assert names is None or set(labels) == names
        names = set(labels)
        for name, entry in labels.items():
            assert name.removesuffix(".txt") in settled
            assert isinstance(entry["concerns_people"], bool)
            assert set(entry["criteria"]) == set(CRITERIA)
            assert all(c["score"] in (None, 1, 2, 3) for c in entry["criteria"].values())


def _run_train_models(call):
    import sys

    spec = importlib.util.spec_from_file_location("train_models", ROOT / "eval" / "train_models.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["train_models"] = module  # its worker processes find their function by name
    try:
        spec.loader.exec_module(module)
        return call(module)
    finally:
        del sys.modules["train_models"]


def test_the_learned_models_are_what_the_rules_and_labels_train(capsys):
    """rules/concerns_people/model.json weighs the rules' hits: after a change to a
    concerns_people rule (or to the labels), `python eval/train_models.py` must be run again."""
    code = _run_train_models(lambda module: module.main(["--check", "--no-cv"]))
    out = capsys.readouterr().out
    assert code == 0, out


def test_leave_one_batch_out_asks_the_model_only_where_the_rules_leave_room():
    """train_models --by-batch: each batch predicted by a model trained on the others; where
    the rules are decisive (no model asked) their decision stands."""
    jobs, results = [], []
    for i in range(60):  # blind batches 1-3 (r01-r20, r21-r40, r41-r60)
        about_people = i % 2 == 0
        jobs.append(("blind", f"r{i + 1:02d}", {"concerns_people": about_people}))
        words = {"core:vårdcentral": 1.0} if about_people else {"core:ledning": 1.0}
        results.append(({**words, "rule_cp": 0.0}, False, i != 40))  # r41: the rules decide
    out = _run_train_models(lambda module: module.by_batch(jobs, results, 2))
    assert "batch 2: 20 of 20 with the model, 10 with the rules alone" in out
    assert "batch 3: 19 of 20 with the model, 10 with the rules alone" in out
    assert "batches 2-3: 39 of 40 with the model" in out and "batch 1:" not in out
