"""Fusion through an OpenAI-compatible endpoint, against a stub server on 127.0.0.1 started
here: each event's request carries that event's packed articles, the reply is kept as
generated sentences with their sources, the key goes as a Bearer token; 429, 500, a timeout,
malformed JSON and 401 each behave as documented."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from click.testing import CliRunner
from webserver import Route, Site, web_server

from summarize.cli import cli

TRAM = ("Tram line opens\n\nThe harbour tram line opened on Monday after three years of work. "
        "About 4,000 people rode it on the first day, the operator said.")
FLOOD = ("River floods valley\n\nThe river Lessa burst its banks on Sunday and flooded the valley "
         "town of Brennmoor. Rescue teams moved 300 residents to the school gym.")


def reply(text: str) -> tuple[int, dict, bytes]:
    body = {"id": "x", "object": "chat.completion",
            "choices": [{"index": 0, "message": {"role": "assistant", "content": text}}]}
    return 200, {"Content-Type": "application/json"}, json.dumps(body).encode()


def chat_server(site: Site, behaviour) -> None:
    """A stub whose answer is `behaviour(request json, call number)`; /v1/models lists `stub`."""
    def respond(headers, number):
        request = json.loads(site.request_body())
        return behaviour(request, number, headers)

    site.routes["/v1/chat/completions"] = Route(respond=respond)
    site.routes["/v1/models"] = Route(json.dumps({"data": [{"id": "stub"}]}),
                                      headers={"Content-Type": "application/json"})


def echo_first_sentence(request, number, headers):
    """Writes back the first sentence of the reports it was given (a faithful 'model')."""
    user = request["messages"][1]["content"]
    report = user.split("\n\n", 1)[1]
    first = report.split(". ")[0].strip().rstrip(".") + "."
    return reply(first)


@pytest.fixture()
def news(tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "tram.txt").write_text(TRAM)
    (folder / "flood.txt").write_text(FLOOD)
    return folder


def run(site, news, monkeypatch, *extra, key="secret-key"):
    monkeypatch.setenv("SUMMARIZE_ENDPOINT", site.url("/v1"))
    monkeypatch.setenv("SUMMARIZE_API_KEY", key)
    return CliRunner().invoke(cli, ["run", str(news), "--model", "endpoint:stub", "--format", "json", *extra])


def test_each_event_is_asked_with_its_own_articles_and_the_reply_is_generated(news, monkeypatch):
    site = Site()
    with web_server(site):
        chat_server(site, echo_first_sentence)
        result = run(site, news, monkeypatch)
    assert result.exit_code == 0, result.output
    assert "secret-key" not in result.output
    events = {e["articles"][0]: e for e in json.loads(result.stdout)["events"]}
    assert events["tram"]["method"] == "endpoint:stub"
    (sentence,) = events["tram"]["sentences"]
    assert sentence == {"text": "The harbour tram line opened on Monday after three years of work.",
                        "origin": "generated", "sources": [{"article": "tram", "sentence": 0}]}
    assert events["flood"]["sentences"][0]["text"].startswith("The river Lessa burst its banks")
    requests = [json.loads(body) for path, body in site.bodies if path == "/v1/chat/completions"]
    asked = sorted(r["messages"][1]["content"] for r in requests)
    assert len(asked) == 2 and "Brennmoor" in asked[0] and "tram" not in asked[0]
    assert "harbour tram" in asked[1] and "Brennmoor" not in asked[1]
    assert "only facts from those reports" in requests[0]["messages"][0]["content"]
    auth = [h.get("Authorization") for p, _, h in site.log if p == "/v1/chat/completions"]
    assert auth == ["Bearer secret-key"] * 2
    assert ("summarize: faithfulness guard: 2 generated sentences kept and 0 replaced by a "
            "source sentence, across 2 events") in result.stderr


def test_the_run_counts_the_sentences_the_guard_replaced(news, monkeypatch):
    def invents_a_number(request, number, headers):
        user = request["messages"][1]["content"]
        if "Brennmoor" in user:
            return reply("The river Lessa flooded Brennmoor and 900 residents left.")
        return echo_first_sentence(request, number, headers)

    site = Site()
    with web_server(site):
        chat_server(site, invents_a_number)
        result = run(site, news, monkeypatch)
    assert result.exit_code == 0, result.output
    events = {e["articles"][0]: e for e in json.loads(result.stdout)["events"]}
    assert [s["origin"] for s in events["flood"]["sentences"]] == ["replaced"]
    assert "900" not in events["flood"]["summary"]
    assert ("faithfulness guard: 1 generated sentence kept and 1 replaced by a source sentence, "
            "across 2 events") in result.stderr


def test_a_server_card_names_the_model_and_its_url_gives_way_to_the_configured_one(
    news, monkeypatch, tmp_path
):
    from summarize.fuse.endpoint import base_url, served_model

    monkeypatch.delenv("SUMMARIZE_ENDPOINT", raising=False)
    card = served_model("ollama:llama3.2:3b")
    assert (card.name, card.hub_id, card.concurrent_requests) == ("ollama:llama3.2:3b", "llama3.2:3b", 1)
    assert base_url(card, None) == "http://localhost:11434/v1"
    assert served_model("extractive") is None and served_model("nocard:x") is None
    monkeypatch.setenv("SUMMARIZE_ENDPOINT", "http://10.0.0.9:8000/v1/")
    assert base_url(card, None) == "http://10.0.0.9:8000/v1"
    assert base_url(card, "http://127.0.0.1:9/v1") == "http://127.0.0.1:9/v1"

    monkeypatch.delenv("SUMMARIZE_ENDPOINT")
    site = Site()
    with web_server(site):
        chat_server(site, echo_first_sentence)
        config = tmp_path / "config.toml"
        config.write_text(f'[run]\nendpoint = "{site.url("/v1")}"\n')
        by_config = CliRunner().invoke(cli, ["--config", str(config), "run", str(news), "--model",
                                             "vllm:stub", "--format", "json"])
        by_option = CliRunner().invoke(cli, ["run", str(news), "--model", "llama-cpp:stub",
                                             "--endpoint", site.url("/v1"), "--format", "json"])
    for result, name in ((by_config, "vllm:stub"), (by_option, "llama-cpp:stub")):
        assert result.exit_code == 0, result.output
        assert {e["method"] for e in json.loads(result.stdout)["events"]} == {name}
    requests = [json.loads(body) for path, body in site.bodies if path == "/v1/chat/completions"]
    assert [r["model"] for r in requests] == ["stub"] * 4


def test_a_server_card_without_a_model_or_an_endpoint_without_a_url_is_a_clear_error(news, monkeypatch):
    monkeypatch.delenv("SUMMARIZE_ENDPOINT", raising=False)
    bare = CliRunner().invoke(cli, ["run", str(news), "--model", "ollama"])
    assert bare.exit_code == 1 and "--model ollama:MODEL" in bare.stderr
    nowhere = CliRunner().invoke(cli, ["run", str(news), "--model", "endpoint:stub"])
    assert nowhere.exit_code == 1 and "needs the server's base URL: --endpoint URL" in nowhere.stderr
    not_a_url = CliRunner().invoke(cli, ["run", str(news), "--model", "endpoint:stub", "--endpoint", "localhost"])
    assert not_a_url.exit_code == 2 and "--endpoint must be an http(s) URL" in not_a_url.stderr


def test_429_then_200_is_retried(news, monkeypatch):
    site = Site()

    def limited(request, number, headers):
        return (429, {"Retry-After": "1"}, b"") if number == 1 else echo_first_sentence(request, number, headers)

    with web_server(site):
        chat_server(site, limited)
        result = run(site, news, monkeypatch, "--one-event")
    assert result.exit_code == 0, result.output
    assert [s for p, s, _ in site.log if p == "/v1/chat/completions"] == [429, 200]


@pytest.mark.parametrize(
    "behaviour, message",
    [
        (lambda r, n, h: (500, {}, b"boom"), "HTTP 500"),
        (lambda r, n, h: (200, {"Content-Type": "application/json"}, b"{not json"), "not an OpenAI chat completion"),
        (lambda r, n, h: (401, {}, b""), "refused the key (HTTP 401)"),
    ],
)
def test_server_failures_are_one_line_errors(news, monkeypatch, behaviour, message):
    import summarize.fuse.endpoint as endpoint

    monkeypatch.setattr(endpoint, "RETRIES", 1)
    site = Site()
    with web_server(site):
        chat_server(site, behaviour)
        result = run(site, news, monkeypatch, "--one-event")
    assert result.exit_code == 1
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_a_refused_key_and_an_unknown_model_fail_at_load_and_fallback_goes_on(news, monkeypatch):
    site = Site()
    with web_server(site):
        chat_server(site, echo_first_sentence)
        site.routes["/v1/models"] = Route(respond=lambda h, n: (401, {}, b""))
        refused = run(site, news, monkeypatch)
        assert refused.exit_code == 1 and "refused the key" in refused.stderr
        fallback = run(site, news, monkeypatch, "--fallback", "extractive")
        assert fallback.exit_code == 0
        assert all(e["method"] == "extractive" for e in json.loads(fallback.stdout)["events"])
        site.routes["/v1/models"] = Route(json.dumps({"data": [{"id": "other"}]}),
                                          headers={"Content-Type": "application/json"})
        unknown = run(site, news, monkeypatch)
    assert unknown.exit_code == 1 and "model not found" in unknown.stderr
    assert not [p for p, _, _ in site.log if p == "/v1/chat/completions"]


def test_a_server_that_does_not_answer_times_out(news, monkeypatch):
    import summarize.fuse.endpoint as endpoint

    site = Site()
    with web_server(site):
        chat_server(site, echo_first_sentence)
        site.routes["/v1/chat/completions"].delay = 3
        original = endpoint.EndpointGenerator.__init__

        def short(self, card, url, **kwargs):
            original(self, replace(card, request_timeout=1.0), url, **kwargs)

        monkeypatch.setattr(endpoint.EndpointGenerator, "__init__", short)
        result = run(site, news, monkeypatch, "--one-event")
    assert result.exit_code == 1 and "no answer within the timeout" in result.stderr


def eval_against_stub(dataset, monkeypatch) -> tuple[dict, Site]:
    """`summarize eval DATASET --model extractive --model endpoint:stub` with the echoing
    stub: the JSON report and the stub's site (its log)."""
    site = Site()
    with web_server(site):
        chat_server(site, echo_first_sentence)
        monkeypatch.setenv("SUMMARIZE_ENDPOINT", site.url("/v1"))
        result = CliRunner().invoke(cli, ["eval", str(dataset), "--model", "extractive",
                                          "--model", "endpoint:stub", "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout), site


def test_eval_compares_an_endpoint_with_the_extractive_summarizer(monkeypatch, tmp_path):
    dataset = tmp_path / "set.jsonl"
    dataset.write_text("\n".join(json.dumps({
        "id": name, "documents": [text], "references": [text.split("\n\n")[1]],
    }) for name, text in (("tram", TRAM), ("flood", FLOOD))) + "\n")
    report, _ = eval_against_stub(dataset, monkeypatch)
    assert [m["model"] for m in report["models"]] == ["extractive", "endpoint:stub"]
    assert report["models"][1]["rouge1"]["precision"] == pytest.approx(1.0)
    assert report["models"][1]["guard"] == {"generated": 2, "replaced": 0}
    assert "guard" not in report["models"][0]
    from summarize.evaluate.report import to_markdown

    section = to_markdown(report).split("## Faithfulness guard\n\n")[1].split("\n\n")[0]
    assert section == "- endpoint:stub: 2 generated sentences kept and 0 replaced by a source sentence"


@pytest.mark.slow
def test_eval_on_duc_2004_compares_an_endpoint_with_extractive_in_one_report(duc_dir, monkeypatch):
    """The issue's command, `summarize eval ../shared/data/duc2004 --model extractive --model
    endpoint:stub`, with the stub writing back each event's first packed sentence."""
    report, site = eval_against_stub(duc_dir, monkeypatch)
    extractive, served = report["models"]
    assert (extractive["model"], served["model"]) == ("extractive", "endpoint:stub")
    assert extractive["events"] == served["events"] == 50
    assert len([p for p, _ in site.bodies if p == "/v1/chat/completions"]) == 50
    assert served["guard"]["generated"] >= 45  # copied source sentences pass the guard
    assert 0 < served["rouge1"]["recall"] < extractive["rouge1"]["recall"]  # one sentence each
    (comparison,) = report["comparisons"]
    assert comparison["rouge1"]["recall"]["delta"] < 0 and comparison["rouge1"]["recall"]["p_value"] is not None


def test_the_digest_fuses_through_the_endpoint_and_logs_what_the_guard_did(news, monkeypatch, tmp_path):
    site = Site()
    with web_server(site):
        chat_server(site, echo_first_sentence)
        monkeypatch.setenv("SUMMARIZE_ENDPOINT", site.url("/v1"))
        monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "no-config"))
        result = CliRunner().invoke(cli, [
            "digest", str(news), "--model", "endpoint:stub", "--state", str(tmp_path / "s.db"),
            "--dry-run", str(tmp_path / "digest.eml"),
        ])
    assert result.exit_code == 0, result.output
    assert "faithfulness guard: 2 generated sentences kept and 0 replaced" in result.stderr
    message = (tmp_path / "digest.eml").read_text()
    assert "The harbour tram line opened on Monday after three years of work." in message
    assert "faithfulness" not in message  # an operator's notice, never the readers'
