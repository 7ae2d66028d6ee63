"""The fitted salience weights (summarize.rank.features): written by eval/fit_rank.py, which
fits them on Multi-News validation and DUC 2004 together. Do not edit by hand; rerun it."""

INTERCEPT = 0.0
WEIGHTS = {
    "lead": 1.0, "first": 0.0, "late": 0.0, "centrality": 1.0, "article_fit": 0.0,
    "support": 1.0, "names": 0.0, "furniture": -1.0, "title_case": 0.0, "long": 0.0,
    "short": 0.0,
}
SALIENCE_WEIGHT = 1.0
