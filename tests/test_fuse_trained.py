"""Fusion with tiny models trained on the spot to copy part of their input
(summarize.testing.trained_models), so that what they write depends on what they read.

BART and LED write the first three sentences of their input, in reading order (article by
article), PEGASUS and T5 the first. Every input here is written by the tests
(fixtures_models.written_events); none is read from ../shared. Each test names the
breakage it is there to catch.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from fixtures_models import (  # noqa: F401 (fixtures)
    load,
    offline_hub,
    position_inputs,
    real_text_bart,
    trained_models,
    written_events,
)

from summarize.fuse.cards import Generation
from summarize.fuse.fuser import Fuser
from summarize.fuse.generate import Seq2SeqGenerator, _global_attention
from summarize.records import SourceRef
from summarize.sentences import split_article
from summarize.testing.trained_models import COPY_FIRST, RECIPES

pytestmark = pytest.mark.usefixtures("offline_hub")

FAMILIES = list(RECIPES)


def copied(event, family: str) -> list[SourceRef]:
    """The source sentences `family`'s trained model copies for `event` (its recipe's task:
    the first sentence, or the first three; every sentence is packed)."""
    documents = [[s.text for s in split_article(a)] for a in event.articles]
    target = RECIPES[family].task.target(documents)
    refs = [SourceRef(a.id, s.index) for a in event.articles for s in split_article(a)]
    count = next(k for k in range(1, len(refs) + 1)
                 if " ".join(text_of(event, r) for r in refs[:k]) == target)
    return refs[:count]


def text_of(event, ref: SourceRef) -> str:
    article = next(a for a in event.articles if a.id == ref.article)
    return split_article(article)[ref.sentence].text


def lead(event, family: str) -> str:
    """What `family`'s trained model writes for `event`."""
    return " ".join(text_of(event, ref) for ref in copied(event, family))


def events_for(family: str, count: int = 6, seed: int = 11):
    """Events of very different lengths (so batches are padded), two articles at least for
    LED."""
    short = written_events(count // 2, seed, documents=(2, 2), sentences=(1, 1))
    long = written_events(count - count // 2, seed + 1, documents=(3, 3), sentences=(2, 2))
    events = [e for pair in zip(long, short) for e in pair]
    return [replace(e, id=f"{family}-{i}") for i, e in enumerate(events)]


def fuser_for(family, trained_models, *, beams=None, batch_size=4, **options) -> Fuser:
    """The trained model loaded by directory, as `--model DIR` loads it; with `beams`, the
    card's generation is replaced by a short one that lets the model stop when it is done."""
    loaded = load(str(trained_models[family]), device="cpu", **options)
    card = loaded.card
    if beams is not None:
        card = replace(card, generation=Generation(beams, 1, 100, 3, 1.0))
    generator = Seq2SeqGenerator(loaded.generator.model, loaded.generator.tokenizer, card)
    return Fuser(loaded.name, card, generator, batch_size=batch_size)


@pytest.mark.parametrize("family", FAMILIES)
def test_each_event_gets_a_copy_of_its_own_sentence(family, trained_models):
    """Breakage caught: outputs handed back to the wrong events (the length sort is undone
    wrongly, a batch is zipped with the wrong events)."""
    events = events_for(family)
    # The card's generation, as `--model DIR` runs it; PEGASUS copies one sentence only, and
    # its card's min_length (32 tokens) would make it write on past the copy.
    beams = 4 if RECIPES[family].task is COPY_FIRST else None
    summaries = fuser_for(family, trained_models, beams=beams)(position_inputs(events), 60)
    assert [s.event_id for s in summaries] == [e.id for e in events]
    for event, summary in zip(events, summaries):
        generated = [s for s in summary.sentences if s.origin == "generated"]
        assert generated and summary.sentences[0] == generated[0], event.id
        refs = copied(event, family)
        for sentence, ref in zip(generated, refs):
            assert sentence.text == text_of(event, ref), event.id
            # Sources are found by aligning the words: the copied sentence, and only it.
            assert sentence.sources == (ref,)
        assert len(summary.text.split()) <= 60


def naive(fuser: Fuser, text: str, beams: int, global_ids=None) -> str:
    """One input through model.generate, no padding, no batching, no cache of ours."""
    import torch

    generator = fuser.generator
    encoded = generator.tokenizer(text, return_tensors="pt")
    if global_ids is not None:
        encoded["global_attention_mask"] = _global_attention(encoded["input_ids"], global_ids)
    with torch.inference_mode():
        output = generator.model.generate(
            **encoded, num_beams=beams, min_length=1, max_length=100, no_repeat_ngram_size=3,
            length_penalty=1.0, early_stopping=beams > 1,
        )
    return " ".join(generator.tokenizer.decode(output[0], skip_special_tokens=True).split())


@pytest.mark.parametrize("beams", [1, 4])
@pytest.mark.parametrize("family", FAMILIES)
def test_batching_changes_no_event_text(family, beams, trained_models):
    """Breakage caught: a broken beam-search cache or padding changes some event's text; the
    attention mask not reaching the encoder (a copying model ignores trailing padding, so
    that is checked inside the model, on the padded batch)."""
    import torch

    events = events_for(family)
    fuser = fuser_for(family, trained_models, beams=beams)
    packed = [fuser.pack(item) for item in position_inputs(events)]
    # The documents' tokens, without the prompt's (some 80 tokens in T5's inputs): short
    # inputs are padded a lot in a batch.
    count, prompt = fuser.generator.count_tokens, fuser.card.prompt
    lengths = sorted(p.tokens - count(prompt.render(documents="", title=e.title))
                     for p, e in zip(packed, events))
    assert lengths[-1] >= 3 * lengths[0]
    masks = []
    hook = fuser.generator.model.get_encoder().register_forward_pre_hook(
        lambda module, args, kwargs: masks.append((kwargs["input_ids"], kwargs.get("attention_mask"))),
        with_kwargs=True,
    )
    try:
        batched = fuser.generate(packed, max_words=50)
    finally:
        hook.remove()
    pad = fuser.generator.tokenizer.pad_token_id
    assert masks and any(bool((ids == pad).any()) for ids, _ in masks)
    for ids, mask in masks:
        assert mask is not None and torch.equal(mask.bool(), ids != pad)
    global_ids = fuser.generator._global_ids if family == "led" else None
    alone = [naive(fuser, p.text, beams, global_ids) for p in packed]
    assert batched == alone
    assert batched == [lead(e, family) for e in events]


def test_led_global_attention_reaches_the_model(trained_models):
    """Breakage caught: the separators' global attention built but not handed to the model
    (or handed over wrong): the mask the LED encoder receives is checked inside the model,
    for a padded batch."""
    import torch

    events = events_for("led")
    fuser = fuser_for("led", trained_models, beams=1)
    [separator] = fuser.generator._global_ids
    assert fuser.card.global_attention == "separators"
    seen = []

    def spy(module, args, kwargs):
        seen.append((kwargs["input_ids"], kwargs.get("global_attention_mask")))

    encoder = fuser.generator.model.get_encoder()
    hook = encoder.register_forward_pre_hook(spy, with_kwargs=True)
    try:
        texts = fuser.generate([fuser.pack(i) for i in position_inputs(events)], max_words=50)
    finally:
        hook.remove()
    assert texts == [lead(e, "led") for e in events]
    assert len(seen) == -(-len(events) // fuser.batch_size)  # one encoder pass per batch
    for ids, mask in seen:
        assert mask is not None
        expected = (ids == separator).long()
        expected[:, 0] = 1
        assert torch.equal(mask.long(), expected)
        assert bool(((ids == separator).sum(dim=1) >= 1).all())  # every input has two articles+


@pytest.mark.parametrize("options", [{"quantize": True}, {"dtype": "bfloat16"}])
@pytest.mark.parametrize("family", FAMILIES)
def test_int8_and_bfloat16_keep_a_sure_models_text(family, options, trained_models):
    """Breakage caught: int8 or bf16 preparation that changes what a confident model writes
    (quantizing the wrong layers, casting the wrong way, losing the weights)."""
    events = events_for(family)
    inputs = position_inputs(events)
    fp32 = fuser_for(family, trained_models, beams=1)(inputs, 60)
    other = fuser_for(family, trained_models, beams=1, **options)(inputs, 60)
    assert [s.text for s in other] == [s.text for s in fp32]
    assert [s.text for s in fp32] == [lead(e, family) for e in events]
    assert all(s.origin == "generated" for summary in other for s in summary.sentences)


def test_the_budget_holds_with_generated_sentences(trained_models):
    """Breakage caught: the word budget not enforced after generation (the card's min_length
    makes the model write on past its copy, well over the budget)."""
    events = events_for("bart")
    summaries = fuser_for("bart", trained_models)(position_inputs(events), 20)
    for summary in summaries:
        assert sum(len(s.text.split()) for s in summary.sentences) <= 20
        assert summary.sentences[0].origin == "generated"
    over = [s for s in summaries if any("over the 20-word budget" in n for n in s.notes)]
    assert len(over) >= len(events) // 2


def test_the_notes_count_what_the_guard_kept_replaced_and_dropped(trained_models):
    import re

    summaries = fuser_for("bart", trained_models)(position_inputs(events_for("bart")), 60)
    for summary in summaries:
        [count] = [n for n in summary.notes if " kept, " in n]
        found = re.fullmatch(
            r"faithfulness: of (\d+) generated sentences?, (\d+) kept, (\d+) replaced, "
            r"(\d+) dropped", count,
        )
        assert found, count
        total, kept, replaced, dropped = map(int, found.groups())
        assert kept + replaced + dropped == total and kept >= 1
        # Repeats and the budget may drop more afterwards, never add any.
        assert sum(s.origin == "generated" for s in summary.sentences) <= kept
        assert sum(s.origin == "replaced" for s in summary.sentences) <= replaced


@pytest.mark.skipif("not __import__('torch').cuda.is_available()", reason="no CUDA device")
@pytest.mark.parametrize("dtype", ["float32", "bfloat16"])
def test_cuda_path_writes_what_the_cpu_writes(dtype, trained_models):
    events = events_for("bart")
    cpu = fuser_for("bart", trained_models, beams=1)(position_inputs(events), 60)
    loaded = load(str(trained_models["bart"]), device="cuda", dtype=dtype)
    assert loaded.generator.device == "cuda"
    assert {p.device.type for p in loaded.generator.model.parameters()} == {"cuda"}
    card = replace(loaded.card, generation=Generation(1, 1, 100, 3, 1.0))
    generator = Seq2SeqGenerator(loaded.generator.model, loaded.generator.tokenizer, card, "cuda")
    gpu = Fuser(loaded.name, card, generator, batch_size=16)(position_inputs(events), 60)
    assert [s.text for s in gpu] == [s.text for s in cpu]


def run_json(args) -> dict:
    import json

    from click.testing import CliRunner

    from summarize.cli import cli

    result = CliRunner().invoke(cli, ["run", *args, "--device", "cpu", "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_cli_run_keeps_generated_sentences_from_written_articles(trained_models, tmp_path):
    """`summarize run --model DIR` with the copy-trained BART on articles written here: the
    model's sentences reach the JSON as "generated", with their own source sentence."""
    [event] = written_events(1, seed=5, documents=(2, 2), sentences=(3, 3))
    for article in event.articles:
        (tmp_path / f"{article.id.replace('/', '-')}.txt").write_text(article.text + "\n")
    texts = {
        (a.id.replace("/", "-"), s.index): s.text for a in event.articles for s in split_article(a)
    }
    output = run_json([str(tmp_path), "--one-event", "--model", str(trained_models["bart"]),
                       "--max-words", "60"])
    [summary] = output["events"]
    assert summary["method"] == "copy-bart"
    assert len(summary["summary"].split()) <= 60
    generated = [s for s in summary["sentences"] if s["origin"] == "generated"]
    assert len(generated) >= 2
    for sentence in summary["sentences"]:
        assert sentence["sources"], sentence
    for sentence in generated:
        [source] = sentence["sources"]
        assert texts[source["article"], source["sentence"]] == sentence["text"]


def test_cli_run_on_the_seeds_keeps_a_generated_sentence_per_event(seeds_dir, real_text_bart):
    """The copy-trained BART for real text (REAL_TEXT) copies each seed event's first packed
    sentence, and the guard keeps it as generated."""
    output = run_json([str(seeds_dir / "articles"), "--model", str(real_text_bart),
                       "--max-words", "100"])
    from summarize.pipeline import read_corpus

    words = {a.id: set(a.text.split()) for a in read_corpus([str(seeds_dir / "articles")]).articles}
    assert len(output["events"]) == 2
    for event in output["events"]:
        assert len(event["summary"].split()) <= 100
        assert all(s["sources"] for s in event["sentences"])
        own = set().union(*(words[a] for a in event["articles"]))
        generated = [s for s in event["sentences"] if s["origin"] == "generated"]
        assert any(set(s["text"].split()) <= own for s in generated), event["notes"]


@pytest.mark.parametrize("command", ["run", "eval", "digest"])
def test_every_summarizing_command_has_the_shared_model_options(command):
    """--model, --device, --quantize and --dtype come from cli/common.model_options on every
    command that summarizes, with the same choices."""
    import click

    from summarize.cli import cli
    from summarize.summarizer import DEVICES, DTYPES

    params = {p.name: p for p in cli.get_command(click.Context(cli), command).params}
    assert {"device", "quantize", "dtype"} <= set(params)
    assert "model" in params or "models" in params
    assert list(params["device"].type.choices) == list(DEVICES)
    assert list(params["dtype"].type.choices) == list(DTYPES)
    assert params["quantize"].is_flag
    assert isinstance(params["device"], click.Option)
