"""Fusion throughput on a CPU: a naive per-event loop against our path, in the same run.

The model has distilbart-cnn-12-6's architecture (d_model 1024, 12 encoder and 6 decoder
layers, 16 heads, FFN 4096, vocabulary 50264) with random weights, so nothing is downloaded;
speed depends on the architecture, not on the weights. Every event's input is packed to about
512 tokens and every output is exactly --output-tokens long (min_length = max_length), with
the distilbart card's other generation settings (4 beams, no-repeat 3-grams).

- naive: what transformers' summarization pipeline did per event (tokenize, generate, decode),
  one event at a time, float32. transformers 5 removed the "summarization" pipeline, so this
  calls model.generate directly; the model is loaded once, before timing.
- ours: summarize.fuse's Fuser: length-sorted batches, int8 dynamic quantization (its cost is
  timed), packing, the faithfulness guard and post-processing included.
- batched float32 (--fp32-batched): our path without quantization, to split the gain.

Run:  .venv/bin/python eval/bench_fuse.py --threads 1    (about 6 minutes)
It prints events/second for each and the ratio; exit 1 when ours is under --min-ratio.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np


DISTILBART = dict(
    vocab_size=50264, d_model=1024, encoder_layers=12, decoder_layers=6,
    encoder_attention_heads=16, decoder_attention_heads=16, encoder_ffn_dim=4096,
    decoder_ffn_dim=4096, max_position_embeddings=1024,
    pad_token_id=1, bos_token_id=0, eos_token_id=2, decoder_start_token_id=2,
    forced_eos_token_id=2,
)


def synthetic_events(count: int, rng: np.random.Generator):
    """`count` events of three articles each, made of pseudo-words (lengths vary)."""
    from summarize.records import Article, Event

    syllables = ["ka", "lo", "mi", "ten", "ra", "vo", "sun", "de", "pa", "li", "ro", "ne"]
    words = ["".join(rng.choice(syllables, size=rng.integers(1, 4))) for _ in range(400)]

    def sentence() -> str:
        chosen = rng.choice(words, size=rng.integers(10, 26))
        return " ".join(chosen).capitalize() + "."

    events = []
    for e in range(count):
        articles = tuple(
            Article(f"e{e}/a{a}", " ".join(sentence() for _ in range(rng.integers(6, 14))))
            for a in range(3)
        )
        events.append(Event(f"e{e}", f"event {e}", articles))
    return events


def naive_loop(model, tokenizer, texts, card) -> list[str]:
    """One event at a time, float32: the summarization pipeline's work per call."""
    import torch

    settings = card.generation
    out = []
    for text in texts:
        inputs = tokenizer(
            text, return_tensors="pt", truncation=True, max_length=card.max_input_tokens
        )
        with torch.inference_mode():
            ids = model.generate(
                **inputs, num_beams=settings.num_beams, min_length=settings.min_length,
                max_length=settings.max_length, no_repeat_ngram_size=settings.no_repeat_ngram_size,
                length_penalty=settings.length_penalty, early_stopping=settings.num_beams > 1,
            )
        out.append(tokenizer.decode(ids[0], skip_special_tokens=True))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=16)
    parser.add_argument("--input-tokens", type=int, default=512)
    parser.add_argument("--output-tokens", type=int, default=60)
    parser.add_argument("--batch-size", type=int, default=None, help="default: ours on a CPU")
    parser.add_argument("--fp32-batched", action="store_true", help="also time batching alone")
    parser.add_argument("--min-ratio", type=float, default=3.0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--threads", type=int, default=None, help="torch CPU threads")
    args = parser.parse_args(argv)

    import torch
    from fixtures_models import position_rankings
    from summarize.testing.tiny_models import bpe_tokenizer
    from transformers import BartConfig, BartForConditionalGeneration

    from summarize.fuse.cards import list_cards
    from summarize.fuse.fuser import BATCH_SIZE, Fuser
    from summarize.fuse.generate import Seq2SeqGenerator
    from summarize.fuse.loading import prepare_model

    if args.threads:
        torch.set_num_threads(args.threads)
    rng = np.random.default_rng(args.seed)
    torch.manual_seed(args.seed)
    events = synthetic_events(args.events, rng)
    rankings = position_rankings(events)
    tokenizer = bpe_tokenizer(
        [], texts=[a.text for e in events for a in e.articles], vocab_size=4000,
        model_max_length=DISTILBART["max_position_embeddings"],
    )
    model = BartForConditionalGeneration(BartConfig(**DISTILBART)).eval()
    base = list_cards()["distilbart-cnn-12-6"]
    fixed = replace(base.generation, min_length=args.output_tokens, max_length=args.output_tokens)
    card = replace(base, max_input_tokens=args.input_tokens, generation=fixed)
    max_words = args.output_tokens  # the fuser's output cap (2 tokens a word) stays above N
    packer = Fuser("packer", card, Seq2SeqGenerator(model, tokenizer, card))
    texts = [packer.pack(e, r).text for e, r in zip(events, rankings)]
    lengths = [len(tokenizer(t)["input_ids"]) for t in texts]
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads; {len(events)} events, "
          f"input tokens {min(lengths)}-{max(lengths)} (mean {np.mean(lengths):.0f}), "
          f"output {args.output_tokens} tokens, {card.generation.num_beams} beams, "
          f"batch size {args.batch_size or BATCH_SIZE['cpu']}", flush=True)

    results = {}
    start = time.perf_counter()
    naive_loop(model, tokenizer, texts, card)
    results["naive loop (per event, fp32)"] = time.perf_counter() - start
    print(f"naive done in {results['naive loop (per event, fp32)']:.1f} s", flush=True)

    runs = [("ours (batched + int8, quantization timed)", True)]
    if args.fp32_batched:
        runs.insert(0, ("batched fp32", False))
    for label, quantize in runs:
        start = time.perf_counter()
        prepared = prepare_model(model, "cpu", quantize=quantize)
        fuser = Fuser(
            label, card, Seq2SeqGenerator(prepared, tokenizer, card),
            batch_size=args.batch_size or BATCH_SIZE["cpu"],
        )
        fuser(events, rankings, max_words)
        results[label] = time.perf_counter() - start
        print(f"{label} done in {results[label]:.1f} s", flush=True)

    naive_rate = len(events) / results["naive loop (per event, fp32)"]
    print("\n| path | seconds | events/s | vs naive |\n|---|---|---|---|")
    for label, seconds in results.items():
        rate = len(events) / seconds
        print(f"| {label} | {seconds:.1f} | {rate:.3f} | {rate / naive_rate:.2f}x |")
    ratio = results["naive loop (per event, fp32)"] / results[runs[-1][0]]
    print(f"\nours / naive: {ratio:.2f}x (required: {args.min_ratio}x)")
    return 0 if ratio >= args.min_ratio else 1


if __name__ == "__main__":
    sys.exit(main())
