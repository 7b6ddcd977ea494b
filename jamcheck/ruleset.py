"""Loads and validates the rule set in rules/: lexicons, criteria and one YAML file per rule, and its version.

A broken file fails with a RuleError naming the file and the field, in Swedish, so that a
rule writer can fix it without reading Python.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

import yaml

from . import data, learned
from .checks import CHECK_KINDS
from .criteria import CRITERIA
from .document import ATTACHMENTS
from .errors import RuleError
from .learned import LinearModel
from .settings import OrgSettings
from .terms import TermError, expand, token_regex

SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available: faster
RULES_DIR = data.folder("rules")
RULE_CRITERIA = CRITERIA + ("concerns_people",)
ROLES = ("flag", "evidence", "applies", "counter")  # counter: evidence against concerns_people
LEVELS = ("error", "warning", "info")
MODES = ("best", "coverage", "balance", "worst")
APPLIES = ("people", "hits", "applies_hits")
STATUSES = ("met", "partial", "missing", "not_applicable")
RULE_KEYS = {"id", "kind", "criterion", "role", "grade", "level", "message", "suggestion",
             "source", "description", "examples", "sections", "report", "show_in",
             "partial_message"}


@dataclass
class Rule:
    id: str
    kind: str
    criterion: str
    role: str
    grade: int | None
    level: str
    message: str
    suggestion: str
    source: str
    path: str
    examples: dict[str, list[str]]
    params: Any  # compiled by the check kind
    description: str = ""
    sections: dict[str, list[str]] = field(default_factory=dict)
    report: str = "every"
    # headings of the sections where the rule's hits are shown as findings (empty: all);
    # hits elsewhere still count for the score and its rationale
    show_in: list[str] = field(default_factory=list)
    # a flag's message where its criterion still scores 2 (something partial is there)
    partial_message: str = ""


@dataclass
class Criterion:
    id: str
    title: str
    applies: list[str]
    mode: str
    rationale: dict[str, str]
    gap: dict[str, str]  # level, message, suggestion, source of a finding for an unmet criterion
    technical_suggestion: str = ""  # the findings' suggestion in a case that concerns no people
    # mode balance: this many passages that write people out by sex are met however many
    # neutral words remain (sex written out throughout, not in passing); None: no such number
    enough_good: int | None = None
    # mode balance: a hit of one of these rules meets the criterion on its own (the sex
    # distribution of a group is given), whatever neutral words remain
    met_by: tuple[str, ...] = ()
    # mode balance: a case that names sex in fewer sentences than this (its evidence) names it
    # in passing, however well that sentence writes a group out ("Det är oftare kvinnor än män
    # som tar den första kontakten", and nothing more): partly met at best, unless met_by
    min_passages: int = 1
    # the highest score in a case whose decision only notes a report (None: no limit): what
    # the report describes is not what the decision changes
    noted_max: int | None = None


@dataclass
class RuleSet:
    version: str
    rules: list[Rule]
    criteria: list[Criterion]
    concerns_people: dict[str, Any]
    gap_anchor: list[str]  # headings where a finding about something missing is anchored
    directory: Path
    settings: OrgSettings | None = None  # the organisation's own settings it was built with
    # learned models by what they judge (learned.MODEL_TARGETS), where the rules leave room
    models: dict[str, LinearModel] = field(default_factory=dict)

    def rule(self, rule_id: str) -> Rule:
        return next(r for r in self.rules if r.id == rule_id)

    @cached_property
    def titles(self) -> dict[str, str]:
        """Criterion id -> its Swedish title."""
        return {c.id: c.title for c in self.criteria}


def _fail(path: Path, field_name: str, problem: str) -> RuleError:
    return RuleError(f"Regelfilen {path}: fältet '{field_name}' {problem}.")


def _load_yaml(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as fh:
            return yaml.load(fh, Loader=SAFE_LOADER)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f" (rad {mark.line + 1})" if mark is not None else ""
        raise RuleError(f"Regelfilen {path} är inte giltig YAML{where}: "
                        f"{getattr(err, 'problem', err)}.") from None
    except OSError as err:
        raise RuleError(f"Regelfilen {path} kan inte läsas: {err.strerror}.") from None


def _text(data: dict, key: str, path: Path, required: bool = True) -> str:
    value = data.get(key)
    if value is None:
        if required:
            raise _fail(path, key, "saknas")
        return ""
    if not isinstance(value, str) or (required and not value.strip()):
        raise _fail(path, key, "ska vara en text som inte är tom")
    return value.strip()


def _choice(data: dict, key: str, allowed: tuple, path: Path, default: str | None = None) -> str:
    value = data.get(key, default)
    if value is None:
        raise _fail(path, key, "saknas")
    if value not in allowed:
        raise _fail(path, key, f"har värdet {value!r}; tillåtna värden är {', '.join(allowed)}")
    return value


def load_lexicons(path: Path, extra: dict[str, dict[str, list[str]]] | None = None,
                  ) -> dict[str, str]:
    """Named term lists; a name may be used as {name} in later lexicons and in rule patterns.
    `extra` adds terms to named lists (the organisation's own words: {"people": {"heads":
    [...], "except": [...]}})."""
    data = _load_yaml(path)
    if not isinstance(data, dict):
        raise RuleError(f"Regelfilen {path} ska vara en mappning från lexikonnamn till termer.")
    for name, added in (extra or {}).items():
        spec = data.get(name)
        if isinstance(spec, dict):
            data[name] = {**spec, **{k: list(spec.get(k) or []) + list(v)
                                     for k, v in added.items() if v}}
    out: dict[str, str] = {}
    for name, spec in data.items():
        if not isinstance(spec, dict) or not (spec.get("lemmas") or spec.get("heads")
                                              or spec.get("patterns")):
            raise _fail(path, str(name), "ska ha 'lemmas', 'heads' eller 'patterns'")
        extra = set(spec) - {"lemmas", "heads", "except", "patterns", "description"}
        if extra:
            raise _fail(path, f"{name}.{min(extra)}", "är inte ett känt fält")
        alts = [token_regex(spec)] if (spec.get("lemmas") or spec.get("heads")) else []
        try:
            alts += [f"(?:{expand(str(p), out)})" for p in spec.get("patterns") or []]
            regex = "(?:" + "|".join(alts) + ")"
            re.compile(regex)
        except TermError as err:
            raise _fail(path, f"{name}.patterns", str(err)) from None
        except re.error as err:
            raise _fail(path, f"{name}.patterns", f"är inte ett giltigt reguljärt uttryck ({err})") from None
        out[str(name)] = regex
    return out


MARKER = re.compile(r"<marker>(.*?)</marker>", re.DOTALL)


def split_example(raw: str) -> tuple[str, str | None]:
    """An example's text without its marker, and the passage the marker encloses: the exact
    text the rule must quote, as in LanguageTool's examples ("berör främst
    <marker>resenärer</marker>")."""
    found = MARKER.search(raw)
    return MARKER.sub(r"\1", raw), (found.group(1) if found else None)


def expand_headings(values, headings: dict[str, list[str]], path: Path, field_name: str) -> list[str]:
    """Heading texts in lower case, with "@name" replaced by the named list of headings in
    criteria.yml (such as "@analysis": where templates put the equality analysis).
    "@attachments" stays as it is: in `skip`, what is attached after the case's signature
    (Document.attachment_start)."""
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise _fail(path, field_name, "ska vara en lista med rubriktexter")
    out = []
    for value in values:
        if value == ATTACHMENTS:  # not headings: what follows the case's signature
            out.append(value)
        elif value.startswith("@"):
            if value[1:] not in headings:
                raise _fail(path, field_name, f"{value} är inte en rubriklista i criteria.yml")
            out.extend(headings[value[1:]])
        else:
            out.append(value.lower())
    return out


def load_rule(path: Path, lexicons: dict[str, str], rules_dir: Path,
              headings: dict[str, list[str]] | None = None) -> Rule:
    data = _load_yaml(path)
    if not isinstance(data, dict):
        raise RuleError(f"Regelfilen {path} ska innehålla en mappning med regelns fält.")
    kind = _choice(data, "kind", tuple(CHECK_KINDS), path)
    check = CHECK_KINDS[kind]
    unknown = set(data) - RULE_KEYS - set(check.PARAMS)
    if unknown:
        raise _fail(path, min(unknown), f"är inte ett känt fält för regler av typen {kind}")
    rule_id = data.get("id", path.stem)
    if rule_id != path.stem:
        raise _fail(path, "id", f"ska vara samma som filnamnet ({path.stem})")
    criterion = _choice(data, "criterion", RULE_CRITERIA, path)
    role = _choice(data, "role", ROLES, path, default="flag")
    grade = data.get("grade", 1 if role == "flag" else None)
    if role == "evidence" and grade not in (2, 3):
        raise _fail(path, "grade", "ska vara 2 eller 3 för en regel med role: evidence")
    if role == "counter" and criterion != "concerns_people":
        raise _fail(path, "role", "counter gäller bara criterion: concerns_people")
    if role == "counter" and grade not in (None, 3):  # 3: outweighs even women and men named
        raise _fail(path, "grade", "ska saknas eller vara 3 för en regel med role: counter")
    if role == "flag" and grade not in (1, 2):
        raise _fail(path, "grade", "ska vara 1 eller 2 för en regel med role: flag")
    level = _choice(data, "level", LEVELS, path, default="info" if role != "flag" else None)
    message = _text(data, "message", path)
    suggestion = _text(data, "suggestion", path, required=role == "flag")
    source = _text(data, "source", path)
    examples = data.get("examples")
    if not isinstance(examples, dict) or not examples.get("flag") or not examples.get("pass"):
        raise _fail(path, "examples", "ska ha både 'flag' och 'pass' med minst ett exempel var")
    for key in ("flag", "pass"):
        if not all(isinstance(e, str) and e.strip() for e in examples[key]):
            raise _fail(path, f"examples.{key}", "ska vara en lista med texter")
        if any(len(MARKER.findall(e)) > (1 if key == "flag" else 0) for e in examples[key]):
            raise _fail(path, f"examples.{key}",
                        "får ha högst en <marker> per flaggande exempel och ingen i passerande")
    sections = data.get("sections") or {}
    if not isinstance(sections, dict) or set(sections) - {"only", "skip"}:
        raise _fail(path, "sections", "ska vara en mappning med 'only' och/eller 'skip'")
    sections = {k: expand_headings(v, headings or {}, path, f"sections.{k}")
                for k, v in sections.items()}
    report = _choice(data, "report", ("every", "first_per_section", "first_per_document", "main_words"),
                     path, default="every")
    params_data = {k: data[k] for k in check.PARAMS if k in data}
    for key in ("headings", "main_in"):
        if key in params_data:
            params_data[key] = expand_headings(params_data[key], headings or {}, path, key)
    try:
        params = check.compile(params_data, lexicons)
    except TermError as err:
        raise RuleError(f"Regelfilen {path}: {err}.") from None
    except KeyError as err:
        raise _fail(path, str(err.args[0]), "saknas") from None
    return Rule(id=rule_id, kind=kind, criterion=criterion, role=role, grade=grade, level=level,
                message=message, suggestion=suggestion, source=source,
                path=str(path.relative_to(rules_dir.parent) if path.is_relative_to(rules_dir.parent)
                         else path),
                examples={"flag": list(examples["flag"]), "pass": list(examples["pass"])},
                params=params, description=_text(data, "description", path, required=False),
                sections=sections, report=report,
                show_in=expand_headings(data["show_in"], headings or {}, path, "show_in")
                if "show_in" in data else [],
                partial_message=_text(data, "partial_message", path, required=False))


def load_criteria(path: Path, extra_headings: dict[str, list[str]] | None = None,
                  ) -> tuple[str, list[Criterion], dict, list[str], dict[str, list[str]]]:
    data = _load_yaml(path)
    if not isinstance(data, dict):
        raise RuleError(f"Regelfilen {path} ska vara en mappning.")
    version = data.get("version")
    if not isinstance(version, (str, int, float)):
        raise _fail(path, "version", "saknas")
    items = data.get("criteria")
    if not isinstance(items, list):
        raise _fail(path, "criteria", "ska vara en lista")
    criteria = []
    for i, item in enumerate(items):
        where = f"criteria[{i}]"
        if not isinstance(item, dict):
            raise _fail(path, where, "ska vara en mappning")
        cid = _choice(item, "id", CRITERIA, path)
        applies = item.get("applies") or []
        if not isinstance(applies, list) or any(a not in APPLIES for a in applies):
            raise _fail(path, f"{cid}.applies", f"ska vara en lista av {', '.join(APPLIES)}")
        rationale = item.get("rationale") or {}
        if set(rationale) != set(STATUSES):
            raise _fail(path, f"{cid}.rationale", f"ska ha texter för {', '.join(STATUSES)}")
        gap = item.get("gap") or {}
        for key in ("level", "message", "suggestion", "source"):
            if not isinstance(gap.get(key), str):
                raise _fail(path, f"{cid}.gap.{key}", "saknas")
        if not isinstance(gap.get("partial", ""), str):
            raise _fail(path, f"{cid}.gap.partial", "ska vara en text")
        noted_gap = gap.get("noted", {})
        if not isinstance(noted_gap, dict) or set(noted_gap) - {"message", "suggestion", "shown"} \
                or not all(isinstance(v, bool if k == "shown" else str) for k, v in noted_gap.items()):
            raise _fail(path, f"{cid}.gap.noted",
                        "ska ha texterna message och suggestion, eller shown: true/false")
        if not isinstance(gap.get("shown", True), bool):
            raise _fail(path, f"{cid}.gap.shown", "ska vara true eller false")
        for key in ("when_any", "unless_any"):
            if not isinstance(gap.get(key, []), list):
                raise _fail(path, f"{cid}.gap.{key}", "ska vara en lista med regel-id")
        enough_good = item.get("enough_good")
        if enough_good is not None and (not isinstance(enough_good, int) or enough_good < 1):
            raise _fail(path, f"{cid}.enough_good", "ska vara ett positivt heltal")
        met_by = item.get("met_by") or []
        if not isinstance(met_by, list) or not all(isinstance(x, str) for x in met_by):
            raise _fail(path, f"{cid}.met_by", "ska vara en lista med regel-id")
        min_passages = item.get("min_passages", 1)
        if not isinstance(min_passages, int) or min_passages < 1:
            raise _fail(path, f"{cid}.min_passages", "ska vara ett positivt heltal")
        noted_max = item.get("noted_max")
        if noted_max is not None and noted_max not in (1, 2):
            raise _fail(path, f"{cid}.noted_max", "ska vara 1 eller 2")
        criteria.append(Criterion(id=cid, title=_text(item, "title", path), applies=applies,
                                  mode=_choice(item, "mode", MODES, path),
                                  rationale=rationale, gap=gap,
                                  technical_suggestion=_text(item, "technical_suggestion", path,
                                                             required=False),
                                  enough_good=enough_good, met_by=tuple(met_by),
                                  min_passages=min_passages, noted_max=noted_max))
    if [c.id for c in criteria] != list(CRITERIA):
        raise _fail(path, "criteria", f"ska innehålla alla sju kriterier i ordningen {', '.join(CRITERIA)}")
    people = data.get("concerns_people")
    if not isinstance(people, dict):
        raise _fail(path, "concerns_people", "saknas")
    for key in ("min_core", "min_body"):
        if not isinstance(people.get(key), int):
            raise _fail(path, f"concerns_people.{key}", "ska vara ett heltal")
    for key in ("subject_counters", "staff"):  # optional
        people.setdefault(key, [])
    for key in ("core_sections", "people_rules", "noted", "subject_counters", "staff"):
        if not isinstance(people.get(key), list):
            raise _fail(path, f"concerns_people.{key}", "ska vara en lista")
    if set(people.get("rationale") or {}) != {"people", "no_people", "no_people_named"}:
        raise _fail(path, "concerns_people.rationale",
                    "ska ha texterna people, no_people och no_people_named")
    headings = data.get("headings") or {}
    if not isinstance(headings, dict):
        raise _fail(path, "headings", "ska vara en mappning från namn till rubriklistor")
    headings = {str(k): expand_headings(v, {}, path, f"headings.{k}") for k, v in headings.items()}
    for name, added in (extra_headings or {}).items():  # the organisation's own headings
        headings[name] = [*headings.get(name, []), *(h.lower() for h in added)]
    people["core_sections"] = [*people["core_sections"],
                               *(h.lower() for h in (extra_headings or {}).get("decision", []))]
    people["decision_sections"] = headings.get("decision", [])
    gap_anchor = expand_headings(data.get("gap_anchor"), headings, path, "gap_anchor")
    return str(version), criteria, people, gap_anchor, headings


def load_ruleset(directory: str | Path | None = None, settings: OrgSettings | None = None,
                 ) -> RuleSet:
    """The rule set in `directory`, built with the organisation's own settings: its headings
    and words extend the rules' lists, and each of its equality goals becomes a rule of its
    own; the settings' label is part of the version."""
    directory = Path(directory) if directory is not None else RULES_DIR
    if not directory.is_dir():
        raise RuleError(f"Regelmappen {directory} finns inte.")
    settings = settings if settings is not None and not settings.empty else None
    lexicons = load_lexicons(directory / "lexicon.yml", settings and {
        "people": {"heads": list(settings.neutral_words),
                   "except": list(settings.not_target_words)}})
    version, criteria, people, gap_anchor, headings = load_criteria(
        directory / "criteria.yml", settings and {
            "analysis": list(settings.analysis_headings),
            "decision": list(settings.decision_headings)})
    files = sorted(p for p in directory.rglob("*.yml")
                   if p.name not in ("lexicon.yml", "criteria.yml"))
    rules = [load_rule(p, lexicons, directory, headings) for p in files]
    if settings is not None:
        rules += goal_rules(settings, lexicons)
    seen: dict[str, str] = {}
    for r in rules:
        if r.id in seen:
            raise RuleError(f"Regel-id {r.id} finns både i {seen[r.id]} och {r.path}.")
        seen[r.id] = r.path
    models, model_files = {}, []
    for name in learned.MODEL_TARGETS:
        path = directory / name / learned.MODEL_FILE
        try:
            model = learned.load(path)
        except learned.ModelError as exc:
            raise RuleError(str(exc)) from None
        if model is not None:
            models[name] = model
            model_files.append(path)
    digest = hashlib.sha256()
    for p in [directory / "lexicon.yml", directory / "criteria.yml", *files, *model_files]:
        digest.update(str(p.relative_to(directory)).encode())
        digest.update(p.read_bytes())
    label = f"+{settings.label}" if settings is not None else ""
    return RuleSet(version=f"{version}+{digest.hexdigest()[:10]}{label}", rules=rules,
                   criteria=criteria, concerns_people=people, gap_anchor=gap_anchor,
                   directory=directory, settings=settings, models=models)


GOAL_RULE_PREFIX = "org-goal-"


def goal_rules(settings: OrgSettings, lexicons: dict[str, str]) -> list[Rule]:
    """One evidence rule per equality goal of the organisation: a sentence that names the
    goal or one of its short forms (matched by lemmas, so inflected forms count) relates the
    proposal to it, unless it is a claim that equality is unaffected."""
    from .language import lemmatize_tokens, pipeline

    rules = []
    for n, goal in enumerate(settings.goals, start=1):
        patterns = []
        for phrase in goal.phrases:
            tokens = [t.text for t in pipeline().make_doc(phrase) if not t.is_space]
            if tokens:
                patterns.append(" ".join(re.escape(x.lower()) for x in lemmatize_tokens(tokens)))
        params = CHECK_KINDS["lexicon"].compile(
            {"match": {"patterns": patterns}, "quote": "sentence",
             "without": [{"patterns": ["{equality_claim}"]}]}, lexicons)
        rules.append(Rule(
            id=f"{GOAL_RULE_PREFIX}{n}", kind="lexicon", criterion="equality_goals",
            role="evidence", grade=3, level="info",
            message=f"Förslaget relateras till organisationens jämställdhetsmål ”{goal.name}”.",
            suggestion="", source="Organisationens egna jämställdhetsmål (inställningar)",
            path=f"inställningar version {settings.version}",
            examples={"flag": [f"Förslaget bidrar till {goal.name}."],
                      "pass": ["Förslaget gäller busstrafiken."]},
            params=params, description=goal.name))
    return rules


@lru_cache(maxsize=4)
def default_ruleset(directory: str | None = None) -> RuleSet:
    """The rule set loaded once per process (per directory)."""
    return load_ruleset(directory)


@lru_cache(maxsize=8)
def ruleset_with(settings: OrgSettings | None) -> RuleSet:
    """The default rule set built with the organisation's settings, once per process and
    settings (settings are frozen values, so equal settings share one rule set)."""
    if settings is None or settings.empty:
        return default_ruleset()
    return load_ruleset(None, settings)
