"""The fitted salience weights (summarize.rank.features): written by eval/fit_rank.py, which
fits them on Multi-News validation and DUC 2004 together. Do not edit by hand; rerun it."""

INTERCEPT = 0.055486
WEIGHTS = {
    "lead": 0.058828,
    "first": -0.026944,
    "late": -0.033840,
    "centrality": 0.722952,
    "article_fit": -0.109511,
    "support": 0.202234,
    "names": -0.014601,
    "furniture": -0.078833,
    "title_case": -0.045584,
    "long": -0.102042,
    "short": 0.664216,
    "quote": 0.124707,
    "after": 0.011182,
    "first_article": 0.023286,
    "central_lead": -0.126506,
}
# Weight of the fitted salience against concept and word coverage, and the article
# count beyond which it falls (RankSettings).
SALIENCE_WEIGHT = 2.0
FEW_ARTICLES = 3.0
