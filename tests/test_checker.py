"""The checker as a whole: scoring per DESIGN.md §2, locations that hold, and the report format."""

import io
from dataclasses import replace
from pathlib import Path

import docx
import docxfactory as f
import pytest

from jamcheck import check_bytes, check_file
from jamcheck.analysis import AnalysedDocument
from jamcheck.checker import run_rules
from jamcheck.ingest import read_docx
from jamcheck.ruleset import CRITERIA, default_ruleset
from jamcheck.scoring import decide_people

SAMPLES = sorted((Path(__file__).resolve().parent.parent / "samples").glob("*.docx"))


def scores(report: dict) -> dict:
    return {c["id"]: c["score"] for c in report["criteria"]}


def check(paragraphs, headings=None) -> dict:
    return check_bytes(f.plain(paragraphs, headings), "ärende.docx").to_dict()


BARE_CLAIMS = [
    "Ärendet bedöms inte påverka jämställdheten.",
    "Förslaget har ingen påverkan ur ett jämställdhetsperspektiv.",
    "Beslutet bedöms inte få några konsekvenser för kvinnor och män.",
    "Jämställdhetsaspekten är inte relevant i detta ärende.",
]


@pytest.mark.parametrize("claim", BARE_CLAIMS)
def test_bare_claim_never_passes_consequences_or_exemption(claim):
    report = check(["Ny taxa för hemtjänst",
                    "Avgiften för hemtjänst höjs för brukarna från den 1 januari.",
                    "Omkring 1 400 hemtjänsttagare berörs.", claim],
                   {1: "Ärendet", 3: "Jämställdhet"})
    s = scores(report)
    assert report["concerns_people"] is True
    assert s["consequences"] == 1
    assert s["motivated_exemption"] == 1
    claim_findings = [x for x in report["findings"] if x["criterion"] == "motivated_exemption"]
    assert claim_findings and claim_findings[0]["quote"] == claim


@pytest.mark.parametrize("heading", ["Konsekvenser för flickor och pojkar",
                                     "Konsekvenser för barn och jämställdhet"])
def test_a_heading_is_no_analysis(heading):
    # the template's heading names what the section is about; under it only a bare claim
    report = check(["Ny taxa för hemtjänst",
                    "Avgiften för hemtjänst höjs med 120 kronor i månaden för alla brukare.",
                    "Förslaget bedöms inte ha några konsekvenser."],
                   {1: "Ärendet", 2: heading})
    assert scores(report)["consequences"] == 1
    assert scores(report)["gendered_target_groups"] == 1


def test_bare_answer_in_a_table_of_consequences_is_a_bare_claim():
    """A row "Jämställdhet | Ingen påverkan." in a table of consequences is the equality
    section's answer, as the same words under a heading are."""
    report = check_bytes(f.with_table([["Konsekvens", "Bedömning"],
                                       ["Ekonomi", "Ryms inom budget."],
                                       ["Jämställdhet", "Ingen påverkan."]]), "ärende.docx").to_dict()
    assert scores(report)["motivated_exemption"] == 1
    quotes = [x["quote"] for x in report["findings"] if x["criterion"] == "motivated_exemption"]
    assert quotes == ["Ingen påverkan."]
    economy = check_bytes(f.with_table([["Konsekvens", "Bedömning"],
                                        ["Ekonomi", "Ingen påverkan."]]), "ärende.docx").to_dict()
    assert scores(economy)["motivated_exemption"] is None


def test_labels_of_a_table_of_consequences_name_no_people():
    """The row labels of a table of text ("Barn | Ingen direkt påverkan.") are the template's
    perspectives: they do not make a technical case concern people; a cell that says what the
    case does for people does."""
    rows = [["Perspektiv", "Bedömning"], ["Ekonomi", "Ryms inom investeringsplanen."],
            ["Barn", "Ingen direkt påverkan."], ["Jämställdhet", "Ingen påverkan."]]
    report = check_bytes(f.with_table(rows), "ärende.docx").to_dict()
    assert report["concerns_people"] is False
    rows[2][1] = "Barn och unga i området får en ny lekplats."
    report = check_bytes(f.with_table(rows), "ärende.docx").to_dict()
    assert report["concerns_people"] is True


def test_a_table_of_text_that_mentions_a_sum_still_lists():
    """A table of text whose assessment mentions a sum or a year is still a table of text: its
    labels name no people and count no one ("Barn" is no statistic), while a row that says
    what happens to a group names it, and a count in a cell is read like running text."""
    rows = [["Perspektiv", "Bedömning"],
            ["Ekonomi", "Intäkterna beräknas öka med cirka 4,2 miljoner kronor per år."],
            ["Barn", "Ingen direkt påverkan."], ["Jämställdhet", "Ingen påverkan."]]
    report = check_bytes(f.with_table(rows), "ärende.docx").to_dict()
    assert report["concerns_people"] is False
    assert scores(report)["sex_disaggregated_statistics"] is None
    rows[2] = ["Personal", "17 medarbetare berörs av flytten."]
    report = check_bytes(f.with_table(rows), "ärende.docx").to_dict()
    statistics = [x["quote"] for x in report["findings"]
                  if x["criterion"] == "sex_disaggregated_statistics"]
    assert report["concerns_people"] is True and statistics == ["17 medarbetare"]


def test_labels_of_labelled_lines_name_no_people():
    """The same perspectives written as labelled lines ("Barn: Ej aktuellt.") name no people,
    and an equality line's words ("Jämställdhetsaspekter beaktas ...") are its analysis, not
    the case's subject."""
    report = check(["Investeringsbudget 2026",
                    ("Regionstyrelsen fastställer investeringsbudgeten för 2026 om 410 miljoner "
                     "kronor, varav 120 miljoner kronor till ombyggnad av akutmottagningen."),
                    ("Jämställdhet: Beslutet bedöms inte få några direkta konsekvenser för "
                     "jämställdheten. Jämställdhetsaspekter beaktas i respektive investeringsprojekt."),
                    "Barn: Ej aktuellt."], {1: "Förslag till beslut", 2: "Konsekvenser"})
    assert report["concerns_people"] is False


def test_a_noted_report_is_asked_what_it_shows_not_what_the_decision_changes():
    """Noting a report changes nothing: the gap finding on consequences asks what the report
    shows for women and men, not what the decision does; equality goals get no finding there
    (the score and its rationale say it), but do where the case decides something."""
    paragraphs = ["Uppföljning av väntetider i barn- och ungdomspsykiatrin",
                  "Rapporten läggs till handlingarna.",
                  "Rapporten visar att väntetiden för barn och unga till en första bedömning har ökat.",
                  "Rapporten redovisar väntetiderna per mottagning och månad för flickor och pojkar."]
    headings = {1: "Förslag till beslut", 2: "Sammanfattning", 3: "Bedömning ur social dimension"}
    noted = check(paragraphs, headings)
    assert noted["concerns_people"] is True
    gaps = {f["criterion"]: f for f in noted["findings"] if f["quote"] is None}
    assert gaps["consequences"]["message"].startswith("Det framgår inte vad rapporten visar")
    assert "equality_goals" not in gaps
    assert next(c for c in noted["criteria"] if c["id"] == "equality_goals")["score"] == 1
    # a decision that also decides something notes more than a report
    for decision in ("Nämnden beslutar att förkorta väntetiderna genom en ny mottagning.",
                     ("1. En ny mottagning öppnas i Kiruna. 2. Rapporten läggs till "
                      "handlingarna.")):
        paragraphs[1] = decision
        decided = check(paragraphs, headings)
        gaps = {f["criterion"]: f for f in decided["findings"] if f["quote"] is None}
        assert gaps["consequences"]["message"].startswith("Konsekvenserna av beslutet")
        assert gaps["equality_goals"]["message"].startswith("Förslaget relateras inte")
    # ... while a line that introduces the point decides nothing
    paragraphs[1:2] = ["Nämnden beslutar", "att lägga rapporten till handlingarna."]
    noted = check(paragraphs, {1: "Förslag till beslut", 3: "Sammanfattning",
                               4: "Bedömning ur social dimension"})
    gaps = {f["criterion"]: f for f in noted["findings"] if f["quote"] is None}
    assert gaps["consequences"]["message"].startswith("Det framgår inte vad rapporten visar")


def test_a_situation_finding_says_what_is_partial_where_consequences_score_2():
    """The situation by sex without what the decision changes: where the case says in
    general terms what it changes, the finding says that, not that nothing is said."""
    paragraphs = ["Handlingsplan för ökad kvalitet i fritidshemmen",
                  "Nämnden föreslås anta handlingsplanen för fritidshemmen.",
                  "Pojkar har som grupp sämre resultat i skolan än flickor.",
                  "Insatserna kan gynna såväl flickors som pojkars lärande och bidra till ökad jämställdhet."]
    headings = {1: "Förslag till beslut", 2: "Jämställdhet"}
    general = check(paragraphs, headings)
    assert scores(general)["consequences"] == 2
    situation = [f for f in general["findings"] if f["rule"] == "situation-without-consequence"]
    assert [f["message"] for f in situation] == [
        "Läget för kvinnor och män beskrivs, men vad beslutet ändrar för dem sägs bara i allmänna ordalag."]
    bare = check(paragraphs[:3], headings)
    assert scores(bare)["consequences"] == 1
    situation = [f for f in bare["findings"] if f["rule"] == "situation-without-consequence"]
    assert [f["message"] for f in situation] == [
        "Läget för kvinnor och män beskrivs, men inte vad beslutet ändrar för dem."]


@pytest.mark.parametrize("decision, concerns", [
    ("Rapporten antecknas.", False),
    ("Rapporten läggs till handlingarna.", False),
    ("Förvaltningen får i uppdrag att genomföra förslagen i rapporten.", True)])
def test_noted_report_concerns_people_only_by_its_subject(decision, concerns):
    """A report the committee only notes concerns people when its subject does: people named
    only in its background do not make it so (DESIGN.md §2)."""
    report = check(["Uppföljning av kontorets interna innovationsprogram",
                    decision,
                    "Programmet har utvecklat arbetssätt inom förvaltningen.",
                    ("Arbetet har berört medarbetare. Invånare har svarat på en enkät. "
                     "Besökare har lämnat synpunkter. Elever har testat appen. "
                     "Brukare har intervjuats.")],
                   {1: "Förslag till beslut", 2: "Bakgrund"})
    assert report["concerns_people"] is concerns


@pytest.mark.parametrize("decision, expected", [
    ("att lägga rapporten om taxan till handlingarna.", 2),
    ("att höja avgiften i hemtjänsten enligt förvaltningens förslag.", 3)])
def test_a_noted_reports_content_is_not_the_decisions_consequence(decision, expected):
    """What a report the committee only notes says about women and men is not what the
    decision changes: consequences score at most 2 there (criteria.yml `noted_max`)."""
    report = check(["Avgift i hemtjänsten", decision,
                    ("Höjningen drabbar främst kvinnor, som är i majoritet bland hemtjänsttagarna "
                     "och får därmed högre kostnader än män.")],
                   {1: "Förslag till beslut", 2: "Jämställdhet"})
    assert scores(report)["consequences"] == expected


@pytest.mark.parametrize("proposal, concerns", [
    ("Regionkontoret föreslår att regionstyrelsen godkänner årsredovisningen för 2024.", False),
    ("Regionkontoret föreslår att regionstyrelsen delar ut stipendier till 40 studerande.", True)])
def test_what_an_untitled_excerpt_proposes_states_its_subject(proposal, concerns):
    """An excerpt without a title says what it is about in its first sentence and in what it
    proposes: approving a foundation's accounts is a formal decision, whoever the foundation
    serves. (The rules' reading: on a text this short the learned model's weights decide
    close to its boundary, and move with each retraining.)"""
    paragraphs = [("Stiftelsen förvaltas av regionen. Avkastningen används för stipendier till "
                   "studerande vid folkhögskolor."),
                  "Stiftelsens intäkter uppgick 2024 till 486 tkr.", proposal]
    assert _rules_decide_people(paragraphs, {0: "Sammanfattning"}) is concerns


def test_a_template_s_comment_line_gives_the_yes_no_answer_its_reason():
    """"Jämställdhetsanalys: Nej." and, on the next line, "Kommentar: ...": the comment is the
    answer's reason (here a thin one: the same rules for women and men)."""
    report = check(["Riktlinjer för ekonomiskt bistånd",
                    "Nämnden antar reviderade riktlinjer för ekonomiskt bistånd till hushåll.",
                    "Jämställdhetsanalys: Nej.",
                    "Kommentar: Riktlinjerna gäller lika för kvinnor och män."], {1: "Ärendet"})
    assert scores(report)["motivated_exemption"] == 2


def test_a_concession_before_a_claim_is_no_reason():
    """"Most residents are women, but the investment does not affect equality": what is
    conceded before "men" is no reason for the claim, on its own line or as a comment."""
    for lines in ([("En majoritet av de boende är kvinnor, men investeringen bedöms inte påverka "
                    "jämställdheten.")],
                  ["Jämställdhetsanalys: Nej.",
                   ("Kommentar: En majoritet av de boende är kvinnor, liksom en stor majoritet av "
                    "personalen, men investeringen bedöms inte påverka jämställdheten.")]):
        report = check(["Ombyggnad av särskilt boende",
                        "Nämnden beslutar att bygga om det särskilda boendet på Lärkgatan.", *lines],
                       {1: "Ärendet"})
        assert scores(report)["motivated_exemption"] == 1


def test_sentence_before_a_claim_about_something_else_is_no_reason():
    """Only a sentence that says women and men are alike is the reason of the claim after it."""
    report = check(["Ny busslinje",
                    "Regionen inrättar en ny busslinje till industriområdet.",
                    ("Linjen bidrar till en tillgänglig kollektivtrafik för alla resenärer. Förslaget "
                     "bedöms inte ha några särskilda konsekvenser för jämställdheten.")],
                   {1: "Ärendet", 2: "Konsekvenser"})
    assert scores(report)["motivated_exemption"] == 1


def test_circular_reason_is_only_partial():
    report = check(["Öppettider i förskolan",
                    "Förskolornas öppettider ändras för alla barn i kommunen.",
                    ("Ärendet bedöms inte påverka jämställdheten eftersom det inte berör "
                    "jämställdhetsfrågor.")], {1: "Ärendet"})
    assert scores(report)["motivated_exemption"] == 2


@pytest.mark.parametrize("reason", [
    # the reason itself says the users differ by sex: it cannot show why they are not affected
    # differently
    ("Av brukarna är två tredjedelar kvinnor, eftersom kvinnor utgör en större del av de äldsta "
     "åldersgrupperna. Avgiftshöjningen gäller lika för alla brukare och förslaget bedöms därför "
     "inte påverka jämställdheten."),
    # a labelled line answered "ej aktuellt", with whom the fee is for
    "Konsekvenser för jämställdhet: Ej aktuellt, taxan riktar sig till verksamhetsutövare.",
    # a model blind to sex is the same rules for all
    ("Modellen utgår från elevernas behov och tar inte hänsyn till kön. Förvaltningen bedömer "
     "därför att förslaget inte har några konsekvenser för flickor och pojkar."),
    # the sentence before the claim says women and men are alike, without a connective
    ("Bidraget fördelas utifrån antal deltagarveckor och är därmed neutralt i förhållande till "
     "deltagarnas kön. Förvaltningen har inte identifierat några konsekvenser för jämställdheten."),
    ("Fördelningen mellan flickor och pojkar är i stort sett jämn. Förslaget bedöms inte "
     "påverka jämställdheten."),
    # the decision itself, as against what follows from it
    "Beslutet om avgiften bedöms inte i sig få några konsekvenser för jämställdheten.",
    # the same rules for all, before the claim in its own sentence
    "Riktlinjerna gäller alla brukare lika och förslaget bedöms inte påverka jämställdheten.",
    # the analysis put off to a later stage
    ("Beslutet bedöms inte få några direkta konsekvenser för jämställdheten. "
     "Jämställdhetsaspekter beaktas i respektive investeringsprojekt."),
    # what kind of case it is, in the claim's sentence or the one before it
    ("Ärendet avser en intern organisationsförändring och bedöms inte ha några konsekvenser "
     "för jämställdheten."),
    ("Stödet riktas till ett företag och inte direkt till enskilda. Inga särskilda "
     "konsekvenser för jämställdheten har identifierats."),
    # ... as a short name alone: a report, a matter of finance
    "Ärendet är en redovisning och bedöms inte ha några konsekvenser för jämställdheten.",
    "Ärendet är av finansiell karaktär och bedöms inte påverka jämställdheten.",
    # the same rules for all, in the sentence after the claim
    ("Förvaltningen bedömer att förslaget inte påverkar jämställdheten. Avgiften tillämpas lika "
     "för alla brukare oavsett bakgrund."),
    # who is affected, by sex, just before the claim: not why they are not affected differently
    ("Majoriteten av brukarna är kvinnor. Förslaget bedöms inte påverka kvinnor och män "
     "olika."),
    # who is affected, said without why they are not affected differently
    ("Höjningen berör i första hand brukare som får mat levererad, och förslaget bedöms därför "
     "inte påverka kvinnor och män olika."),
])
def test_reason_that_does_not_hold_is_thin(reason):
    report = check(["Avgift för matdistribution",
                    "Avgiften för matdistribution höjs från 2026 för brukarna i hemtjänsten.",
                    reason], {1: "Ärendet", 2: "Jämställdhet"})
    assert scores(report)["motivated_exemption"] == 2


def test_technical_case_with_reason_that_holds():
    report = check(["Ledningsrätt för dagvattenledning",
                    ("Kommunen upplåter ledningsrätt för en dagvattenledning över fastigheten "
                    "Rönnen 4. Ersättningen följer markpriset i området."),
                    ("Beslutet avser enbart en ledning i mark som kommunen äger och berör inga "
                    "enskilda personer. Ärendet bedöms därför inte påverka jämställdheten.")],
                   {1: "Ärendet", 2: "Jämställdhet"})
    s = scores(report)
    assert report["concerns_people"] is False
    assert [s[c] for c in CRITERIA[:-1]] == [None] * 6
    assert s["motivated_exemption"] == 3
    assert report["total"] == {"percent": 100, "applicable": 1}


def test_reason_that_nothing_changes_for_those_affected_holds():
    """A reason about who is affected holds when it says why they are not affected
    differently: here, that nothing changes for them."""
    report = check(["Överföring av kulturskolan",
                    ("Kulturskolan förs över från barn- och utbildningsnämnden till kultur- och "
                     "fritidsnämnden den 1 januari 2026."),
                    ("Förändringen avser verksamhetens organisatoriska tillhörighet och förändrar "
                     "inte utbudet för eleverna. Ärendet bedöms därför inte påverka "
                     "jämställdheten.")],
                   {1: "Ärendet", 2: "Jämställdhet"})
    assert scores(report)["motivated_exemption"] == 3


def test_no_criterion_scores_3_when_the_text_lacks_it():
    report = check(["Busslinje 12 dras in",
                    "Linje 12 dras in från augusti. Resenärerna hänvisas till linje 14.",
                    "Cirka 900 resenärer per dag berörs, och 40 procent av dem är pensionärer.",
                    "Förslaget bedöms gynna jämställdheten."], {1: "Ärendet", 3: "Jämställdhet"})
    s = scores(report)
    assert s["gendered_target_groups"] == 1
    assert s["sex_disaggregated_statistics"] == 1
    assert s["consequences"] == 2
    assert s["equality_goals"] == 2
    assert s["measures"] is None
    assert 3 not in s.values()


def test_strong_case_meets_the_criteria():
    report = check([
        "Utökad kollektivtrafik i inlandet",
        "Linje 44 får fler avgångar. Av de 1 200 resenärerna per dag är 730 kvinnor och 470 män.",
        ("Kvinnor reser oftare med buss än män, och äldre kvinnor på landsbygden saknar oftare "
        "körkort. Fler avgångar innebär att kvinnor får kortare restid till arbete och vård."),
        ("För att minska skillnaden i tillgång till arbete mellan kvinnor och män föreslås också "
        "en riktad insats för kvinnor som pendlar."),
        "Förslaget bidrar till det jämställdhetspolitiska delmålet om ekonomisk jämställdhet.",
    ], {1: "Ärendet", 3: "Jämställdhet"})
    s = scores(report)
    assert all(s[c] == 3 for c in CRITERIA[:-1]), s
    assert s["motivated_exemption"] is None
    assert report["total"]["percent"] == 100


def test_total_follows_the_formula():
    report = check_file(SAMPLES[0]).to_dict()
    scored = [c["score"] for c in report["criteria"] if c["score"] is not None]
    expected = round(100 * sum(x - 1 for x in scored) / (2 * len(scored)) + 1e-9)
    assert report["total"] == {"percent": expected, "applicable": len(scored)}


@pytest.mark.parametrize("path", SAMPLES, ids=[p.name for p in SAMPLES])
def test_report_format_and_locations(path):
    report = check_file(path).to_dict()
    assert set(report) >= {"jamcheck_version", "rules_version", "document", "concerns_people",
                           "criteria", "total", "findings"}
    assert [c["id"] for c in report["criteria"]] == list(CRITERIA)
    for c in report["criteria"]:
        assert c["status"] == {3: "met", 2: "partial", 1: "missing", None: "not_applicable"}[c["score"]]
        assert c["rationale"]
    ids = {x["id"] for x in report["findings"]}
    assert all(fid in ids for c in report["criteria"] for fid in c["findings"])
    reference = docx.Document(io.BytesIO(path.read_bytes()))
    for finding in report["findings"]:
        loc = finding["location"]
        assert finding["message"] and finding["suggestion"] and finding["source"]
        if finding["quote"] is None:
            continue
        if loc["table"] is not None:
            t = loc["table"]
            text = reference.tables[t["index"]].cell(t["row"], t["col"]).text
        else:
            text = reference.paragraphs[loc["paragraph"]].text
        assert text[loc["start"]:loc["end"]] == finding["quote"], finding


def test_same_file_gives_the_same_report():
    assert check_file(SAMPLES[1]).to_dict() == check_file(SAMPLES[1]).to_dict()


EXPECTED = Path(__file__).resolve().parent.parent / "samples" / "expected.yml"


def _expected_samples() -> dict:
    import yaml
    return yaml.safe_load(EXPECTED.read_text(encoding="utf-8"))["samples"]


def test_every_sample_has_expert_scores():
    assert sorted(_expected_samples()) == [p.name for p in SAMPLES]
    assert len(SAMPLES) >= 10


@pytest.mark.parametrize("path", SAMPLES, ids=[p.name for p in SAMPLES])
def test_sample_agrees_with_expert_scores(path):
    expected = _expected_samples()[path.name]
    report = check_file(path).to_dict()
    assert report["concerns_people"] is expected["concerns_people"]
    want = {cid: entry["score"] for cid, entry in expected["criteria"].items()}
    assert scores(report) == want
    assert report["total"]["percent"] == expected["total"]


def _claim_grade(text: str, rule_id: str = "unaffected-claim") -> list[int]:
    from jamcheck.analysis import AnalysedDocument
    from jamcheck.checks import CHECK_KINDS
    from jamcheck.ingest import read_text
    from jamcheck.ruleset import default_ruleset

    rule = default_ruleset().rule(rule_id)
    return [h.grade for h in CHECK_KINDS["claim"].run(rule, AnalysedDocument(read_text(text)))]


@pytest.mark.parametrize("text,grade", [
    ("Ärendet bedöms inte påverka jämställdheten.", 1),
    ("Ärendet bedöms därför inte påverka jämställdheten.", 1),
    ("Ärendet bedöms inte påverka jämställdheten då det är ett internt personalärende.", 2),
    (("Förslaget bedöms inte påverka jämställdheten, eftersom feriepraktiken är öppen för alla "
     "ungdomar i åldersgruppen och platserna lottas."), 2),
    (("Kvinnor och män har samma rätt till färdtjänst, och förslaget påverkar därför inte "
     "jämställdheten."), 2),
    (("Förslaget påverkar inte kvinnor och män olika, eftersom avgiften är densamma för alla och "
     "andelen kvinnor bland låntagarna motsvarar andelen i kommunens befolkning."), 3),
    (("Jämställdheten påverkas inte, då beslutet enbart gäller flytt av en dagvattenledning på "
     "kommunens mark där inga enskilda personer berörs."), 3),
    # the reason before the claim in its own sentence
    (("Avgifterna är desamma för alla brukare, varför förslaget inte bedöms ha några "
      "konsekvenser för jämställdheten."), 2),
    ("Stadsledningskontoret bedömer att ärendet inte påverkar jämställdheten.", 1),
])
def test_claim_reason_grades(text, grade):
    assert _claim_grade(text) == [grade]


@pytest.mark.parametrize("after,grade", [
    # the rest of the paragraph says why, if thinly
    ("Beslutet gäller en intern rutin för fakturering mellan förvaltningarna.", 2),
    # a sentence that turns against the claim qualifies it; it gives no reason
    ("Däremot ställer beslutet krav på en aktiv avvägning mellan dimensionerna i kommande beslut.", 1),
])
def test_contrast_sentence_is_no_reason(after, grade):
    text = ("# Bedömning ur social dimension\nStadsledningskontoret har inte funnit några "
            f"särskilda aspekter på frågan. {after}")
    assert _claim_grade(text, "no-aspect-in-analysis-section") == [grade]


@pytest.mark.parametrize("before,grade", [
    # the scope of the case itself, stated just before the claim under the heading before
    (("Ärendet i sig berör enbart denna dimension och hänvisning sker därför till "
      "tjänsteutlåtandet i sin helhet."), 2),
    ("Ärendet i sig berör i huvudsak denna dimension.", 1),
    # "endast" about something else is no scope of the case
    ("Avgiften avser tillsynen som helhet och inte som tidigare endast tillsynsbesöket.", 1),
])
def test_scope_of_the_case_before_the_heading_is_a_reason(before, grade):
    text = (f"# Bedömning ur ekonomisk dimension\n{before}\n# Bedömning ur social dimension\n"
            "Stadsledningskontoret har inte funnit några särskilda aspekter på frågan.")
    assert _claim_grade(text, "no-aspect-in-analysis-section") == [grade]


def test_technical_word_in_passing_does_not_make_a_case_technical():
    report = check(["Verksamhetsbidrag till brottsofferjouren 2026",
                    "Jouren erbjuder stödsamtal till brottsutsatta och deras anhöriga.",
                    "Under 2024 fick 210 personer stöd. Jouren har två medarbetare.",
                    "Jouren har lämnat in verksamhetsberättelse och revisionsberättelse för 2024.",
                    "Jämställdhetsaspekten är inte relevant i ärendet."],
                   {1: "Ärendet", 4: "Jämställdhet"})
    assert report["concerns_people"] is True
    assert scores(report)["motivated_exemption"] == 1


def test_technical_words_in_the_title_make_a_case_technical():
    report = check(["Fastställande av stiftelsens räkenskaper och revisionsberättelse 2024",
                    ("Stiftelsens räkenskaper för 2024 fastställs. Revisorerna har granskat "
                    "bokslutet och tillstyrker ansvarsfrihet för styrelsens ledamöter och "
                    "anställda."),
                    "Ärendet bedöms inte påverka jämställdheten."],
                   {1: "Sammanfattning", 2: "Jämställdhet"})
    assert report["concerns_people"] is False


def test_finding_for_a_partly_met_criterion_says_partly():
    """A criterion scored 2 is not reported as missing: the finding says it is partial."""
    report = check(["Ny taxa för hemtjänst",
                    "Avgiften för hemtjänst höjs för brukarna från den 1 januari.",
                    "Förslaget bedöms gynna jämställdheten."],
                   {1: "Ärendet", 2: "Jämställdhet"})
    consequences = next(c for c in report["criteria"] if c["id"] == "consequences")
    assert consequences["score"] == 2
    messages = [f["message"] for f in report["findings"] if f["id"] in consequences["findings"]]
    assert messages == ["Konsekvenserna av beslutet för kvinnor och män beskrivs bara i allmänna ordalag."]


def test_intersectionality_is_said_in_its_rationale_not_as_a_finding():
    """Readers of real drafts found the nudge to combine sex with other factors worth a
    finding in a third of the cases: the score and its rationale say it instead."""
    def intersection(paragraphs):
        report = check(paragraphs, {1: "Ärendet", len(paragraphs) - 1: "Jämställdhet"})
        criterion = next(c for c in report["criteria"] if c["id"] == "intersectionality")
        return criterion["score"], len(criterion["findings"]), criterion["rationale"]

    score, findings, _ = intersection([
        "Ny taxa för hemtjänst", "Avgiften för hemtjänst höjs för brukarna.",
        "Ärendet bedöms inte påverka jämställdheten."])
    assert (score, findings) == (1, 0)
    score, findings, rationale = intersection([
        "Ny taxa för hemtjänst", "Avgiften för hemtjänst höjs för brukarna.",
        "De flesta brukarna är kvinnor. Många av dem bor på landsbygden."])
    assert score == 2 and findings == 0 and "var för sig" in rationale


def test_counted_nouns_and_quotes_in_rationales():
    """"1 ställe", not "1 ställen"; a quoted example keeps no full stop of its own before the
    rationale's, and no quotation marks inside the rationale's."""
    from jamcheck.words import counted

    assert counted(1, "ställe", "ställen") == "1 ställe" and counted(0, "ärende", "ärenden") == "0 ärenden"
    report = check(["Ny taxa för hemtjänst", "Avgiften höjs för 120 brukare, varav 80 kvinnor och 40 män.",
                    "Förslaget bedöms ”gynna” jämställdheten."], {1: "Ärendet", 2: "Jämställdhet"})
    rationales = {c["id"]: c["rationale"] for c in report["criteria"]}
    assert "(1 ställe)" in rationales["sex_disaggregated_statistics"]
    consequences = rationales["consequences"]
    assert ".”" not in consequences and consequences.count("”") == 2


def test_background_figures_count_but_findings_point_where_the_case_states_its_analysis():
    """A statistic in the background counts for the score, but is no finding there; the same
    statistic in the equality analysis is."""
    paragraphs = ["Ny hemtjänsttaxa", "Under 2024 hade 1 180 brukare hemtjänst i kommunen.",
                  "Taxan höjs med 3 procent.", "Förslaget påverkar brukarna."]
    background = check(paragraphs, {1: "Bakgrund", 3: "Jämställdhet"})
    stats = next(c for c in background["criteria"] if c["id"] == "sex_disaggregated_statistics")
    assert stats["score"] == 1 and stats["findings"] == [] and "1 180 brukare" in stats["rationale"]
    analysis = check(paragraphs, {1: "Jämställdhet", 3: "Konsekvenser"})
    stats = next(c for c in analysis["criteria"] if c["id"] == "sex_disaggregated_statistics")
    assert stats["score"] == 1 and len(stats["findings"]) == 1


SIGNED = ["Nya busslinjer i Råneå",
          "Förslaget innebär att resenärerna i Råneå får nya avgångar.",
          "Förslaget påverkar kvinnor och män lika eftersom avgångarna gäller alla resenärer.",
          "Anna Andersson", "Förvaltningschef"]
ATTACHED = "Insatsen bidrar till det jämställdhetspolitiska delmålet om jämställd hälsa."


def test_analysis_attached_after_the_signature_is_not_the_case_own():
    """A goal named only in what follows the signature (another body's minutes, a covering
    letter) does not make the case relate its proposal to equality goals; the same words
    before the signature do."""
    after = check(SIGNED + ["Protokoll från samrådsorganet", ATTACHED],
                  {1: "Ärendet", 2: "Jämställdhet"})
    before = check(SIGNED[:3] + [ATTACHED] + SIGNED[3:], {1: "Ärendet", 2: "Jämställdhet"})
    assert scores(after)["equality_goals"] != 3
    assert scores(before)["equality_goals"] == 3


def test_signature_is_found_and_contact_lines_are_not():
    from jamcheck.document import signature_end
    from jamcheck.ingest import read_text

    def doc(*lines):
        return read_text("\n".join(["Titel", "Ärendet", "Text.", "Text igen.", *lines]))

    signed = doc("Jonas Kinnander  Eva Hessman", "Direktör Ärende och utredning  Stadsdirektör",
                 "Missiv 2023-03-29")
    assert signed.attachment_start == signed.blocks[-1].index
    for line in ("Kontaktperson: Anna Andersson, enhetschef", "Chefer med fler än 25 medarbetare.",
                 "anna.andersson@region.se, förvaltningschef"):
        assert signature_end(doc(line, "Mer text.").blocks) is None, line
    # a signature with nothing after it: nothing is attached
    assert doc("Anna Andersson", "Förvaltningschef").attachment_start is None


def test_rationale_leaves_out_a_quote_it_does_not_have():
    from jamcheck.scoring import fill
    template = "Målgrupperna beskrivs bara med könsneutrala ord (t.ex. ”{flagged}”)."
    assert fill(template, {"flagged": ""}) == "Målgrupperna beskrivs bara med könsneutrala ord."
    assert fill(template, {"flagged": "elever"}) == \
        "Målgrupperna beskrivs bara med könsneutrala ord (t.ex. ”elever”)."
    partial = "Kön nämns i förbigående[, men {flag_places} beskriver målgrupper med könsneutrala ord]."
    assert fill(partial, {"flag_places": ""}) == "Kön nämns i förbigående."
    assert fill(partial, {"flag_places": "2 ställen"}) == \
        "Kön nämns i förbigående, men 2 ställen beskriver målgrupper med könsneutrala ord."
    report = check(["Ledningsrätt för dagvattenledning",
                    "Kommunen upplåter ledningsrätt för en dagvattenledning över fastigheten Rönnen 4."],
                   {1: "Ärendet"})
    texts = [report["concerns_people_rationale"]] + [c["rationale"] for c in report["criteria"]]
    assert not any("””" in t or "()" in t or "(inga)" in t for t in texts), texts


def test_share_of_one_sex_is_a_statistic_broken_down_by_sex():
    """"Flickor stod för 40 procent av deltagartillfällena": a figure for one sex is broken
    down by sex ("stod" is a form of "stå", and "stå för" ties the share to its people)."""
    report = check(["Fördelning av aktivitetsstöd",
                    "Aktivitetsstödet till föreningarna fördelas per deltagartillfälle.",
                    "Flickor stod för 40 procent av deltagartillfällena 2025."],
                   {1: "Ärendet", 2: "Jämställdhet"})
    assert scores(report)["sex_disaggregated_statistics"] == 3


@pytest.mark.parametrize("split,expected", [
    ("Av de placerade var 112 flickor och 92 pojkar.", 2),   # the 204 placed, not the 251
    ("Av de sökande var 140 flickor och 111 pojkar.", 3),    # the same 251
    ("Av de sökande var 58 procent flickor.", 3),            # a share splits the whole
    ("Av dessa var 17 ensamstående, varav 15 mammor och 2 pappor.", 3),  # a named subgroup
])
def test_a_split_of_another_figure_in_the_next_sentence_leaves_a_count_unsplit(split, expected):
    """Counts for women and men in the next sentence that add up to another figure of the
    sentence before split that figure, not the count beside it."""
    report = check(["Feriearbete för ungdomar",
                    "Sommaren 2025 sökte 251 ungdomar feriearbete och 204 fick en placering. " + split],
                   {1: "Jämställdhet"})
    assert scores(report)["sex_disaggregated_statistics"] == expected


@pytest.mark.parametrize("paragraphs,expected", [
    # one sentence that compares women and men, and nothing more: sex named in passing
    (["Familjerådgivningen tar emot par och enskilda vuxna.",
      "Det är oftare kvinnor än män som tar den första kontakten med familjerådgivningen."], 2),
    # the same comparison, and women and men named again where the consequence is described
    (["Familjerådgivningen tar emot par och enskilda vuxna.",
      "Det är oftare kvinnor än män som tar den första kontakten med familjerådgivningen.",
      "En avgiftsfri rådgivning bedöms sänka tröskeln för män som i dag avstår."], 3),
    # a sex distribution meets the criterion in one sentence
    (["Familjerådgivningen tar emot par och enskilda vuxna.",
      "Av dem som tog den första kontakten 2025 var 64 procent kvinnor och 36 procent män."], 3),
])
def test_sex_named_in_a_single_sentence_is_named_in_passing(paragraphs, expected):
    """Target groups are written out by sex (3) when sex is named in more than one sentence or
    a group's sex distribution is given; one sentence alone names sex in passing (2)."""
    report = check(["Svar på motion om avgiftsfri familjerådgivning", *paragraphs],
                   {1: "Ärendet"})
    assert scores(report)["gendered_target_groups"] == expected


def _rules_decide_people(paragraphs, headings) -> bool:
    """concerns_people as the rules alone decide it (no learned model)."""
    ruleset = replace(default_ruleset(), models={})
    adoc = AnalysedDocument(read_docx(f.plain(paragraphs, headings), "ärende.docx"))
    return decide_people(ruleset, run_rules(ruleset, adoc), adoc)[0]


def test_task_moved_between_committees_naming_only_staff_is_formal():
    """A transfer whose subject names no one but the staff who follow the task moves a task
    inside the organisation; one whose subject names a service people use concerns people."""
    headings = {1: "Sammanfattning", 2: "Bakgrund"}
    staff_only = [("Överföring av ansvaret för regional analys och statistik från "
                  "regionstyrelsen till regionala utvecklingsnämnden"),
                  ("Ansvaret förs över från 2026. De fyra medarbetarna följer med och behåller "
                  "sina anställningsvillkor."),
                  ("Enheten tar fram statistik om invånare, patienter, elever och företag åt "
                  "nämnderna och publicerar rapporter för allmänheten.")]
    assert _rules_decide_people(staff_only, headings) is False
    service = [("Överföring av ansvaret för bostadsanpassningsbidrag från "
               "samhällsbyggnadsnämnden till socialnämnden"),
               ("Handläggningen av bostadsanpassningsbidrag förs över från 2026. De fyra "
               "medarbetarna följer med."),
               ("Bidraget söks av personer med funktionsnedsättning, invånare i alla åldrar och "
               "föräldrar till barn med behov av anpassning.")]
    assert _rules_decide_people(service, headings) is True


def test_a_noted_report_is_not_asked_for_measures():
    """Noting a report that describes a difference between women and men proposes nothing:
    measures score 1 without a finding; a case that decides something gets the finding."""
    paragraphs = ["Uppföljning av väntetider i barn- och ungdomspsykiatrin",
                  "Rapporten läggs till handlingarna.",
                  "Rapporten visar att flickor i genomsnitt väntar längre än pojkar på en första bedömning.",
                  "Väntetiderna redovisas per mottagning och månad."]
    headings = {1: "Förslag till beslut", 2: "Sammanfattning"}
    noted = check(paragraphs, headings)
    assert scores(noted)["measures"] == 1
    assert not [f for f in noted["findings"] if f["criterion"] == "measures"]
    paragraphs[1] = "Nämnden beslutar att öppna en ny mottagning i Kiruna."
    decided = check(paragraphs, headings)
    assert scores(decided)["measures"] == 1
    assert [f for f in decided["findings"] if f["criterion"] == "measures"]
