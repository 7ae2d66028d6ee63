"""Tiny seq2seq checkpoints that learn a task on the spot, so their output depends on their input.

The random-weight models of `tiny_models` write the same junk whatever they read, so tests
built on them cannot tell whether the right input reached the model. These are trained for a
few hundred steps (about 25 s each on one CPU thread) to copy the first three sentences of
their input (in reading order): BART and LED (LED with a 4-token local window,
global attention on `<doc-sep>` as PRIMERA). Copying by position is found quickly because the
decoder's positions start equal to the encoder's and cross-attention starts as the identity
(`_copy_init`); from a plain random start it takes about 500 steps at batch 32.

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

from summarize.testing.tiny_models import bpe_tokenizer, unigram_tokenizer

SUBJECTS = [
    "The city council", "Rescue teams", "The health ministry", "Local officials", "The company",
    "Police", "Farmers", "The weather service", "Union leaders", "The mayor", "Engineers",
    "Teachers", "The central bank", "Fire crews", "Scientists", "Voters", "The airline",
]
VERBS = [
    "approved", "rejected", "announced", "delayed", "opened", "closed", "reported", "praised",
    "criticized", "expanded", "repaired", "inspected", "funded", "suspended", "restored",
]
OBJECTS = [
    "a new budget", "the old bridge", "two shelters", "the main road", "a trade deal",
    "the harbour", "a vaccine plan", "the power plant", "a school program", "the rail line",
    "a water project", "the border crossing", "three hospitals", "the housing plan",
]
PLACES = [
    "Lisbon", "Nairobi", "Osaka", "Quito", "Tallinn", "Denver", "Accra", "Hanoi", "Bergen",
    "Cork", "Perth", "Tunis", "Lyon", "Porto", "Dakar", "Seville",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
TAILS = [
    "after a long debate", "despite heavy rain", "before the election", "amid protests",
    "with support from residents", "after an inquiry", "ahead of the summit",
    "during a storm", "for the first time",
]
SYLLABLES = ["ka", "lo", "mi", "ten", "ra", "vo", "sun", "de", "pa", "li", "ro", "ne", "tor",
             "bi", "ul", "sa", "gre", "hu", "an", "ex"]


def news_sentence(rng: np.random.Generator) -> str:
    """A templated news sentence: subject, verb, object, place, day, and sometimes a number."""
    parts = [rng.choice(SUBJECTS), rng.choice(VERBS), rng.choice(OBJECTS),
             "in", rng.choice(PLACES), "on", rng.choice(DAYS)]
    if rng.random() < 0.5:
        parts.append(str(rng.choice(TAILS)))
    if rng.random() < 0.4:
        parts += ["with", str(int(rng.integers(2, 900))), "staff"]
    return " ".join(str(p) for p in parts) + "."


def distinct_news(rng: np.random.Generator, count: int) -> list[str]:
    """`count` templated sentences that share no subject, verb, object, place or tail, so that
    copying them all never repeats a 3-gram (the cards' no_repeat_ngram_size); past 14
    sentences (the shortest word list) the words come round again."""
    picks = {name: rng.permutation(len(words)) for name, words in
             (("s", SUBJECTS), ("v", VERBS), ("o", OBJECTS), ("p", PLACES), ("t", TAILS))}
    out = []
    for k in range(count):
        def pick(name, words):
            return words[picks[name][k % len(words)]]

        parts = [pick("s", SUBJECTS), pick("v", VERBS), pick("o", OBJECTS), "in",
                 pick("p", PLACES), "on", str(rng.choice(DAYS))]
        if k < len(TAILS) and rng.random() < 0.5:
            parts.append(pick("t", TAILS))
        if rng.random() < 0.4:
            parts += ["with", str(int(rng.integers(2, 900))), "staff"]
        out.append(" ".join(parts) + ".")
    return out


def pseudo_sentence(rng: np.random.Generator) -> str:
    """A sentence of pseudo-words (some capitalized, some numbers), for copying unseen tokens."""
    words = []
    for _ in range(int(rng.integers(5, 13))):
        if rng.random() < 0.1:
            words.append(str(int(rng.integers(1, 2000))))
            continue
        word = "".join(rng.choice(SYLLABLES, size=int(rng.integers(1, 4))))
        words.append(word.capitalize() if rng.random() < 0.25 else word)
    words[0] = words[0].capitalize()
    return " ".join(words) + "."


def sentence(rng: np.random.Generator) -> str:
    return news_sentence(rng) if rng.random() < 0.7 else pseudo_sentence(rng)


def synthetic_documents(
    rng: np.random.Generator, documents: tuple[int, int] = (1, 3), sentences: tuple[int, int] = (1, 4),
    write: Callable[[np.random.Generator], str] = sentence,
) -> list[list[str]]:
    """Documents (lists of sentences by `write`), their counts drawn from the inclusive ranges
    given."""
    return [
        [write(rng) for _ in range(int(rng.integers(sentences[0], sentences[1] + 1)))]
        for _ in range(int(rng.integers(documents[0], documents[1] + 1)))
    ]


@dataclass(frozen=True)
class Task:
    """What a model is trained to write for a list of documents."""

    name: str
    documents: tuple[int, int]
    sentences: tuple[int, int]
    target: Callable[[list[list[str]]], str]


def first_sentence(documents: list[list[str]]) -> str:
    return documents[0][0]


def lead(documents: list[list[str]], count: int = 3) -> str:
    """The first `count` sentences, in reading order (documents in order)."""
    return " ".join([s for d in documents for s in d][:count])


def second_document_first_sentence(documents: list[list[str]]) -> str:
    return documents[1][0]


COPY_FIRST = Task("copy the first sentence", (1, 2), (1, 2), first_sentence)
# Three sentences, about a card's min_length (56 tokens), so that a model held back from
# stopping goes on copying instead of writing junk.
COPY_LEAD = Task("copy the first three sentences", (1, 3), (1, 2), lead)
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


# The families whose copy is learnt in 300 steps (measured: 0.9-0.97 exact copies of held-out
# inputs). T5 (no absolute positions: copying must be found by content) and PEGASUS (fixed
# sinusoidal positions) stayed far from copying at 300-500 steps; their builders are kept
# (`train(..., recipe=UNTESTED["t5"])`) for whoever makes them learn.
RECIPES = {
    "bart": Recipe("bart", COPY_LEAD, 300),
    "led": Recipe("led", COPY_LEAD, 300),
}
UNTESTED = {
    "t5": Recipe("t5", COPY_FIRST, 600),
    "pegasus": Recipe("pegasus", COPY_FIRST, 300),
}
DIM = 64
MAX_POSITIONS = 512
LED_WINDOW = 4
BATCH = 16
VOCAB = 1000
LAYERS = 1


def tokenizer_corpus(family: str, seed: int = 1, size: int = 400) -> list[str]:
    """What the tokenizer is trained on: sentences like the training inputs, with the card's
    prompt and separator."""
    rng = np.random.default_rng(seed)
    texts = [sentence(rng) for _ in range(size)]
    return [*texts, *SUBJECTS, *VERBS, *OBJECTS, *PLACES, render(family, [texts[:2], texts[2:4]])]


@lru_cache(maxsize=None)
def family_card(family: str):
    """The card the loader derives for an uncarded checkpoint of `family` (prompt, separator)."""
    from summarize.fuse.cards import list_cards

    return next(c for c in list_cards().values() if c.family == family)


def render(family: str, documents: Sequence[Sequence[str]]) -> str:
    """The model input for `documents`, as the fuser packs it for this family."""
    card = family_card(family)
    return card.prompt.render(documents=card.document_separator.join(" ".join(d) for d in documents))


def _model_and_tokenizer(family: str, seed: int):
    import torch
    import transformers as tf

    corpus = tokenizer_corpus(family)
    torch.manual_seed(seed)
    common = dict(d_model=DIM, encoder_layers=LAYERS, decoder_layers=LAYERS, encoder_attention_heads=4,
                  decoder_attention_heads=4, encoder_ffn_dim=2 * DIM, decoder_ffn_dim=2 * DIM,
                  dropout=0.0, attention_dropout=0.0)
    if family == "bart":
        tokenizer = bpe_tokenizer([], texts=corpus, model_max_length=MAX_POSITIONS, vocab_size=VOCAB)
        config = tf.BartConfig(
            vocab_size=len(tokenizer), max_position_embeddings=MAX_POSITIONS, pad_token_id=1,
            bos_token_id=0, eos_token_id=2, decoder_start_token_id=2, forced_eos_token_id=2,
            **common,
        )
        return tf.BartForConditionalGeneration(config), tokenizer
    if family == "led":
        tokenizer = bpe_tokenizer(
            ["<doc-sep>"], texts=corpus, model_max_length=MAX_POSITIONS, vocab_size=VOCAB
        )
        config = tf.LEDConfig(
            vocab_size=len(tokenizer), max_encoder_position_embeddings=MAX_POSITIONS,
            max_decoder_position_embeddings=MAX_POSITIONS, attention_window=[LED_WINDOW] * LAYERS,
            pad_token_id=1, bos_token_id=0, eos_token_id=2, decoder_start_token_id=2, **common,
        )
        return tf.LEDForConditionalGeneration(config), tokenizer
    tokenizer = unigram_tokenizer(texts=corpus, model_max_length=MAX_POSITIONS)
    if family == "t5":
        config = tf.T5Config(
            vocab_size=len(tokenizer), d_model=DIM, d_kv=16, d_ff=2 * DIM, num_layers=2,
            num_decoder_layers=2, num_heads=4, pad_token_id=0, eos_token_id=1,
            decoder_start_token_id=0, dropout_rate=0.0,
        )
        return tf.T5ForConditionalGeneration(config), tokenizer
    config = tf.PegasusConfig(
        vocab_size=len(tokenizer), max_position_embeddings=MAX_POSITIONS, pad_token_id=0,
        eos_token_id=1, decoder_start_token_id=0, forced_eos_token_id=1, scale_embedding=False,
        **common,
    )
    return tf.PegasusForConditionalGeneration(config), tokenizer


def batches(recipe: Recipe, tokenizer, rng: np.random.Generator):
    """Endless training batches: (inputs, labels), rendered as the fuser renders them."""
    task = recipe.task
    while True:
        examples = [synthetic_documents(rng, task.documents, task.sentences) for _ in range(BATCH)]
        inputs = tokenizer([render(recipe.family, d) for d in examples], return_tensors="pt",
                           padding=True, pad_to_multiple_of=LED_WINDOW)
        labels = tokenizer([task.target(d) for d in examples], return_tensors="pt", padding=True)
        ids = labels["input_ids"]
        ids[labels["attention_mask"] == 0] = -100
        yield inputs, ids


def train(
    family: str, directory: Path, *, steps: int | None = None, seed: int = 0,
    recipe: Recipe | None = None,
) -> Path:
    """Train `family`'s tiny model on its task and save it to `directory`; returns it.

    `directory/training.json` records the task, steps, final loss and seconds taken.
    """
    import torch

    from summarize.fuse.generate import _global_attention

    recipe = recipe or RECIPES[family]
    steps = recipe.steps if steps is None else steps
    start = time.perf_counter()
    model, tokenizer = _model_and_tokenizer(family, seed)
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
    """Start the model close to copying by position, so that a few hundred steps suffice
    (from a plain random start the copy is found only after about 500 steps at batch 32).

    The decoder's learned positions start equal to the encoder's, and every cross-attention
    layer starts with identity query, key, value and output maps, so decoding position t
    attends to the encoder positions like it. Training then takes it from there. T5 has no
    absolute positions: its cross-attention starts as identity too (attending to the same
    token), and the rest is learnt.
    """
    import torch

    encoder, decoder = model.get_encoder(), model.get_decoder()
    with torch.no_grad():
        ours = getattr(encoder, "embed_positions", None)
        theirs = getattr(decoder, "embed_positions", None)
        if isinstance(ours, torch.nn.Embedding) and isinstance(theirs, torch.nn.Embedding):
            rows = min(ours.weight.shape[0], theirs.weight.shape[0])
            theirs.weight[:rows] = ours.weight[:rows]
        for layer in _cross_attentions(decoder):
            for projection in layer:
                if projection.weight.shape[0] == projection.weight.shape[1]:
                    projection.weight.copy_(torch.eye(projection.weight.shape[0]))


def _cross_attentions(decoder):
    if hasattr(decoder, "block"):  # T5
        for block in decoder.block:
            attention = block.layer[1].EncDecAttention
            yield attention.q, attention.k, attention.v, attention.o
        return
    for layer in decoder.layers:
        attention = layer.encoder_attn
        yield attention.q_proj, attention.k_proj, attention.v_proj, attention.out_proj
