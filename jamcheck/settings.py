"""The organisation's own settings (DESIGN §6): its equality goals, the headings under which
its template puts the equality analysis and the decision, and its own target-group words.

A plain value, read from and written to YAML (the CLI's `--settings`, export and import on
the administrator's page) and stored in the database with history. The rule set is built
with them (ruleset.load_ruleset), and their version is part of the rules version every
report records.

```yaml
version: 3                     # set by the database; 0 for a file of one's own
goals:
  - name: Ett jämställt Norrbotten 2024–2030
    terms: [Ett jämställt Norrbotten, regionala jämställdhetsstrategin]
    description: Länsstyrelsens regionala strategi.
headings:
  analysis: [Jämställdhetsanalys]
  decision: [Förslag till beslut]
words:
  neutral: [norrbottning]      # extra neutral target-group words
  not_target: [samverkanspart] # words that are not target groups in its cases
```
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import yaml

from .errors import JamcheckError

MAX_ITEMS = 200
MAX_TEXT = 300


class SettingsError(JamcheckError):
    """The settings are not valid; the message says which field and why, in Swedish."""


@dataclass(frozen=True)
class Goal:
    name: str
    terms: tuple[str, ...] = ()
    description: str = ""

    @property
    def phrases(self) -> tuple[str, ...]:
        """What a draft may write to name the goal: its name and its short forms."""
        return (self.name, *self.terms)


@dataclass(frozen=True)
class OrgSettings:
    version: int = 0
    goals: tuple[Goal, ...] = ()
    analysis_headings: tuple[str, ...] = ()
    decision_headings: tuple[str, ...] = ()
    neutral_words: tuple[str, ...] = ()
    not_target_words: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        return {
            "version": self.version,
            "goals": [{"name": g.name, "terms": list(g.terms), "description": g.description}
                      for g in self.goals],
            "headings": {"analysis": list(self.analysis_headings),
                         "decision": list(self.decision_headings)},
            "words": {"neutral": list(self.neutral_words),
                      "not_target": list(self.not_target_words)},
        }

    def to_yaml(self) -> str:
        return yaml.safe_dump(self.to_dict(), allow_unicode=True, sort_keys=False, width=100)

    @property
    def digest(self) -> str:
        """A short digest of the content (not the version): equal settings, equal digest."""
        content = self.to_dict()
        content.pop("version")
        data = json.dumps(content, ensure_ascii=False, sort_keys=True).encode("utf-8")
        return hashlib.sha256(data).hexdigest()[:8]

    @property
    def label(self) -> str:
        """How the rules version names these settings: "org3-1a2b3c4d"."""
        return f"org{self.version}-{self.digest}"

    @property
    def empty(self) -> bool:
        return not (self.goals or self.analysis_headings or self.decision_headings
                    or self.neutral_words or self.not_target_words)

    @classmethod
    def from_dict(cls, data, version: int | None = None) -> OrgSettings:
        """Validated settings; raises SettingsError naming the field."""
        if data is None:
            data = {}
        if not isinstance(data, dict):
            raise SettingsError("Inställningarna ska vara en mappning med goals, headings och words.")
        unknown = set(data) - {"version", "goals", "headings", "words"}
        if unknown:
            raise SettingsError(f"Fältet '{min(unknown)}' är okänt i inställningarna.")
        goals = []
        raw_goals = data.get("goals") or []
        if not isinstance(raw_goals, list) or len(raw_goals) > MAX_ITEMS:
            raise SettingsError(f"'goals' ska vara en lista med högst {MAX_ITEMS} mål.")
        for n, item in enumerate(raw_goals, start=1):
            if not isinstance(item, dict):
                raise SettingsError(f"Mål {n} ska ha name, terms och description.")
            name = _text(item.get("name"), f"goals[{n}].name", required=True)
            terms = _texts(item.get("terms"), f"goals[{n}].terms")
            description = _text(item.get("description"), f"goals[{n}].description",
                                limit=2000)
            goals.append(Goal(name, terms, description))
        names = [g.name.lower() for g in goals]
        if len(set(names)) != len(names):
            raise SettingsError("Två mål har samma namn.")
        headings = data.get("headings") or {}
        words = data.get("words") or {}
        for value, key in ((headings, "headings"), (words, "words")):
            if not isinstance(value, dict):
                raise SettingsError(f"'{key}' ska vara en mappning.")
        if set(headings) - {"analysis", "decision"}:
            raise SettingsError("'headings' får bara ha analysis och decision.")
        if set(words) - {"neutral", "not_target"}:
            raise SettingsError("'words' får bara ha neutral och not_target.")
        raw_version = data.get("version", 0) if version is None else version
        if not isinstance(raw_version, int) or raw_version < 0:
            raise SettingsError("'version' ska vara ett heltal, 0 eller större.")
        return cls(
            version=raw_version, goals=tuple(goals),
            analysis_headings=_texts(headings.get("analysis"), "headings.analysis"),
            decision_headings=_texts(headings.get("decision"), "headings.decision"),
            neutral_words=_words(words.get("neutral"), "words.neutral"),
            not_target_words=_words(words.get("not_target"), "words.not_target"))

    @classmethod
    def from_yaml(cls, text: str, version: int | None = None) -> OrgSettings:
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as err:
            mark = getattr(err, "problem_mark", None)
            where = f" (rad {mark.line + 1})" if mark is not None else ""
            raise SettingsError(f"Inställningsfilen är inte giltig YAML{where}.") from None
        return cls.from_dict(data, version)

    @classmethod
    def from_file(cls, path: str | Path) -> OrgSettings:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as err:
            raise SettingsError(f"Inställningsfilen {path} kan inte läsas: {err}.") from None
        return cls.from_yaml(text)


def _text(value, where: str, required: bool = False, limit: int = MAX_TEXT) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        raise SettingsError(f"Fältet '{where}' ska vara en text.")
    text = " ".join(str(value).split())
    if required and not text:
        raise SettingsError(f"Fältet '{where}' får inte vara tomt.")
    if len(text) > limit:
        raise SettingsError(f"Fältet '{where}' får vara högst {limit} tecken.")
    if any(ord(ch) < 32 for ch in text):
        raise SettingsError(f"Fältet '{where}' innehåller otillåtna tecken.")
    return text


def _texts(value, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or len(value) > MAX_ITEMS:
        raise SettingsError(f"Fältet '{where}' ska vara en lista med högst {MAX_ITEMS} texter.")
    out = []
    for n, item in enumerate(value, start=1):
        text = _text(item, f"{where}[{n}]")
        if text and text.lower() not in (o.lower() for o in out):
            out.append(text)
    return tuple(out)


def _words(value, where: str) -> tuple[str, ...]:
    """Single words, in lower case: they extend the lexicon by their compound head."""
    words = _texts(value, where)
    for word in words:
        if len(word.split()) != 1 or not any(ch.isalpha() for ch in word):
            raise SettingsError(f"'{word}' i fältet '{where}' ska vara ett ord (utan mellanslag).")
    return tuple(w.lower() for w in words)
