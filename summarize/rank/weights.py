"""The fitted salience weights (summarize.rank.features): written by eval/fit_rank.py, which
fits them on Multi-News validation and DUC 2004 together. Do not edit by hand; rerun it."""

INTERCEPT = 0.068565
WEIGHTS = {
    "lead": 0.028106,
    "first": -0.031190,
    "late": -0.037197,
    "centrality": 0.705048,
    "article_fit": -0.109509,
    "support": 0.191571,
    "names": 0.011425,
    "furniture": -0.112692,
    "title_case": -0.065779,
    "long": -0.124858,
    "short": 0.678625,
    "quote": 0.117863,
    "after": 0.008152,
}
# Weight of the fitted salience against concept and word coverage (RankSettings).
SALIENCE_WEIGHT = 1.0
