"""Tiny seq2seq checkpoints that learn a task on the spot, so their output depends on their input.

The random-weight models of `tiny_models` write the same junk whatever they read, so tests
built on them cannot tell whether the right input reached the model. These are trained for a
few hundred steps (about 25-60 s each on one CPU thread) to copy part of their input: BART
and LED (LED with a 4-token local window, global attention on `<doc-sep>` as PRIMERA) the
first three sentences in reading order, PEGASUS and T5 the first sentence.
Copying by position is found quickly because the decoder's positions start equal to the
encoder's and cross-attention starts as the identity (`_copy_init`); from a plain random
start it takes about 500 steps at batch 32. T5 has no absolute positions and starts as an
induction head, which copies by content (`_induction_init`).

Inputs are rendered exactly as the fuser renders them (the family's card: prompt template
and document separator), from synthetic news-like sentences built here from word lists, or
from pseudo-words, so that copying is learnt for any token and not only for the templates.
Each checkpoint is saved with `save_pretrained` and loads like a downloaded one.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from summarize.testing.invented_text import (
    OBJECTS,
    PLACES,
    SUBJECTS,
    VERBS,
    sentence,
    synthetic_documents,
    wide_sentence,
)
from summarize.testing.tiny_models import bpe_tokenizer, unigram_tokenizer

def templated(tokenizer) -> list[Callable[[np.random.Generator], str]]:
    """The writer of templated and pseudo-word sentences (`sentence`), for any tokenizer."""
    return [sentence]


@dataclass(frozen=True)
class Task:
    """What a model is trained to write for a list of documents."""

    name: str
    documents: tuple[int, int]
    sentences: tuple[int, int]
    target: Callable[[list[list[str]]], str]
    # The sentence writers, made for the model's tokenizer; each example draws one.
    writers: Callable[..., list[Callable[[np.random.Generator], str]]] = templated
    # What the tokenizer is trained on: 400 sentences by each.
    corpus: tuple[Callable[[np.random.Generator], str], ...] = (sentence,)


def first_sentence(documents: list[list[str]]) -> str:
    return documents[0][0]


def lead(documents: list[list[str]], count: int = 3) -> str:
    """The first `count` sentences, in reading order (documents in order)."""
    return " ".join([s for d in documents for s in d][:count])


def second_document_first_sentence(documents: list[list[str]]) -> str:
    return documents[1][0]


def any_text(tokenizer) -> list[Callable[[np.random.Generator], str]]:
    """Writers of templated, wide (up to 45 words) and vocabulary sentences.

    A vocabulary sentence strings random pieces of the tokenizer's vocabulary together, so
    that every token is trained, rare pieces of real words included: without them the copy
    of real news broke on pieces the invented words seldom make. Each example keeps to one
    writer, so that short templated examples still show where three sentences end.
    """
    specials = set(tokenizer.all_special_tokens)
    pieces = sorted(t for t in tokenizer.get_vocab() if t not in specials)

    def vocabulary_sentence(rng: np.random.Generator) -> str:
        chosen = [str(p) for p in rng.choice(pieces, size=int(rng.integers(8, 60)))]
        text = tokenizer.convert_tokens_to_string(chosen).strip()
        return text[:1].upper() + text[1:] + "."

    return [sentence, wide_sentence, vocabulary_sentence]


COPY_FIRST = Task("copy the first sentence", (1, 2), (1, 2), first_sentence)
# Three sentences, about a card's min_length (56 tokens), so that a model held back from
# stopping goes on copying instead of writing junk.
COPY_LEAD = Task("copy the first three sentences", (1, 3), (1, 2), lead)
# The first sentence, of any kind: up to 45 words (wide_sentence), as long as real news
# sentences and longer in tokens, so that the copy holds on real text.
COPY_FIRST_WIDE = Task("copy the first sentence, any text", (1, 3), (1, 3), first_sentence,
                       any_text, (sentence, wide_sentence))
COPY_SECOND_DOCUMENT = Task(
    "copy the first sentence of the second document", (2, 3), (2, 3),
    second_document_first_sentence,
)


@dataclass(frozen=True)
class Recipe:
    """How one family's trained checkpoint is built."""

    family: str
    task: Task
    steps: int
    lr: float = 3e-3
    heads: int = 4
    positions: int = 512


# BART and LED learn the lead copy in 300 steps (measured: 0.9-0.97 exact copies of held-out
# inputs). PEGASUS (fixed sinusoidal positions) did not learn it with four heads in 300-500
# steps, nor the lead copy with one head; with one head it copies the first sentence (20 of 20
# held-out inputs exact at 600 steps, 31 s; 16 of 20 at 300; 100 of 100 with the deterministic
# unigram tokenizer). T5 (no absolute positions) did not learn to copy from `_copy_init` in
# 300-600 steps; started as an induction head (`_induction_init`; 3 heads, so matching the 3
# tokens before) it copies the first sentence: 97, 95, 99, 97 and 99 of 100 held-out inputs
# exact (seeds 0-4; 300 steps, 31-54 s on a shared 2-core machine), and all five pass the T5
# tests. Its misses are inputs where two sentences share the 3 tokens before the one to copy
# (held-out inputs draw words with repeats; the tests' events share none). Before the stop
# channel and the gain in the encoder's norm, it copied 94 of 100 and failed the int8 test (int8
# of cross-attention's 10x output layer and of the learnt decoder queries moved the end token's
# margin by up to 10 logits); with queries and keys kept at zero but the stop learnt, 92 of 100
# (sentences run on); with the end token's stop at 10, the tied output layer's largest weight,
# int8 coarsened it and seed 4 failed the int8 test. Earlier (before the tokenizer was
# deterministic): lr 3e-3 87-91 of 100, 1e-2 diverged; 2 tokens of context 3 of 20, the start
# token's embedding left random 5 of 20; 4 heads 18 of 20 in 93 s; many-sentence inputs (2-3
# documents) 74-87 of 100; a twice sharper match 91-94 of 100.
RECIPES = {
    "bart": Recipe("bart", COPY_LEAD, 300),
    "led": Recipe("led", COPY_LEAD, 300),
    "pegasus": Recipe("pegasus", COPY_FIRST, 600, heads=1),
    "t5": Recipe("t5", COPY_FIRST, 300, lr=3e-4, heads=3),
}
# For real news (the seeds test of `summarize run`): a BART that copies the first sentence of
# any text, trained on templated, wide and vocabulary sentences (`any_text`) with one head and
# 256 positions (with four heads, or without vocabulary sentences, letter errors remained).
# Measured: 300 steps, 57 s on a loaded 2-core machine, final loss 0.08; both seed events'
# first packed sentences copied exactly (at 200 steps too, but at loss 0.30). Copying three
# wide sentences (450 steps, 94 s) copied the seeds as well but stopped after three templated
# sentences less surely, failing the lead tests above; hence a model of its own.
REAL_TEXT = {
    "bart-real-text": Recipe("bart", COPY_FIRST_WIDE, 300, heads=1, positions=256),
}
DIM = 64
LED_WINDOW = 4
BATCH = 16
VOCAB = 1000
LAYERS = 1
T5_SLOT = 24  # T5's width is made of slots (`_induction_init`)
LABEL_LIMIT = 160  # target tokens: past the longest first sentence of real news


def tokenizer_corpus(recipe: Recipe, seed: int = 1, size: int = 400) -> list[str]:
    """What the tokenizer is trained on: sentences like the training inputs, with the card's
    prompt and separator."""
    rng = np.random.default_rng(seed)
    texts = [write(rng) for write in recipe.task.corpus for _ in range(size)]
    return [*texts, *SUBJECTS, *VERBS, *OBJECTS, *PLACES,
            render(recipe.family, [texts[:2], texts[2:4]])]


@lru_cache(maxsize=None)
def family_card(family: str):
    """The card the loader derives for an uncarded checkpoint of `family` (prompt, separator)."""
    from summarize.fuse.cards import list_cards

    return next(c for c in list_cards().values() if c.family == family)


def render(family: str, documents: Sequence[Sequence[str]]) -> str:
    """The model input for `documents`, as the fuser packs it for this family."""
    card = family_card(family)
    return card.prompt.render(documents=card.document_separator.join(" ".join(d) for d in documents))


def _model_and_tokenizer(recipe: Recipe, seed: int):
    import torch
    import transformers as tf

    family, positions, heads = recipe.family, recipe.positions, recipe.heads
    corpus = tokenizer_corpus(recipe)
    torch.manual_seed(seed)
    common = dict(d_model=DIM, encoder_layers=LAYERS, decoder_layers=LAYERS, encoder_attention_heads=heads,
                  decoder_attention_heads=heads, encoder_ffn_dim=2 * DIM, decoder_ffn_dim=2 * DIM,
                  dropout=0.0, attention_dropout=0.0)
    if family == "bart":
        tokenizer = bpe_tokenizer([], texts=corpus, model_max_length=positions, vocab_size=VOCAB)
        config = tf.BartConfig(
            vocab_size=len(tokenizer), max_position_embeddings=positions, pad_token_id=1,
            bos_token_id=0, eos_token_id=2, decoder_start_token_id=2, forced_eos_token_id=2,
            **common,
        )
        return tf.BartForConditionalGeneration(config), tokenizer
    if family == "led":
        tokenizer = bpe_tokenizer(
            ["<doc-sep>"], texts=corpus, model_max_length=positions, vocab_size=VOCAB
        )
        config = tf.LEDConfig(
            vocab_size=len(tokenizer), max_encoder_position_embeddings=positions,
            max_decoder_position_embeddings=positions, attention_window=[LED_WINDOW] * LAYERS,
            pad_token_id=1, bos_token_id=0, eos_token_id=2, decoder_start_token_id=2, **common,
        )
        return tf.LEDForConditionalGeneration(config), tokenizer
    tokenizer = unigram_tokenizer(texts=corpus, model_max_length=positions)
    if family == "t5":
        # Slots of T5_SLOT for `_induction_init`: one per head and one for the token; and the
        # sentence-end channel.
        config = tf.T5Config(
            vocab_size=len(tokenizer), d_model=(1 + heads) * T5_SLOT + 1, d_kv=heads * T5_SLOT,
            d_ff=2 * DIM, num_layers=LAYERS, num_decoder_layers=LAYERS, num_heads=heads,
            pad_token_id=0, eos_token_id=1, decoder_start_token_id=0, dropout_rate=0.0,
        )
        return tf.T5ForConditionalGeneration(config), tokenizer
    config = tf.PegasusConfig(
        vocab_size=len(tokenizer), max_position_embeddings=positions, pad_token_id=0,
        eos_token_id=1, decoder_start_token_id=0, forced_eos_token_id=1, scale_embedding=False,
        **common,
    )
    return tf.PegasusForConditionalGeneration(config), tokenizer


def batches(recipe: Recipe, tokenizer, rng: np.random.Generator):
    """Endless training batches: (inputs, labels), rendered as the fuser renders them."""
    task = recipe.task
    writers = task.writers(tokenizer)
    while True:
        examples = [
            synthetic_documents(rng, task.documents, task.sentences, writers[rng.integers(len(writers))])
            for _ in range(BATCH)
        ]
        inputs = tokenizer([render(recipe.family, d) for d in examples], return_tensors="pt",
                           padding=True, pad_to_multiple_of=LED_WINDOW, truncation=True)
        labels = tokenizer([task.target(d) for d in examples], return_tensors="pt", padding=True)
        # Long targets are cut without their end token: the model learns to copy on, not to stop.
        ids = labels["input_ids"][:, :LABEL_LIMIT].contiguous()
        ids[labels["attention_mask"][:, :LABEL_LIMIT] == 0] = -100
        yield inputs, ids


def train(
    name: str, directory: Path, *, steps: int | None = None, seed: int = 0,
    recipe: Recipe | None = None,
) -> Path:
    """Train the tiny model of recipe `name` (RECIPES, REAL_TEXT) on its task, or of `recipe`,
    and save it to `directory`; returns it.

    `directory/training.json` records the task, steps, final loss and seconds taken.
    """
    import torch

    from summarize.fuse.generate import _global_attention

    recipe = recipe or {**RECIPES, **REAL_TEXT}[name]
    family = recipe.family
    steps = recipe.steps if steps is None else steps
    start = time.perf_counter()
    model, tokenizer = _model_and_tokenizer(recipe, seed)
    if family == "t5":
        ends = [i for piece, i in tokenizer.get_vocab().items() if piece.endswith(".")]
        _induction_init(model, _lead_in(family, tokenizer), ends)
    else:
        _copy_init(model)
    model.train()
    optimizer = torch.optim.AdamW(model.parameters(), lr=recipe.lr, weight_decay=0.0)
    schedule = torch.optim.lr_scheduler.OneCycleLR(
        optimizer, max_lr=recipe.lr, total_steps=steps, pct_start=0.1
    )
    separator = [tokenizer.convert_tokens_to_ids("<doc-sep>")] if family == "led" else []
    losses = []
    data = batches(recipe, tokenizer, np.random.default_rng(seed))
    for _ in range(steps):
        inputs, labels = next(data)
        if family == "led":
            inputs["global_attention_mask"] = _global_attention(inputs["input_ids"], separator)
        loss = model(**inputs, labels=labels).loss
        optimizer.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        schedule.step()
        losses.append(loss.item())
    model.eval()
    directory.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(directory)
    tokenizer.save_pretrained(directory)
    record = {"family": family, "task": recipe.task.name, "steps": steps,
              "final_loss": float(np.mean(losses[-20:])),
              "seconds": round(time.perf_counter() - start, 2)}
    (directory / "training.json").write_text(json.dumps(record, indent=1))
    return directory



def _copy_init(model) -> None:
    """Start the model close to copying, so that a few hundred steps suffice (from a plain
    random start the copy is found only after about 500 steps at batch 32).

    The decoder's learned positions start equal to the encoder's, and every cross-attention
    layer starts with identity query, key, value and output maps, so decoding position t
    attends to the encoder positions like it. Training then takes it from there. (T5 has no
    absolute positions: it starts as an induction head instead, `_induction_init`.)
    """
    import torch

    encoder, decoder = model.get_encoder(), model.get_decoder()
    with torch.no_grad():
        ours = getattr(encoder, "embed_positions", None)
        theirs = getattr(decoder, "embed_positions", None)
        if isinstance(ours, torch.nn.Embedding) and isinstance(theirs, torch.nn.Embedding):
            rows = min(ours.weight.shape[0], theirs.weight.shape[0])
            theirs.weight[:rows] = ours.weight[:rows]
        for layer in decoder.layers:
            attention = layer.encoder_attn
            for projection in (attention.q_proj, attention.k_proj, attention.v_proj,
                               attention.out_proj):
                if projection.weight.shape[0] == projection.weight.shape[1]:
                    projection.weight.copy_(torch.eye(projection.weight.shape[0]))


def _lead_in(family: str, tokenizer) -> list[int]:
    """The token ids that precede the documents in `family`'s rendered input (the prompt)."""
    document = tokenizer("Rain fell.")["input_ids"]
    rendered = tokenizer(render(family, [["Rain fell."]]))["input_ids"]
    if rendered[-len(document):] != document:
        raise ValueError("the prompt changes how the document is tokenized")
    return rendered[:-len(document)]


def _induction_init(
    model, lead_in: Sequence[int], sentence_ends: Sequence[int], bias: float = 15.0,
    sharpness: float = 1.0, gain: float = 10.0, sure: float = 3.0, stop: float = 4.0,
    stop_gain: float = 500.0,
) -> None:
    """Start a 1+1-layer T5 copying by content, as an induction head does: with no absolute
    positions, decoding step t finds what to copy by the tokens written before it.

    With n heads the model matches the n tokens before the one to copy (the farthest two as a
    bag). The width is n + 1 slots of T5_SLOT and one channel; token embeddings fill the first
    slot. Encoder head h attends (by relative position bias alone: self-attention's queries
    and keys start, and so stay, zero) to the token h + 1 back, the last head also to the one
    before, and writes it into slot h + 1; decoder head h writes its input token h + 1 back
    (and so on) into slot h + 2; near the start, heads fall back on the farthest token there
    is. Cross-attention's first head matches the decoder's last tokens with the encoder's
    previous ones, and adds the token found there, `gain` times, to the first slot, which the
    tied output layer reads, scaled by the final norm's `sure`. `gain` is the encoder's final
    norm (queries scaled down to match), not a linear layer's, so that int8 keeps the small
    weights learnt beside it. The last channel stops the copy after one sentence: it is 1 in
    the embeddings of `sentence_ends` (pieces ending in "."), `stop` in the end token's, and
    the decoder's final norm scales it by `stop_gain`, so that after a sentence's last piece
    the end token wins (learnt instead, the stop leant on decoder queries that int8 upset).
    Other heads and the feed-forward layers start silent. The decoder's start token stands
    for the last n tokens of `lead_in` (the prompt): its embedding starts as their sum, so
    that the first steps find the first sentence and not another that starts alike.
    """
    import torch

    width, context = T5_SLOT, model.config.num_heads
    eye = torch.eye(width)

    def slot(k):
        return slice(k * width, (k + 1) * width)

    encoder = model.encoder.block[0].layer[0].SelfAttention
    decoder = model.decoder.block[0].layer[0].SelfAttention
    cross = model.decoder.block[0].layer[1].EncDecAttention

    def look_back(attention, heads):
        """Head h of `attention` reads back as above and writes into slot `target`."""
        table = attention.relative_attention_bias.weight  # (buckets, heads)
        table.zero_()
        attention.q.weight.zero_()
        attention.k.weight.zero_()
        for h, target in heads:
            for back in range(1, h + (3 if h == heads[-1][0] else 2)):
                bucket = attention._relative_position_bucket(
                    torch.tensor(-back), bidirectional=not attention.is_decoder,
                    num_buckets=attention.relative_attention_num_buckets,
                    max_distance=attention.relative_attention_max_distance,
                )
                table[bucket, h] = bias * min(back, h + 1) / (h + 1)
            rows = slice(h * model.config.d_kv, h * model.config.d_kv + width)
            attention.v.weight[rows] = 0
            attention.v.weight[rows, slot(0)] = eye
            attention.o.weight[slot(target), rows] = eye

    with torch.no_grad():
        model.shared.weight[:, width:] = 0
        start = model.shared.weight[model.config.decoder_start_token_id]
        start.copy_(model.shared.weight[list(lead_in[-context:])].sum(dim=0))
        model.shared.weight[list(sentence_ends), -1] = 1.0
        model.shared.weight[model.config.eos_token_id, -1] = stop
        for attention in (encoder, decoder, cross):
            attention.o.weight.zero_()
        look_back(encoder, [(h, h + 1) for h in range(context)])
        look_back(decoder, [(h, h + 2) for h in range(context - 1)])
        for projection in (cross.q, cross.k, cross.v):
            projection.weight[:model.config.d_kv] = 0
        for part in range(context):
            cross.q.weight[slot(part), slot(part + 1 if part else 0)] = sharpness / gain * eye
            cross.k.weight[slot(part), slot(part + 1)] = eye
        cross.v.weight[slot(0), slot(0)] = eye
        cross.o.weight[slot(0), slot(0)] = eye
        model.encoder.final_layer_norm.weight.fill_(gain)
        for block in (*model.encoder.block, *model.decoder.block):
            block.layer[-1].DenseReluDense.wo.weight.zero_()
        model.decoder.final_layer_norm.weight.fill_(sure)
        model.decoder.final_layer_norm.weight[-1] = stop_gain
