"""Model cards and prompt templates: shipped data loads, bad data fails naming file and field."""

from __future__ import annotations

import pytest

from summarize.fuse import cards, prompts
from summarize.fuse.cards import (
    DEFAULT_CARD,
    CardError,
    find_card,
    list_cards,
    load_card,
)
from summarize.fuse.prompts import load_prompt

GOOD = """\
hub_id = "owner/model"
family = "bart"
max_input_tokens = 1024
document_separator = " "
prompt = "plain.txt"

[generation]
num_beams = 4
min_length = 10
max_length = 100
no_repeat_ngram_size = 3
"""


SERVED = "hub_id = \"owner/model\"\nfamily = \"bart\""  # what an endpoint card replaces


def test_shipped_cards_cover_the_checkpoints_people_use():
    shipped = list_cards()
    assert {card.hub_id for card in shipped.values()} >= {
        "facebook/bart-large-cnn", "sshleifer/distilbart-cnn-12-6", "google/pegasus-multi_news",
        "allenai/PRIMERA-multinews", "google/flan-t5-large",
    }
    assert DEFAULT_CARD in shipped
    primera = shipped["PRIMERA-multinews"]
    assert (primera.family, primera.global_attention) == ("led", "separators")
    assert primera.document_separator.strip() == "<doc-sep>"
    assert primera.max_input_tokens == 4096
    flan = shipped["flan-t5-large"]
    assert flan.prompt.file == "flan-instruct.txt"
    assert flan.prompt.render("A. B.").startswith("Summarize the following news reports")
    assert flan.prompt.render("A. B.").endswith("\n\nA. B.")
    distil = shipped["distilbart-cnn-12-6"]
    assert (distil.generation.num_beams, distil.generation.min_length) == (4, 56)
    assert (distil.generation.max_length, distil.generation.no_repeat_ngram_size) == (142, 3)
    assert distil.generation.length_penalty == 2.0


def test_an_endpoint_card_describes_a_server_not_a_checkpoint(tmp_path):
    card = load_card(write_card(tmp_path, GOOD.replace(SERVED, "family = \"endpoint\"")))
    assert (card.hub_id, card.base_url, card.concurrent_requests, card.request_timeout) == ("", "", 4, 60.0)
    ollama = list_cards()["ollama"]
    assert (ollama.family, ollama.base_url) == ("endpoint", "http://localhost:11434/v1")
    assert ollama.prompt.file == "chat-user.txt"


def test_find_card_by_name_or_hub_id():
    assert find_card("bart-large-cnn").hub_id == "facebook/bart-large-cnn"
    assert find_card("google/pegasus-multi_news").name == "pegasus-multi_news"
    assert find_card("someone/else") is None


def write_card(tmp_path, text: str, name: str = "mine.toml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_good_card_gets_defaults(tmp_path):
    card = load_card(write_card(tmp_path, GOOD))
    assert (card.name, card.source) == ("mine", "models/mine.toml")
    assert card.generation.length_penalty == 1.0
    assert (card.global_attention, card.description) == ("none", "")


@pytest.mark.parametrize(
    "change, field, problem",
    [
        (("family = \"bart\"", "family = \"gpt\""), "family", "expected one of bart"),
        (("max_input_tokens = 1024", "max_input_tokens = \"many\""), "max_input_tokens", "integer"),
        (("max_input_tokens = 1024\n", ""), "max_input_tokens", "missing"),
        (("num_beams = 4", "num_beams = 0"), "generation.num_beams", ">= 1"),
        (("min_length = 10", "min_length = 500"), "generation.min_length", "larger than max"),
        (("document_separator = \" \"", "document_separator = \"\""), "document_separator",
         "non-empty"),
        (("hub_id = \"owner/model\"", "hub_id = \"owner/model\"\ncolour = 1"), "colour",
         "unknown field"),
        (("no_repeat_ngram_size = 3", "no_repeat_ngram_size = 3\nbeams = 2"), "generation.beams",
         "unknown"),
        (("family = \"bart\"", "family = \"bart\"\nglobal_attention = \"separators\""),
         "global_attention", "only LED"),
        (("prompt = \"plain.txt\"", "prompt = \"nope.txt\""), "prompt", "no prompt template"),
        (("family = \"bart\"", "family = \"bart\"\nbase_url = \"http://x\""), "base_url",
         "unknown field"),
        ((SERVED, "family = \"endpoint\"\nbase_url = \"localhost:11434\""), "base_url",
         "http(s) URL"),
        ((SERVED, "family = \"endpoint\"\nconcurrent_requests = 0"), "concurrent_requests", ">= 1"),
        ((SERVED, "family = \"endpoint\"\nrequest_timeout = -5"), "request_timeout", "positive"),
        ((SERVED, "family = \"endpoint\"\nhub_id = \"owner/model\""), "hub_id", "unknown field"),
    ],
)
def test_bad_cards_name_the_file_and_the_field(tmp_path, change, field, problem):
    old, new = change
    assert old in GOOD
    with pytest.raises(CardError) as error:
        load_card(write_card(tmp_path, GOOD.replace(old, new)))
    message = str(error.value)
    assert message.startswith(f"models/mine.toml: field '{field}': ")
    assert problem in message


def test_invalid_toml_names_the_file(tmp_path):
    with pytest.raises(CardError, match=r"^models/mine.toml: not valid TOML"):
        load_card(write_card(tmp_path, "hub_id = "))


def test_a_bad_card_in_models_fails_listing(tmp_path, monkeypatch):
    write_card(tmp_path, GOOD, "good.toml")
    write_card(tmp_path, GOOD.replace("family = \"bart\"\n", ""), "broken.toml")
    monkeypatch.setattr(cards, "models_dir", lambda: tmp_path)
    with pytest.raises(CardError, match=r"models/broken.toml: field 'family': missing"):
        list_cards()


@pytest.fixture
def prompt_dir(tmp_path, monkeypatch):
    monkeypatch.setattr(prompts, "prompts_dir", lambda: tmp_path)
    return tmp_path


def test_prompt_renders_documents_and_title(prompt_dir):
    (prompt_dir / "p.txt").write_text("Event: ${title}\n$documents costs $$5\n", encoding="utf-8")
    prompt = load_prompt("p.txt")
    assert prompt.render("Doc one. Doc two.", title="Floods") == (
        "Event: Floods\nDoc one. Doc two. costs $5"
    )


@pytest.mark.parametrize(
    "template, message",
    [
        ("Summarize: ${document}", r"prompts/p.txt: unknown variable \$\{document\}"),
        ("Summarize the news.", r"never uses \$\{documents\}"),
        ("Costs $5: ${documents}", r"malformed placeholder"),
    ],
)
def test_bad_prompts_fail_loudly(prompt_dir, template, message):
    (prompt_dir / "p.txt").write_text(template, encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        load_prompt("p.txt")


def test_missing_prompt_file(prompt_dir):
    with pytest.raises(FileNotFoundError, match="no prompt template prompts/absent.txt"):
        load_prompt("absent.txt")
    with pytest.raises(FileNotFoundError):
        load_prompt("../escape.txt")
