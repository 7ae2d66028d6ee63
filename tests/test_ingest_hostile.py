"""Hostile input beside one good article: the good one always comes through, each bad one is
skipped with its reason, and nothing raises (the reliability issue's probe, generated here)."""

from __future__ import annotations

import io
import json
import os
import time

import pytest

from summarize.clean import clean_article
from summarize.ingest import read_paths
from summarize.ingest.formats import FORMATS
from summarize.records import Article
from summarize.sentences import split_text

GOOD = "The council approved the harbour tram line on Tuesday. Work starts in April."


def read(paths, **kwargs):
    skipped = []
    articles = list(read_paths([str(p) for p in paths], on_skip=skipped.append, **kwargs))
    return articles, {s.path: s.reason for s in skipped}


@pytest.fixture
def corpus(tmp_path):
    """A folder of hostile files and one good article."""
    root = tmp_path / "news"
    root.mkdir()
    (root / "good.txt").write_text(GOOD)
    (root / "deep.json").write_text("[" * 100_000 + "]" * 100_000)
    (root / "deep.jsonl").write_text(json.dumps({"text": GOOD}) + "\n" + "{\"a\":" * 100_000 + "\n")
    (root / "bignum.json").write_text('{"text": "x", "n": ' + "9" * 5000 + "}")
    (root / "empty-list.json").write_text("[]")
    (root / "punctuation.txt").write_text("!!! ... 123 456 -- ??")
    (root / "utf16.txt").write_bytes(GOOD.encode("utf-16"))  # with its byte-order mark
    os.mkfifo(root / "pipe.txt")
    (root / "loop").symlink_to(root)
    (root / os.fsdecode(b"bad\xffname.txt")).write_text(GOOD.replace("tram", "ferry"))
    path = root / "tree"
    path.mkdir()
    for _ in range(1000):  # deeper than Path.rglob's recursion allows
        path = path / "d"
        path.mkdir()
    (path / "bottom.txt").write_text(GOOD.replace("harbour", "river"))
    yield root
    # Remove the tree bottom-up: shutil.rmtree (pytest's clean-up) recurses once per level.
    (path / "bottom.txt").unlink()
    while path != root:
        path.rmdir()
        path = path.parent


def test_every_hostile_input_is_reported_and_the_good_ones_come_through(corpus):
    articles, reasons = read([corpus])
    by_id = {a.id: a for a in articles}
    assert by_id["good"].text == GOOD
    assert "Work starts in April." in by_id["utf16"].text  # UTF-16 with a BOM is text
    assert "ferry" in by_id["bad\\xffname"].text  # an undecodable name, shown escaped
    assert any(i.endswith("/d/bottom") for i in by_id)  # 1,000 folders deep
    assert [i for i in by_id if i.startswith("deep")] == ["deep/1"]  # the good line of deep.jsonl

    def reason(name: str) -> str:
        return reasons[str(corpus / name)]

    assert reason("deep.json") == "JSON nested too deep"
    assert reason("deep.jsonl") == "line 2: JSON nested too deep"
    assert reason("bignum.json").startswith("malformed JSON")
    assert reason("empty-list.json") == "JSON list with no records"
    assert reason("punctuation.txt").startswith("no words")
    assert reason("pipe.txt") == "not a regular file (a FIFO)"
    assert reason("loop").startswith("symbolic link loop")
    assert all(isinstance(p, str) and p.isprintable() for p in reasons)


def test_devices_and_oversized_streams_are_capped(tmp_path):
    articles, reasons = read(["/dev/zero", "/dev/urandom"])
    assert articles == [] and set(reasons.values()) == {"not a regular file (a device or socket)"}
    stream = io.BytesIO(b"word " * 300_000)  # 1.5 MB piped in, read in chunks
    articles, reasons = read(["-"], stdin=stream, max_bytes=1_000_000)
    assert articles == [] and reasons == {"stdin": "input is over the 1 MB limit"}


def test_a_path_over_path_max_is_reported(tmp_path):
    long = tmp_path / ("x" * 250)
    for _ in range(20):
        long = long / ("x" * 250)
    articles, reasons = read([long, tmp_path])
    assert articles == [] and len(reasons) >= 1


@pytest.mark.parametrize(
    "name, text",
    [
        ("ellipsis", "." * 1_000_000),
        ("markdown links", "[" * 1_000_000),
        ("sgml blocks", "<DOC>" * 200_000),
        ("quotes", '."' * 500_000),
    ],
)
def test_text_processing_is_linear_on_a_megabyte_of_worst_case(name, text):
    """Each of these took minutes with the quadratic patterns; all together now take seconds.
    (Timing bounds belong in benchmarks: this test only has to finish.)"""
    start = time.perf_counter()
    clean_article(Article("x", "A real sentence comes first. " + text))
    for parser in ("markdown", "sgml"):
        try:
            list(FORMATS[parser](text, "x", "x", lambda item: None))
        except ValueError:
            pass
    split_text(text)
    assert time.perf_counter() - start < 120
