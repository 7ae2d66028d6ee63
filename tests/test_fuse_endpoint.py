"""Fusion through an OpenAI-compatible endpoint, against a stub server on 127.0.0.1 started
here: each event's request carries that event's packed articles, the reply is kept as
generated sentences with their sources, the key goes as a Bearer token; 429, 500, a timeout,
malformed JSON and 401 each behave as documented."""

from __future__ import annotations

import json

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
        request = json.loads(site.bodies[-1][1])
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

        def short(self, model, **kwargs):
            original(self, model, timeout=1.0)

        monkeypatch.setattr(endpoint.EndpointGenerator, "__init__", short)
        result = run(site, news, monkeypatch, "--one-event")
    assert result.exit_code == 1 and "no answer within the timeout" in result.stderr


def test_eval_compares_an_endpoint_with_the_extractive_summarizer(monkeypatch, tmp_path):
    dataset = tmp_path / "set.jsonl"
    dataset.write_text("\n".join(json.dumps({
        "id": name, "documents": [text], "references": [text.split("\n\n")[1]],
    }) for name, text in (("tram", TRAM), ("flood", FLOOD))) + "\n")
    site = Site()
    with web_server(site):
        chat_server(site, echo_first_sentence)
        monkeypatch.setenv("SUMMARIZE_ENDPOINT", site.url("/v1"))
        result = CliRunner().invoke(cli, ["eval", str(dataset), "--model", "extractive",
                                          "--model", "endpoint:stub", "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert [m["model"] for m in report["models"]] == ["extractive", "endpoint:stub"]
    assert report["models"][1]["rouge1"]["precision"] == pytest.approx(1.0)
