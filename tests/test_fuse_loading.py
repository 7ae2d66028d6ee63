"""Resolving and loading models: cards, hub ids, directories, the offline error, CPU options."""

from __future__ import annotations

import json

import pytest
from fixtures_models import (  # noqa: F401 (fixtures)
    fake_hub_cache,
    load,
    offline_hub,
    position_inputs,
    tiny_models,
    written_events,
)

from summarize.fuse import ModelUnavailable
from summarize.fuse.fuser import Fuser
from summarize.fuse.loading import is_cached, load_model, resolve
from summarize.summarizer import SummarizerOptions

load_summarizer = load

pytestmark = pytest.mark.usefixtures("offline_hub")


def test_resolve_card_hub_id_and_directory(tiny_models):
    by_name = resolve("bart-large-cnn")
    assert (by_name.name, by_name.source, by_name.local_dir) == (
        "bart-large-cnn", "facebook/bart-large-cnn", False
    )
    assert resolve("facebook/bart-large-cnn") == by_name
    other = resolve("google/pegasus-xsum")
    assert (other.name, other.source, other.card) == ("google/pegasus-xsum",) * 2 + (None,)
    local = resolve(str(tiny_models["t5"]))
    assert (local.name, local.local_dir, local.card) == ("tiny-t5", True, None)
    with pytest.raises(ModelUnavailable, match="no such directory"):
        resolve("./models/missing-dir")


def test_offline_hub_id_not_cached_is_one_clear_paragraph(monkeypatch):
    import socket

    def no_network(*args, **kwargs):
        raise AssertionError("the network was used")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    with pytest.raises(ModelUnavailable) as error:
        load_summarizer("sshleifer/distilbart-cnn-12-6")
    message = str(error.value)
    assert "\n" not in message
    assert message.startswith(
        "cannot load model distilbart-cnn-12-6 (sshleifer/distilbart-cnn-12-6): it is not in "
        "the local Hugging Face cache and downloads are off (HF_HUB_OFFLINE is set)."
    )
    for hint in ("`hf download sshleifer/distilbart-cnn-12-6`", "--model /path/to/dir"):
        assert hint in message
    assert error.value.reason == "not cached and HF_HUB_OFFLINE is set"


def test_directory_that_is_not_a_checkpoint(tmp_path):
    with pytest.raises(ModelUnavailable, match=r"cannot load model from directory .*save_pretr"):
        load_summarizer(str(tmp_path))
    (tmp_path / "config.json").write_text(json.dumps({"model_type": "gpt2"}))
    with pytest.raises(ModelUnavailable, match="type 'gpt2' is not a supported"):
        load_summarizer(str(tmp_path))


def test_a_cached_hub_checkpoint_loads_without_network(offline_hub, tiny_models):
    assert not is_cached("sshleifer/distilbart-cnn-12-6")
    fake_hub_cache(offline_hub, "sshleifer/distilbart-cnn-12-6", tiny_models["bart"])
    assert is_cached("sshleifer/distilbart-cnn-12-6")
    notices = []
    summarizer = load_summarizer("auto", device="cpu", on_notice=notices.append)
    assert isinstance(summarizer, Fuser)
    assert (summarizer.name, notices) == ("distilbart-cnn-12-6", [])
    # The card's settings apply, its input budget capped by the checkpoint's 256 positions.
    assert summarizer.card.document_separator == " "
    assert summarizer.card.max_input_tokens == 256


@pytest.fixture
def extractive():
    """The extractive summarizer's module (another stage; skipped until it exists)."""
    return pytest.importorskip("summarize.extractive")


@pytest.mark.usefixtures("extractive")
def test_auto_without_cached_weights_is_extractive_with_a_notice():
    notices = []
    summarizer = load_summarizer("auto", on_notice=notices.append)
    assert summarizer.name == "extractive"
    assert notices == [
        "model auto: distilbart-cnn-12-6 (sshleifer/distilbart-cnn-12-6) is not cached locally, "
        "so the extractive summarizer is used; run `hf download sshleifer/distilbart-cnn-12-6` "
        "once to fuse with it"
    ]


@pytest.mark.usefixtures("extractive")
def test_fallback_runs_the_extractive_summarizer_and_says_why():
    notices = []
    summarizer = load_summarizer(
        "google/pegasus-multi_news", fallback="extractive", on_notice=notices.append
    )
    inputs = position_inputs(written_events(2))
    summaries = summarizer(inputs, 80)
    plain = load_summarizer("extractive")(inputs, 80)
    reason = "model google/pegasus-multi_news unavailable: not cached and HF_HUB_OFFLINE is set"
    for summary, expected in zip(summaries, plain):
        assert summary.method == "extractive"
        assert summary.notes == (reason, *expected.notes)
        assert summary.sentences == expected.sentences
    assert notices == [
        "model google/pegasus-multi_news unavailable (not cached and HF_HUB_OFFLINE is set); "
        "using the extractive summarizer"
    ]


def test_registered_names_need_no_model():
    assert load_summarizer("lead").name == "lead"
    with pytest.raises(ValueError, match="unknown fallback 'lead'"):
        load_summarizer("lead", fallback="lead")


def test_one_load_per_process(tiny_models, monkeypatch):
    from transformers import AutoModelForSeq2SeqLM

    loads = []
    original = AutoModelForSeq2SeqLM.from_pretrained
    monkeypatch.setattr(
        AutoModelForSeq2SeqLM, "from_pretrained",
        lambda *args, **kwargs: loads.append(args) or original(*args, **kwargs),
    )
    directory = str(tiny_models["led"])
    options = SummarizerOptions(device="cpu", quantize=True)
    first = load_model(directory, options)
    again = load_model(directory, options)
    assert first is again and len(loads) == 1
    assert load_summarizer(directory, device="cpu", quantize=True).generator.model is first.model


def test_int8_and_bfloat16(tiny_models):
    import torch
    from torch.ao.nn.quantized.dynamic import Linear as DynamicLinear

    directory = str(tiny_models["bart"])
    int8 = load_model(directory, SummarizerOptions(device="cpu", quantize=True)).model
    layers = [m for m in int8.modules() if isinstance(m, (torch.nn.Linear, DynamicLinear))]
    assert layers and all(isinstance(m, DynamicLinear) for m in layers)
    bf16 = load_model(directory, SummarizerOptions(device="cpu", dtype="bfloat16")).model
    assert {p.dtype for p in bf16.parameters()} == {torch.bfloat16}
    fp32 = load_model(directory, SummarizerOptions(device="cpu")).model
    assert {p.dtype for p in fp32.parameters()} == {torch.float32}


def test_bad_device_options_are_explained(tiny_models):
    import torch

    directory = str(tiny_models["bart"])
    with pytest.raises(ValueError, match="use --quantize or --dtype bfloat16, not both"):
        SummarizerOptions(quantize=True, dtype="bfloat16")
    with pytest.raises(ValueError, match="unknown dtype 'float8'"):
        SummarizerOptions(dtype="float8")
    with pytest.raises(ValueError, match="runs on the CPU only"):
        SummarizerOptions(device="cuda", quantize=True)
    if not torch.cuda.is_available():
        with pytest.raises(ModelUnavailable, match="--device cuda was asked for"):
            load_model(directory, SummarizerOptions(device="cuda"))


def test_a_mistyped_bare_name_fails_at_once_with_suggestions(monkeypatch):
    import socket

    def no_network(*args, **kwargs):
        raise AssertionError("the network was used")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.delenv("HF_HUB_OFFLINE")  # even with downloads allowed: no hub look-up
    with pytest.raises(ModelUnavailable, match="Did you mean distilbart-cnn-12-6") as error:
        load_summarizer("distilbart")
    assert error.value.reason == "unknown model name"
    with pytest.raises(ModelUnavailable, match="Did you mean extractive"):
        load_summarizer("extractiv")
    with pytest.raises(ModelUnavailable, match="needs a name"):
        load_summarizer("")
