"""Not-an-article precision on the Multi-News development set: which pages
`summarize.articles.not_an_article` skips, and how many of them a reader judged to hold no
article (the judgements below were made by reading each skipped page after cleaning).

Precision = skipped pages judged not an article / skipped pages. Real articles kept =
1 - (skipped pages judged real articles) / (pages - pages judged not an article). A skipped
page with no judgement is listed, so a change of the rule cannot go unreviewed.

    .venv/bin/python eval/articles_check.py [../shared/data/multinews-val/docs]
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

DEFAULT_DOCS = Path(__file__).resolve().parents[2] / "shared" / "data" / "multinews-val" / "docs"

# Pages read and judged to hold no news article (archive/crawl notices, social widgets,
# video-player and sign-in chrome, collection blurbs, lyrics or tweets without prose).
JUDGED_NOT_ARTICLE = frozenset(
    "000/1 010/1 012/1 015/1 016/2 021/5 021/6 036/2 037/1 037/2 043/0 048/1 055/1 066/0 "
    "071/1 075/2 077/1 084/1 086/4 087/1 088/6 091/1 091/2 091/3 092/3 092/5 097/1 097/2 "
    "098/1 099/0 101/1 113/0 140/0 140/2 148/1 154/2 155/0 164/1 168/0 170/1 175/1 183/1 "
    "194/1 199/0 206/0 206/1 208/2 208/3 214/1 221/0 222/2 229/3".split()
)
# Pages that are real articles (short once cleaned) although they were once skipped.
JUDGED_ARTICLE = frozenset({"088/1"})


def page_key(article_id: str) -> str:
    """"mn-val-088/1" -> "088/1"."""
    return article_id.removeprefix("mn-val-")


def check(docs: Path) -> dict:
    from summarize.articles import not_an_article
    from summarize.clean import clean_article
    from summarize.ingest import read_paths

    pages, skipped = 0, {}
    for article in read_paths([str(docs)]):
        pages += 1
        why = not_an_article(clean_article(article), article.text)
        if why:
            skipped[page_key(article.id)] = why
    right = [k for k in skipped if k in JUDGED_NOT_ARTICLE]
    wrong = [k for k in skipped if k in JUDGED_ARTICLE]
    unjudged = [k for k in skipped if k not in JUDGED_NOT_ARTICLE | JUDGED_ARTICLE]
    real = pages - len(JUDGED_NOT_ARTICLE)
    return {
        "pages": pages, "skipped": skipped, "right": right, "wrong": wrong, "unjudged": unjudged,
        "precision": len(right) / len(skipped) if skipped else 1.0,
        "real_kept": 1 - len(wrong) / real,
    }


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    docs = Path(args[0]) if args else DEFAULT_DOCS
    if not docs.is_dir():
        print(f"no Multi-News docs directory at {docs}", file=sys.stderr)
        return 2
    r = check(docs)
    for key, why in sorted(r["skipped"].items()):
        mark = "ok" if key in r["right"] else ("WRONG" if key in r["wrong"] else "unjudged")
        print(f"{mark:8} {key}  {why}")
    print(f"{r['pages']} pages, {len(r['skipped'])} skipped as not an article: "
          f"precision {r['precision']:.3f} ({len(r['wrong'])} real articles skipped, "
          f"{len(r['unjudged'])} unjudged); real articles kept {r['real_kept']:.1%}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    sys.exit(main())
