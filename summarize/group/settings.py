"""The grouping's parameters, with the values used by default."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class GroupSettings:
    """Tunable parameters of the grouping (the defaults were chosen on DUC 2004, Multi-News,
    the seeds and the bench stream by eval/fit_similarity.py, see eval/GROUPING.md)."""

    threshold: float = 0.14  # linkage similarity to merge (lone articles, splinters: to a centroid)
    idf_power: float = 2.5  # unigram IDF raised to this power in the similarity
    bigram_weight: float = 1.0  # similarity = unigram cosine + this x content-bigram cosine
    names_weight: float = 0.15  # ... + this x cosine of rarity-weighted names and numbers
    neighbours: int = 10  # candidate neighbours per article
    near_copy: float = 0.5  # shingle containment that makes a pair near-copies
    shingle_words: int = 5
    max_gap_days: float = 2.0  # published dates further apart are different times
    distinct: float = 0.40  # background cosine below which differing times and names split
    shared_names: float = 0.45  # groups of 2+ naming less of each other's recurring names split
    linkage: str = "weighted"  # "weighted" (WPGMA) or "average" (UPGMA) inside each block
    splinter: int = 4  # clusters of 2..this many originals may join a larger one (step 7; 0: off)
    max_block: int = 3000  # largest block clustered at once (memory is quadratic in it)

    def __post_init__(self) -> None:
        if not 0.0 < self.threshold <= 1.0:
            raise ValueError(f"threshold must be in (0, 1], got {self.threshold}")
        if not 0.0 < self.near_copy <= 1.0:
            raise ValueError(f"near_copy must be in (0, 1], got {self.near_copy}")
        if self.neighbours < 1 or self.shingle_words < 1 or self.max_block < 2:
            raise ValueError("neighbours and shingle_words must be >= 1, max_block >= 2")
        if min(self.idf_power, self.bigram_weight, self.names_weight) < 0:
            raise ValueError("idf_power, bigram_weight and names_weight must be >= 0")
        if self.linkage not in ("average", "weighted"):
            raise ValueError(f"linkage must be 'average' or 'weighted', got {self.linkage!r}")
        if self.splinter < 0:
            raise ValueError(f"splinter must be >= 0, got {self.splinter}")
        if self.max_gap_days < 0:
            raise ValueError(f"max_gap_days must be >= 0, got {self.max_gap_days}")


DEFAULT = GroupSettings()
