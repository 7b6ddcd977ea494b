"""The seven criteria's stable ids, in their order (docs/checklist.md). A module without
dependencies, so that the database models and the migrations can name the criteria without
loading the rule set or spaCy."""

CRITERIA = (
    "gendered_target_groups", "sex_disaggregated_statistics", "consequences", "measures",
    "equality_goals", "intersectionality", "motivated_exemption",
)


def total(scores) -> dict:
    """The total of a set of criterion scores (None: not applicable): 100 * sum(score - 1) /
    (2 * applicable criteria), rounded half up; None when nothing applies."""
    scored = [s for s in scores if s is not None]
    if not scored:
        return {"percent": None, "applicable": 0}
    percent = 100 * sum(s - 1 for s in scored) / (2 * len(scored))
    return {"percent": int(percent + 0.5), "applicable": len(scored)}
