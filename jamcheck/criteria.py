"""The seven criteria's stable ids, in their order (docs/checklist.md). A module without
dependencies, so that the database models and the migrations can name the criteria without
loading the rule set or spaCy."""

CRITERIA = (
    "gendered_target_groups", "sex_disaggregated_statistics", "consequences", "measures",
    "equality_goals", "intersectionality", "motivated_exemption",
)
