"""The fitted salience weights (summarize.rank.features): written by eval/fit_rank.py, which
fits them on Multi-News validation and DUC 2004 together. Do not edit by hand; rerun it."""

INTERCEPT = 0.060374
WEIGHTS = {
    "lead": 0.051027,
    "first": -0.025510,
    "late": -0.036550,
    "centrality": 0.703160,
    "article_fit": -0.104537,
    "support": 0.193976,
    "names": 0.011238,
    "furniture": -0.124626,
    "title_case": -0.062256,
    "long": -0.125175,
    "short": 0.656219,
    "quote": 0.114493,
    "after": 0.008123,
    "first_article": 0.026140,
    "central_lead": -0.101749,
}
# Weight of the fitted salience against concept and word coverage, and the article
# count beyond which it falls (RankSettings).
SALIENCE_WEIGHT = 3.0
FEW_ARTICLES = 3.0
