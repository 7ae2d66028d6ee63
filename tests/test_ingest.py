"""Ingest: every input form, and every kind of bad input skipped with its reason."""

from __future__ import annotations

import io
import json
import os
from datetime import datetime, timezone

import pytest

from summarize.ingest import article_id, read_paths

BODY = "The council voted 7 to 2 on Tuesday to extend the tram line to the harbour district."


def read(paths, **kwargs):
    skipped = []
    articles = list(read_paths([str(p) for p in paths], on_skip=skipped.append, **kwargs))
    return articles, skipped


def test_plain_text_file_id_drops_extension(tmp_path):
    (tmp_path / "tram.txt").write_text(BODY + "\n")
    (articles,), skipped = read([tmp_path / "tram.txt"])
    assert (articles.id, articles.text, skipped) == ("tram", BODY, [])
    assert articles.path == str(tmp_path / "tram.txt")


def test_markdown_heading_becomes_title_and_links_keep_text(tmp_path):
    (tmp_path / "a.md").write_text("# Tram line extended\n\nThe [council](http://x.org) voted **yes**.\n")
    (article,), _ = read([tmp_path / "a.md"])
    assert article.title == "Tram line extended"
    assert article.text == "The council voted yes."


def test_html_main_text_only(tmp_path):
    page = (
        "<html><head><title>Tram vote</title></head><body><nav>Home | Sport | Weather</nav>"
        f"<article><h1>Tram vote</h1><p>{BODY}</p><p>Work starts in the spring, the mayor said "
        "at a meeting in the town hall on Tuesday evening.</p></article>"
        "<footer>Copyright 2025 Example Media. All rights reserved.</footer></body></html>"
    )
    (tmp_path / "page.html").write_text(page)
    (article,), _ = read([tmp_path / "page.html"])
    assert article.id == "page" and article.title == "Tram vote"
    assert BODY in article.text
    assert "Home | Sport" not in article.text and "Copyright" not in article.text


def test_jsonl_fields_and_ids(tmp_path):
    lines = [
        {"id": "wire-1", "title": "T1", "text": BODY, "url": "http://n.org/1", "source": "Wire",
         "published": "2025-03-02T10:00:00Z"},
        {"title": "T2", "text": "A second story about the harbour works."},
    ]
    (tmp_path / "feed.jsonl").write_text("\n".join(json.dumps(x) for x in lines) + "\n")
    (first, second), skipped = read([tmp_path / "feed.jsonl"])
    assert (first.id, first.title, first.url, first.source) == ("wire-1", "T1", "http://n.org/1", "Wire")
    assert first.published == datetime(2025, 3, 2, 10, 0, tzinfo=timezone.utc)
    assert second.id == "feed/2" and second.published is None
    assert skipped == []


def test_json_object_and_list(tmp_path):
    (tmp_path / "one.json").write_text(json.dumps({"title": "One", "text": BODY}))
    (tmp_path / "many.json").write_text(json.dumps([{"text": BODY}, {"text": "Another story."}]))
    articles, _ = read([tmp_path])
    assert [a.id for a in articles] == ["many/1", "many/2", "one"]


def test_directory_recursive_natural_order_ids_relative_to_root(tmp_path):
    for name in ("C10", "C2", "C1"):
        (tmp_path / "d1").mkdir(exist_ok=True)
        (tmp_path / "d1" / name).write_text(f"Story {name} text.")
    (tmp_path / ".hidden").write_text("not an article")
    articles, skipped = read([tmp_path])
    assert [a.id for a in articles] == ["d1/C1", "d1/C2", "d1/C10"]
    assert skipped == []


def test_dotted_names_keep_their_dot(tmp_path):
    (tmp_path / "APW19990707.0181").write_text(BODY)
    (article,), _ = read([tmp_path])
    assert article.id == "APW19990707.0181"
    assert article_id("a/b.story.txt") == "a/b.story"


def test_sgml_newswire_read_by_content(tmp_path):
    sgml = (
        "<DOC>\n<DOCNO> APW19990707.0181 </DOCNO>\n<DATE_TIME> 1999-07-07 14:12:00 </DATE_TIME>\n"
        "<HEADLINE> Tram line approved </HEADLINE>\n<TEXT>\n<P>\n" + BODY + "\n</P>\n<P>\n"
        "Work starts in spring &amp; ends in 2027.\n</P>\n</TEXT>\n</DOC>\n"
    )
    (tmp_path / "APW19990707.0181").write_text(sgml)
    (article,), _ = read([tmp_path / "APW19990707.0181"])
    assert article.id == "APW19990707.0181"
    assert article.title == "Tram line approved"
    assert article.text == BODY + "\nWork starts in spring & ends in 2027."
    assert article.published == datetime(1999, 7, 7, 14, 12, tzinfo=timezone.utc)
    assert article.source == "APW"


def test_sgml_file_with_several_documents(tmp_path):
    doc = "<DOC><DOCNO>{n}</DOCNO><TEXT><P>Story {n}.</P></TEXT></DOC>\n"
    (tmp_path / "bundle").write_text(doc.format(n="NYT1") + doc.format(n="NYT2"))
    articles, _ = read([tmp_path / "bundle"])
    assert [(a.id, a.text) for a in articles] == [("bundle/NYT1", "Story NYT1."), ("bundle/NYT2", "Story NYT2.")]


def test_stdin_plain_and_jsonl():
    (article,), _ = read(["-"], stdin=io.BytesIO(BODY.encode()))
    assert (article.id, article.text, article.path) == ("stdin", BODY, "")
    data = json.dumps({"id": "x", "text": BODY}) + "\n" + json.dumps({"text": "B story."}) + "\n"
    articles, _ = read(["-"], stdin=io.BytesIO(data.encode()))
    assert [a.id for a in articles] == ["x", "stdin/2"]


def test_duplicate_ids_made_unique(tmp_path):
    for d in ("d1", "d2"):
        (tmp_path / d).mkdir()
        (tmp_path / d / "C1").write_text(f"Story from {d}.")
    (tmp_path / "d1" / "C1.txt").write_text("Same id as C1.")
    articles, _ = read([tmp_path / "d1", tmp_path / "d2"])
    ids = [a.id for a in articles]
    assert len(set(ids)) == 3
    # From two folders, every id says which folder it came from.
    assert ids == ["d1/C1", "d1/C1~2", "d2/C1"]


def test_mixed_directory_good_all_through_bad_each_reported(tmp_path):
    good = {"a.txt": BODY, "b.md": "# B\n\nHarbour works begin.", "c.jsonl": json.dumps({"text": "C story."})}
    for name, text in good.items():
        (tmp_path / name).write_text(text)
    (tmp_path / "empty.txt").write_text("   \n")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR")
    (tmp_path / "latin.txt").write_bytes(b"\x81\x8d\x8f\x90\x9d broken")
    (tmp_path / "big.txt").write_text("word " * 400)
    (tmp_path / "bad.jsonl").write_text('{"text": "Fine line."}\n{not json\n{"title": "no text"}\n')
    (tmp_path / "bad.json").write_text("[1, 2")
    articles, skipped = read([tmp_path, tmp_path / "missing.txt"], max_bytes=1000)
    assert sorted(a.id for a in articles) == ["a", "b", "bad/1", "c/1"]
    reasons = {os.path.basename(s.path): s.reason for s in skipped}
    assert reasons["empty.txt"] == "empty file"
    assert "binary" in reasons["image.txt"]
    assert "undecodable" in reasons["latin.txt"]
    assert "over the" in reasons["big.txt"]
    assert "malformed JSON" in reasons["bad.json"]
    assert reasons["missing.txt"] == "no such file or directory"
    bad_lines = [s.reason for s in skipped if s.path.endswith("bad.jsonl")]
    assert bad_lines == ["line 2: malformed JSON (Expecting property name enclosed in double quotes)",
                         "line 3: no 'text/body/content' field with article text"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read any file")
def test_unreadable_file_skipped(tmp_path):
    f = tmp_path / "secret.txt"
    f.write_text(BODY)
    f.chmod(0)
    articles, skipped = read([f])
    assert articles == [] and "cannot read" in skipped[0].reason


def test_duc_documents_and_empty_files(duc_dir):
    articles, skipped = read([duc_dir / "docs"])
    assert len(articles) == 488
    assert len(skipped) == 12 and {s.reason for s in skipped} == {"empty file"}
    assert articles[0].id == "d30001t/C1"
