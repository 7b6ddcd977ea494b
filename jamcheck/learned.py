"""Small learned models kept as data beside the rules, where the rules alone judge worst.

The rules decide first (scoring). A model only weighs what they saw, with the case's own
words, where they leave room. There is one: `concerns_people`, where the rules have no
decisive signal (women and men described in substance; a list of motions in the title),
decides whether the case concerns people, from each concerns_people rule's hits by grade and
place, the other criteria's hits by rule and grade, the rules' decision, whether the case
only notes a report, and the content words of the title, of the parts that state the
subject and (unless the case only notes a report) of the rest, each part on its own.

(Session 17 added a second, for `measures`: whether what the rules scored 2, a vague
intention, is a real measure. Session 18 removed it: on held-out batches it changed one
judgement in three batches, in cross-validation it gained about five texts of 395 once the
rules read follow-ups of a difference, and it raised "Förvaltningen ska verka för att ...",
the checklist's very example of a vague intention, to 3.)

On the blind set's held-out batches since it was adopted (22-152, each run once before it
was trained on them) the concerns_people model put 248 more drafts right than it put wrong
(-2, +3, +1, -2, +2, +2, +3, +1, +4, +1, +3, +1, +1, -1, 0, +2, +1, +2, +3, 0, 0, -1, +2,
+2, +2, 0, +4, +5, +2, +3, 0, +1, +1, 0, +1, +2, +6, +1, +4, 0, +4, +2, +3, 0, +3, 0, -1,
+3, +3, +3, +4, +3, +1, +2, +2, +1, +3, 0, +5, +2, +2, +2, 0, +1, +2, +2, +2, 0, +5, +1, +4,
0, +5, +3, +2, +3, 0, +5, +1, -1, +3, +3, +5, -1, +4, +2, +5, +7, +4, -2, +3, +1, -1, +2,
+4, +2, +2, +1, +2, +6, +4, -1, +2, +1, +3, +2, +2, 0, +2, 0, -1, 0, +3, -3, +4, +2, +3, +3,
+2, +3, -1, +5, 0, +4, 0, +1, +3, 0, +4, +1, +6; batches 71-75 with the model trained on
1-70, 76 and 77 with the one trained on 1-75, 78-81 with the one trained on 1-77, 82-84 with
the one trained on 1-81, 85-88 with the one trained on 1-84, 89 and 90 with the one trained
on 1-88, 91 and 92 with the one trained on 1-90, 93-96 with the one trained on 1-92, 97-100
with the one trained on 1-96, 101-104 with the one trained on 1-100, 105-108 with the one
trained on 1-104, 109-112 with the one trained on 1-108, 113-116 with the one trained on
1-112, 117-120 with the one trained on 1-116, 121-124 with the one trained on 1-120, 125-128
with the one trained on 1-124, 129-132 with the one trained on 1-128, 133-136 with the one
trained on 1-132, 137-140 with the one trained on 1-136, 141-144 with the one trained on
1-140, 145-148 with the one trained on 1-144, 149-152 with the one trained on 1-148); in
cross-validation on batches 1-148 and the real drafts and excerpts (6,231 texts) it agrees
with the readers on 91.2 % against the rules' 87.1 % (eval/blind/split.yml keeps each
measurement).

It is a logistic regression trained by `eval/train_models.py` on texts that two
independent readers labelled, stored as plain weights in `rules/<criterion>/model.json`: no
learning library is needed to use it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from spacy.lang.sv.stop_words import STOP_WORDS

MODEL_FILE = "model.json"  # in the folder of the criterion it judges
MODEL_TARGETS = ("concerns_people",)  # what a model may judge (scoring asks for no other)
PEOPLE_PARTS = ("title", "core", "body")  # the parts whose words are weighed, each on its own


class ModelError(ValueError):
    """A model file that cannot be used (a Swedish message naming the file)."""


@dataclass(frozen=True)
class LinearModel:
    classes: tuple  # what it decides between: (False, True)
    intercepts: tuple[float, ...]  # one: the decision of two classes is one row
    weights: dict[str, tuple[float, ...]]
    trained_on: str  # what it was trained on, said in the file

    def decide(self, features: dict[str, float]):
        """The class the model gives these features."""
        z = self.intercepts[0] + sum(self.weights[k][0] * v for k, v in features.items()
                                     if k in self.weights)
        return self.classes[1] if z > 0 else self.classes[0]


def content_word(lemma: str) -> bool:
    """A lemma that can say what a case is about: a word of letters, not a function word."""
    return len(lemma) > 2 and lemma.isalpha() and lemma not in STOP_WORDS


def hit_feature(criterion: str, rule_id: str, grade: int | None, place: str = "") -> str:
    """The feature for a rule's hit: its criterion, rule and grade (and for concerns_people
    its place: title, core, body; the other criteria's hits count wherever they are)."""
    return f"{criterion}:{rule_id}:{grade}" + (f":{place}" if place else "")


def word_feature(part: str, lemma: str) -> str:
    return f"{part}:{lemma}"


def load(path: Path) -> LinearModel | None:
    """The model in `path`, or None when there is none."""
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        classes = tuple(data["classes"])
        intercepts = tuple(float(b) for b in data["intercepts"])
        weights = {str(k): tuple(float(w) for w in v) for k, v in data["weights"].items()}
        trained_on = str(data.get("trained_on", ""))
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ModelError(f"{path}: modellfilen kan inte läsas ({exc}).") from None
    if len(classes) != 2 or len(intercepts) != 1 or any(len(w) != 1 for w in weights.values()):
        raise ModelError(f"{path}: modellfilen har fel antal klasser eller vikter.")
    return LinearModel(classes, intercepts, weights, trained_on)
