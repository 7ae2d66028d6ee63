"""Fusion throughput: a naive per-event float32 loop against our path, in the same run.

The model has distilbart-cnn-12-6's architecture (d_model 1024, 12 encoder and 6 decoder
layers, 16 heads, FFN 4096, vocabulary 50264) with random weights, so nothing is downloaded;
speed depends on the architecture, not on the weights. Every event's input is packed to about
512 tokens and every output is exactly --output-tokens long (min_length = max_length), with
the distilbart card's other generation settings (4 beams, no-repeat 3-grams).

- naive: what transformers' summarization pipeline did per event (tokenize, generate, decode),
  one event at a time, float32. transformers 5 removed the "summarization" pipeline, so this
  calls model.generate directly; the model is loaded once, before timing.
- ours: summarize.fuse's Fuser (length-sorted batches, packing, the faithfulness guard and
  post-processing included), once per precision: float32, int8 dynamic quantization (CPU
  only; its cost is timed) and bfloat16 (the cast is timed).

Run on a CPU:  .venv/bin/python eval/bench_fuse.py --threads 1      (about 10 minutes)
Run on a GPU:  .venv/bin/python eval/bench_fuse.py --device cuda    (int8 is CPU-only: the
GPU run times float32 and bfloat16 batches of 16 against the per-event float32 loop)
It prints seconds, events/s, generated tokens/s and the ratio to naive for each path; exit 1
when batched int8 (bfloat16 on a GPU) is under --min-ratio. `--tiny` swaps in a 2-layer
model for a smoke test (tests/test_bench_fuse.py).
"""

from __future__ import annotations

import argparse
import copy
import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np


TINY = dict(
    vocab_size=4000, d_model=64, encoder_layers=2, decoder_layers=2, encoder_attention_heads=4,
    decoder_attention_heads=4, encoder_ffn_dim=128, decoder_ffn_dim=128,
    max_position_embeddings=1024, pad_token_id=1, bos_token_id=0, eos_token_id=2,
    decoder_start_token_id=2, forced_eos_token_id=2,
)
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


def position_inputs(events):
    """Each event's input with a stand-in ranking: earlier sentences first."""
    from summarize.records import RankedSentence, Ranking
    from summarize.sentences import split_article
    from summarize.summarizer import EventInput

    inputs = []
    for event in events:
        own = tuple(s for a in event.articles for s in split_article(a))
        ordered = sorted(own, key=lambda s: s.index)
        ranked = tuple(RankedSentence(s, 1.0 / (1 + i)) for i, s in enumerate(ordered))
        inputs.append(EventInput(event, own, Ranking(event.id, ranked, ranked[:3])))
    return inputs


def naive_loop(model, tokenizer, texts, card, device: str = "cpu") -> list[str]:
    """One event at a time, float32: the summarization pipeline's work per call."""
    import torch

    settings = card.generation
    out = []
    for text in texts:
        inputs = tokenizer(
            text, return_tensors="pt", truncation=True, max_length=card.max_input_tokens
        ).to(device)
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
    parser.add_argument("--batch-size", type=int, default=None, help="default: ours per device")
    parser.add_argument("--device", choices=["cpu", "cuda"], default="cpu")
    parser.add_argument("--min-ratio", type=float, default=3.0)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--threads", type=int, default=None, help="torch CPU threads")
    parser.add_argument("--tiny", action="store_true", help="a 2-layer model (smoke test)")
    args = parser.parse_args(argv)

    import torch
    from transformers import BartConfig, BartForConditionalGeneration

    from summarize.fuse.cards import list_cards
    from summarize.fuse.fuser import BATCH_SIZE, Fuser
    from summarize.fuse.generate import Seq2SeqGenerator
    from summarize.fuse.loading import prepare_model
    from summarize.testing.tiny_models import bpe_tokenizer

    if args.device == "cuda" and not torch.cuda.is_available():
        parser.error("--device cuda: torch sees no CUDA device")
    if args.threads:
        torch.set_num_threads(args.threads)
    rng = np.random.default_rng(args.seed)
    torch.manual_seed(args.seed)
    events = synthetic_events(args.events, rng)
    inputs = position_inputs(events)
    shape = TINY if args.tiny else DISTILBART
    tokenizer = bpe_tokenizer(
        [], texts=[a.text for e in events for a in e.articles], vocab_size=shape["vocab_size"],
        model_max_length=shape["max_position_embeddings"],
    )
    model = BartForConditionalGeneration(BartConfig(**shape)).eval()
    base = list_cards()["distilbart-cnn-12-6"]
    fixed = replace(base.generation, min_length=args.output_tokens, max_length=args.output_tokens)
    card = replace(base, max_input_tokens=args.input_tokens, generation=fixed)
    max_words = args.output_tokens  # the fuser's output cap (2 tokens a word) stays above N
    batch_size = args.batch_size or BATCH_SIZE[args.device]
    packer = Fuser("packer", card, Seq2SeqGenerator(model, tokenizer, card))
    texts = [packer.pack(item).text for item in inputs]
    lengths = [len(tokenizer(t)["input_ids"]) for t in texts]
    where = (torch.cuda.get_device_name() if args.device == "cuda"
             else f"CPU, {torch.get_num_threads()} threads")
    print(f"torch {torch.__version__}, {where}; {len(events)} events, input tokens "
          f"{min(lengths)}-{max(lengths)} (mean {np.mean(lengths):.0f}), output "
          f"{args.output_tokens} tokens, {card.generation.num_beams} beams, batch size "
          f"{batch_size}", flush=True)

    def timed(label, work):
        if args.device == "cuda":
            torch.cuda.synchronize()
        start = time.perf_counter()
        work()
        if args.device == "cuda":
            torch.cuda.synchronize()
        results[label] = time.perf_counter() - start
        print(f"{label} done in {results[label]:.1f} s", flush=True)

    results: dict[str, float] = {}
    naive_model = model.to(args.device)
    naive = "naive loop (per event, fp32)"
    timed(naive, lambda: naive_loop(naive_model, tokenizer, texts, card, args.device))
    runs = [("batched fp32", {}), ("batched bf16", {"dtype": "bfloat16"})]
    if args.device == "cpu":
        runs.insert(1, ("batched int8 (ours on a CPU)", {"quantize": True}))
    for label, options in runs:
        fresh = copy.deepcopy(model)  # quantization and casts work in place: one copy each

        def work(fresh=fresh, options=options):
            prepared = prepare_model(fresh, args.device, **options)
            generator = Seq2SeqGenerator(prepared, tokenizer, card, args.device)
            Fuser(label, card, generator, batch_size=batch_size)(inputs, max_words)
        timed(label, work)
        del fresh

    tokens = len(events) * args.output_tokens
    print("\n| path | seconds | events/s | tokens/s | vs naive |\n|---|---|---|---|---|")
    for label, seconds in results.items():
        print(f"| {label} | {seconds:.1f} | {len(events) / seconds:.3f} | "
              f"{tokens / seconds:.1f} | {results[naive] / seconds:.2f}x |")
    headline = runs[1][0] if args.device == "cpu" else "batched bf16"
    ratio = results[naive] / results[headline]
    print(f"\n{headline} / naive: {ratio:.2f}x (required: {args.min_ratio}x)")
    return 0 if ratio >= args.min_ratio else 1


if __name__ == "__main__":
    sys.exit(main())
