"""summarize: multi-document news summarization.

Pipeline: ingest -> clean -> sentences -> group -> rank -> summarize -> render (plus evaluate
and digest); docs/architecture.md is the map. The public API, in pipeline order:

    from summarize import read_corpus, split_corpus, build_events, summarize_events, resolve, render

    corpus = read_corpus(["news/"])
    sentences = split_corpus(corpus.articles)
    events = build_events(corpus.articles, sentences)
    summaries = summarize_events(events, sentences, resolve("extractive"), max_words=100)
    print(render("markdown", events, summaries, corpus.skipped))
"""

__version__ = "0.1.0"

import importlib

# Name -> module: the public API is imported on first use, so `import summarize` (and the
# CLI's --help) stays fast.
_EXPORTS = {
    **dict.fromkeys(
        ("Corpus", "build_events", "event_inputs", "read_corpus", "split_corpus", "summarize_events"),
        "summarize.pipeline",
    ),
    **dict.fromkeys(
        ("Article", "Event", "RankedSentence", "Ranking", "Sentence", "Skipped", "SourceRef",
         "Summary", "SummarySentence"),
        "summarize.records",
    ),
    **dict.fromkeys(("entries", "resolve"), "summarize.registry"),
    **dict.fromkeys(("RENDERERS", "render"), "summarize.render"),
    **dict.fromkeys(("EventInput", "EventSummarizer", "Summarizer", "SummarizerOptions"),
                    "summarize.summarizer"),
}
__all__ = ["__version__", *sorted(_EXPORTS)]


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'summarize' has no attribute {name!r}")
