"""Fixtures for the fusion tests: tiny checkpoints built once per run, no network, and helpers
that turn the seed articles into events and rankings without the grouping and ranking stages.

Import the fixtures into a test module (`from fixtures_models import tiny_models, offline_hub`).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from summarize.testing.tiny_models import BUILDERS
from summarize.testing.invented_text import distinct_news
from summarize.testing.trained_models import RECIPES, train

from summarize.records import Article, Event, RankedSentence, Ranking
from summarize.registry import resolve
from summarize.sentences import split_article
from summarize.summarizer import EventInput, Summarizer, SummarizerOptions

# The two seed events, as ../shared/seeds/EXPECTED.md groups them.
SEED_EVENTS = {
    "A": ("000_a2bd2d2e159aa8bd", "001_ccd537dd00057503"),
    "B": ("002_fccc882e8405e502", "003_534328365c2cefb0", "004_26bfea19f4d2bd91"),
}


@pytest.fixture(scope="session")
def tiny_models(tmp_path_factory) -> dict[str, Path]:
    """{"bart" | "pegasus" | "t5" | "led" | "llama": directory of a tiny saved checkpoint}."""
    import torch

    # Matrices this small run far faster on one thread than with threads synchronizing.
    torch.set_num_threads(1)
    root = tmp_path_factory.mktemp("tiny-models")
    return {family: build(root / f"tiny-{family}") for family, build in BUILDERS.items()}


@pytest.fixture(scope="session")
def trained_models(tmp_path_factory) -> dict[str, Path]:
    """{"bart" | "led" | "pegasus" | "t5": directory of a tiny checkpoint trained on the spot to
    copy the lead (PEGASUS and T5: the first sentence) of its input
    (summarize.testing.trained_models.RECIPES), built once per run.

    SUMMARIZE_TEST_MODELS=DIR keeps them in DIR across runs (trained when missing there)."""
    import os

    import torch

    torch.set_num_threads(1)
    kept = os.environ.get("SUMMARIZE_TEST_MODELS")
    root = Path(kept) if kept else tmp_path_factory.mktemp("trained-models")
    models = {}
    for name in RECIPES:
        models[name] = _trained(root, name)
    return models


@pytest.fixture(scope="session")
def real_text_bart(tmp_path_factory) -> Path:
    """A tiny BART trained on the spot to copy the first sentence of any text, real news
    included (REAL_TEXT), for the tests on real articles; SUMMARIZE_TEST_MODELS as above."""
    import os

    import torch

    torch.set_num_threads(1)
    kept = os.environ.get("SUMMARIZE_TEST_MODELS")
    return _trained(Path(kept) if kept else tmp_path_factory.mktemp("trained-models"), "bart-real-text")


def _trained(root: Path, name: str) -> Path:
    """The checkpoint of recipe `name` under `root`, trained when it is not there yet."""
    directory = root / f"copy-{name}"
    return directory if (directory / "training.json").is_file() else train(name, directory)


def written_events(count: int, seed: int = 7, documents=(2, 3), sentences=(2, 3)) -> list[Event]:
    """`count` events written here (templated news sentences, no two in an event alike),
    never read from ../shared; documents and sentences per document in inclusive ranges."""
    import numpy as np

    rng = np.random.default_rng(seed)
    events = []
    for e in range(count):
        sizes = [int(rng.integers(sentences[0], sentences[1] + 1))
                 for _ in range(int(rng.integers(documents[0], documents[1] + 1)))]
        texts = iter(distinct_news(rng, sum(sizes)))
        docs = [[next(texts) for _ in range(size)] for size in sizes]
        articles = tuple(
            Article(f"e{e}/doc{d}", " ".join(texts), title=f"Report {d} of event {e}")
            for d, texts in enumerate(docs)
        )
        events.append(Event(f"e{e}", f"event {e}", articles))
    return events


@pytest.fixture
def offline_hub(monkeypatch, tmp_path) -> Path:
    """No network for the hub libraries, and an empty hub cache; returns the cache path."""
    cache = tmp_path / "hf-cache"
    cache.mkdir()
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_CACHE", str(cache))
    return cache


@pytest.fixture(scope="session")
def seed_events(seeds_dir) -> list[Event]:
    """The seed articles, cleaned, as their two events."""
    from summarize.pipeline import read_corpus

    articles = {a.id: a for a in read_corpus([str(seeds_dir / "articles")]).articles}
    return [
        Event(name, f"event {name}", tuple(articles[i] for i in ids))
        for name, ids in SEED_EVENTS.items()
    ]


def position_inputs(events: list[Event], selected: int = 3) -> list[EventInput]:
    """Events with a stand-in ranking: earlier sentences first (lead-style), the first
    `selected` chosen."""
    inputs = []
    for event in events:
        own = tuple(s for a in event.articles for s in split_article(a))
        originals = sorted(
            (s for a in event.originals for s in split_article(a)), key=lambda s: s.index
        )
        ranked = tuple(RankedSentence(s, 1.0 / (1 + i)) for i, s in enumerate(originals))
        inputs.append(EventInput(event, own, Ranking(event.id, ranked, ranked[:selected])))
    return inputs


def load(name: str, on_notice=None, **options) -> Summarizer:
    """The summarizer `name` through the registry, with SummarizerOptions(**options)."""
    return resolve(name, SummarizerOptions(**options), on_notice=on_notice)


def fake_hub_cache(cache, hub_id: str, checkpoint) -> None:
    """Lay `checkpoint`'s files out as huggingface_hub's cache holds a downloaded repo."""
    repo = cache / ("models--" + hub_id.replace("/", "--"))
    commit = "0" * 40
    (repo / "refs").mkdir(parents=True)
    (repo / "refs" / "main").write_text(commit)
    shutil.copytree(checkpoint, repo / "snapshots" / commit)
