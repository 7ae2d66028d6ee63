"""Stream mode's profile match (summarize.digest.profiles), measured on events cut in two
nights: each event's articles in date order (then id), the first half sent on night one,
the rest arriving on night two, when none of night one's articles is among the inputs any
more. Every event's first half is a stored profile (single-article events too, as
distractors); each second half is matched against all of them. Precision: of the second
halves that joined a sent event, the share that joined their own; recall: the share of
second halves that joined their own.

    .venv/bin/python eval/stream_profiles.py [--multinews DIR] [--duc DIR]
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared" / "data"
GRID = (0.08, 0.10, 0.12, 0.14, 0.16, 0.20, 0.25, 0.30)


def nights(docs: Path):
    """(stored profiles by event number, night-two profiles by folder, the event number of
    each folder) of the dataset's folders."""
    from summarize.digest.profiles import EventProfile, article_profile
    from summarize.pipeline import read_corpus

    by_event = defaultdict(list)
    for article in read_corpus([str(docs)]).articles:
        by_event[article.id.split("/", 1)[0]].append(article)
    stored, tonight, owner = {}, {}, {}
    for k, (name, articles) in enumerate(sorted(by_event.items())):
        articles.sort(key=lambda a: (a.published is None, a.published or 0, a.id))
        half = (len(articles) + 1) // 2
        stored[k] = EventProfile.of(article_profile(a) for a in articles[:half])
        if len(articles) >= 2:
            tonight[name] = EventProfile.of(article_profile(a) for a in articles[half:])
            owner[name] = k
    return stored, tonight, owner


def main() -> int:
    from summarize.digest.profiles import MATCH, continued

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--multinews", type=Path, default=SHARED / "multinews-val" / "docs")
    parser.add_argument("--duc", type=Path, default=SHARED / "duc2004" / "docs")
    args = parser.parse_args()
    for label, docs in (("Multi-News val", args.multinews), ("DUC 2004", args.duc)):
        stored, tonight, owner = nights(docs)
        print(f"{label}: {len(stored)} sent events, {len(tonight)} continued on night two")
        for match in sorted({*GRID, MATCH}):
            found = continued(tonight, stored, match=match)
            right = sum(found[name] == owner[name] for name in found)
            precision = right / len(found) if found else 1.0
            mark = "  <- MATCH" if match == MATCH else ""
            print(f"  match {match:.2f}: joined {len(found):3d}, precision {precision:.3f}, "
                  f"recall {right / len(tonight):.3f}{mark}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
